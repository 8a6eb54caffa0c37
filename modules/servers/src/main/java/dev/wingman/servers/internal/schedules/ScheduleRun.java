package dev.wingman.servers.internal.schedules;

import dev.wingman.nodes.api.Wings;
import dev.wingman.nodes.api.WingsException;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.AuditTrail;
import dev.wingman.servers.internal.backups.Backups;
import dev.wingman.platform.api.OneOffJob;
import dev.wingman.servers.internal.AuditTrailScopes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One run of one schedule: started on the instance that claimed it ({@link DueSchedules}), and
 * otherwise, or for what is left after a wait or a failure, the durable one-off job
 * {@code servers.schedule-run}. Its id is the
 * schedule and its due time in epoch milliseconds ({@code 12@1764612000000}, or
 * {@code 12@manual-<id>} when run by hand), so a due time is scheduled once however many instances
 * claim; the schedule row holds the id of its run in progress, so a repeated or stale job does nothing.
 *
 * <p>A run: when the schedule only runs while the server is online, Wings is asked for the
 * server's state and a server that is not running (or a node that does not answer) skips the run;
 * a suspended, installing or transferring server skips it too. Then the tasks run in sequence order,
 * each {@code time_offset} seconds after the previous one: the job answers
 * {@link Outcome#againIn} to wait (never sleeping), so a wait holds no thread and survives the
 * instance. A task that fails ends the run unless it continues on failure. Each start and each
 * task's result goes into the server's activity. A run repeated after a takeover resumes after the
 * last task it recorded (the task in flight at the takeover may run twice).
 */
@ApplicationScoped
public class ScheduleRun implements OneOffJob {
    static final String NAME = "servers.schedule-run";
    private static final Logger LOG = Logger.getLogger(ScheduleRun.class.getName());
    private static final String MANUAL = "manual-";
    /** Wings' states in which a server counts as online. */
    private static final Set<String> ONLINE = Set.of("running", "starting");

    @Inject
    ScheduleRunStore store;

    @Inject
    Wings wings;

    @Inject
    AuditTrail audit;

    @Inject
    Backups backups;

    @Inject
    TaskResults results;

    static String cronRun(long scheduleId, Instant due) {
        return scheduleId + "@" + due.toEpochMilli();
    }

    static String manualRun(long scheduleId, String unique) {
        return scheduleId + "@" + MANUAL + unique;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** A run records its own failures as task results; retries only cover the database being away. */
    @Override
    public Retry retry() {
        return new Retry(10, Duration.ofSeconds(1), 2.0);
    }

    /** A request context of its own: the activity entries it writes ask the (empty) current request for its id. */
    @Override
    @ActivateRequestContext
    public Outcome run(String id, String data) {
        int at = id.indexOf('@');
        long scheduleId = Long.parseLong(id.substring(0, at));
        String when = id.substring(at + 1);
        Instant due = when.startsWith(MANUAL) ? null : Instant.ofEpochMilli(Long.parseLong(when));
        String actor = data == null || data.isEmpty() ? null : data;
        ScheduleRunStore.Moved moved = store.begin(scheduleId, id, actor, due, null);
        if (moved.step() != null && moved.step().checkOnline()) {
            String offline = offline(moved.step().nodeId(), moved.step().uuid());
            moved = store.begin(scheduleId, id, actor, due, offline == null ? "" : offline);
        }
        return carryOn(scheduleId, id, moved);
    }

    /**
     * Carries on a run that a claim took: from the step it began with in the claim (its start
     * already recorded, see {@link #recordAll}), or from the start when it began later.
     */
    @ActivateRequestContext
    public Outcome carryOn(ScheduleRunStore.Claimed claimed) {
        if (claimed.begun() == null) {
            return run(claimed.run(), "");
        }
        return carryOn(claimed.scheduleId(), claimed.run(), claimed.begun());
    }

    /** The starts of the runs a claim began, written together: one transaction for the claim, not one per run. */
    @Transactional
    @ActivateRequestContext
    public void recordAll(List<ScheduleRunStore.Entry> entries) {
        entries.forEach(this::record);
    }

    /**
     * From {@code moved} (its entry not yet written) to the run's end or its next wait: each task
     * run on Wings, its result handed to {@link TaskResults}, which records it with other runs'
     * results in one transaction, entries included.
     */
    private Outcome carryOn(long scheduleId, String id, ScheduleRunStore.Moved moved) {
        if (moved.entry() != null) {
            record(moved.entry());
        }
        while (moved.goesOn()) {
            ScheduleRunStore.Step step = moved.step();
            if (step.finished()) {
                return Outcome.done();
            }
            if (step.delay() != null) {
                return Outcome.againIn(step.delay());
            }
            String error = step.unavailable() != null ? step.unavailable() : perform(step);
            moved = results.ran(new ScheduleRunStore.Result(scheduleId, id, step.task(), step.nodeId(), error));
        }
        return Outcome.done();
    }

    /**
     * Records tasks' results and their activity entries in one transaction (a result and its entry
     * commit together), answering each run's next step in the order given. Only
     * {@link TaskResults}' writer calls this: one transaction (and connection) per batch.
     */
    @Transactional
    @ActivateRequestContext
    public List<ScheduleRunStore.Moved> recordResults(List<ScheduleRunStore.Result> results) {
        List<ScheduleRunStore.Moved> moved = store.ranAll(results);
        moved.stream().filter(step -> step.entry() != null).forEach(step -> record(step.entry()));
        return moved;
    }

    private void record(ScheduleRunStore.Entry entry) {
        audit.recordReported(AuditTrailScopes.server(entry.serverId()), entry.actorId(), null, entry.at(), entry.event(),
                "server", entry.serverId(), entry.details());
    }

    /** Why the server does not count as online, or null when it is running. */
    private String offline(String nodeId, String uuid) {
        try {
            String state = wings.server(nodeId, uuid).state();
            return ONLINE.contains(state) ? null
                    : "The server is " + state + " and the schedule only runs when it is online.";
        } catch (WingsException e) {
            return "The server's state could not be read: " + e.getMessage();
        }
    }

    /** Runs one task on Wings: null when it succeeded, otherwise what went wrong (never the node's address). */
    private String perform(ScheduleRunStore.Step step) {
        ScheduleTask task = step.task();
        try {
            switch (task.action) {
                case COMMAND -> wings.command(step.nodeId(), step.uuid(), List.of(task.payload));
                case POWER -> wings.power(step.nodeId(), step.uuid(), task.payload);
                // Pterodactyl's backup task: the payload is the ignore list, and the oldest backup is
                // rotated out at the limit; no account made it.
                case BACKUP -> backups.start(step.server(), null, task.payload, false, true, null);
            }
            return null;
        } catch (WingsException e) {
            return e.getMessage();
        } catch (ApiException e) {
            return e.getMessage();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Schedule task " + task.id + " failed", e);
            return "The task failed: " + e.getClass().getSimpleName();
        }
    }
}
