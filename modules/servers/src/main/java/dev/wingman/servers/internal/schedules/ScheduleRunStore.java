package dev.wingman.servers.internal.schedules;

import dev.wingman.platform.api.Locking;
import jakarta.inject.Inject;
import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.DueRows;
import dev.wingman.servers.api.ServersPermissions;
import dev.wingman.servers.internal.Server;
import dev.wingman.servers.internal.client.ClientServers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The database side of schedule runs, one short transaction per step: claiming due schedules,
 * finding runs whose job went missing, and moving a run from task to task (answering the activity
 * entries to write). Wings is never called inside these transactions ({@link ScheduleRun} does that
 * between them, and writes the entries).
 */
@ApplicationScoped
public class ScheduleRunStore {
    /** How long a task handed out to a run's job is its alone (far beyond a Wings call's timeout). */
    static final Duration TASK_LEASE = Duration.ofMinutes(1);
    /** How often a second job of a run looks again while the run's task is out. */
    static final Duration LEASE_POLL = Duration.ofSeconds(2);
    /** A claimed run that has not begun after this long lost its start (its instance went) and is scheduled again. */
    static final Duration NOT_BEGUN = Duration.ofSeconds(30);
    @Inject
    @PanelPersistence
    EntityManager em;

    /**
     * A step's outcome: whether the run goes on, and the activity entry to record for it (null when
     * the run was not the schedule's), which the caller writes: a start's after its transaction,
     * tasks' results with them ({@link ScheduleRun#recordResults}).
     */
    public record Moved(boolean goesOn, Entry entry, Step step) {
    }

    /** An entry for the server's activity log, written by nobody (a schedule) or the one who ran it by hand. */
    public record Entry(String serverId, String actorId, Instant at, String event, Map<String, Object> details) {
    }

    /**
     * What the run does next: finish, wait ({@code delay}), run one {@code task} (or fail it as
     * {@code unavailable}), or, before it begins, ask Wings whether the server is online
     * ({@code checkOnline}).
     */
    public record Step(Duration delay, ScheduleTask task, Server server, String nodeId, String uuid, String unavailable,
                       boolean checkOnline) {
        static final Step FINISHED = new Step(null, null, null, null, null, null, false);

        boolean finished() {
            return delay == null && task == null && !checkOnline;
        }
    }

    /**
     * A claimed run: its id and, when it began in the claim's own transaction, its first step
     * ({@code begun}; its start's entry is in {@link Claims#entries}). A schedule that only runs
     * while the server is online begins later, once Wings has answered ({@link #begin}).
     */
    public record Claimed(long scheduleId, String run, Moved begun) {
    }

    /** What one claim took: its runs, and the activity entries of those that began in it. */
    public record Claims(List<Claimed> runs, List<Entry> entries) {
        static final Claims NONE = new Claims(List.of(), List.of());
    }

    /**
     * Claims up to {@code limit} active, idle schedules whose next run is due, marks each processing
     * under the run id of its due time, moves its next run to the cron's next time and, unless it
     * waits for an online check, begins the run in the same transaction (its start and first step,
     * as {@link #begin} does one at a time; the servers and first tasks read in one query each), so
     * a claim of hundreds of runs costs a few statements rather than a transaction per run. The
     * caller records the entries and carries the runs on once this has committed (a run not
     * carried on is found again by {@link #quietRuns}).
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public Claims claimDue(int limit) {
        // The due times the claim is about to move: read first, in this transaction, so each run is
        // named for the time it was due (normally one claim runs at a time, so these are its rows).
        Map<Long, Instant> due = new HashMap<>();
        for (Object[] row : (List<Object[]>) em.createNativeQuery("select id, next_run_at from server_schedules "
                        + "where next_run_at <= now() and is_active and not is_processing order by next_run_at limit ?")
                .setParameter(1, limit).getResultList()) {
            due.put(((Number) row[0]).longValue(), instant(row[1]));
        }
        if (due.isEmpty()) {
            return Claims.NONE;
        }
        List<?> ids = DueRows.claim(em, "server_schedules", "id", "next_run_at", "is_active and not is_processing",
                Duration.ofMinutes(1), limit);
        if (ids.isEmpty()) {
            return Claims.NONE;
        }
        List<Long> keys = ids.stream().map(id -> ((Number) id).longValue()).toList();
        List<ServerSchedule> schedules = em.createQuery("select s from ServerSchedule s where s.id in :ids",
                ServerSchedule.class).setParameter("ids", keys).getResultList();
        Map<String, Server> servers = new HashMap<>();
        em.createQuery("select s from Server s where s.id in :ids", Server.class)
                .setParameter("ids", schedules.stream().map(s -> s.serverId).distinct().toList()).getResultList()
                .forEach(server -> servers.put(server.id, server));
        Map<Long, ScheduleTask> firstTasks = new HashMap<>();
        em.createQuery("select t from ScheduleTask t where t.scheduleId in :ids order by t.sequenceId, t.id",
                        ScheduleTask.class).setParameter("ids", keys).getResultList()
                .forEach(task -> firstTasks.putIfAbsent(task.scheduleId, task));
        Instant now = Instant.now();
        List<Claimed> runs = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        for (ServerSchedule schedule : schedules) {
            // A row another claim's read did not see: its due time is the cron's latest up to now.
            Instant at = due.get(schedule.id);
            if (at == null) {
                at = schedule.cron.latestAtOrBefore(now);
            }
            at = at == null ? now : at;
            String run = ScheduleRun.cronRun(schedule.id, at);
            schedule.claimed(run, now);
            if (schedule.onlyWhenOnline) {
                runs.add(new Claimed(schedule.id, run, null));
                continue;
            }
            Server server = servers.get(schedule.serverId);
            Moved begun = started(schedule, server, firstTasks.get(schedule.id), null, at, unavailable(server), now);
            entries.add(begun.entry());
            runs.add(new Claimed(schedule.id, run, new Moved(begun.goesOn(), null, begun.step())));
        }
        return new Claims(runs, entries);
    }

    private static Instant instant(Object value) {
        return switch (value) {
            case Instant i -> i;
            case java.time.OffsetDateTime o -> o.toInstant();
            case java.sql.Timestamp t -> t.toInstant();
            default -> throw new IllegalStateException("A time from the database: " + value.getClass());
        };
    }

    /**
     * Runs in progress that have shown no progress for {@code quiet}, or were claimed and have not
     * begun for {@link #NOT_BEGUN} (their start lost with the instance that claimed them, a job lost
     * between a commit and its scheduling, or one dropped after failing): their ids, to schedule
     * again (a job that still exists is left alone by the scheduler; the run goes on from its last
     * finished task).
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<String> quietRuns(Duration quiet, int limit) {
        return em.createNativeQuery("select run_id from server_schedules where is_processing and run_id is not null "
                        + "and (coalesce(run_lease_until, run_wait_until, updated_at) < now() - make_interval(secs => ?1) "
                        + "or (run_started_at is null and updated_at < now() - make_interval(secs => ?2))) "
                        + "order by updated_at limit ?3")
                .setParameter(1, quiet.toMillis() / 1000.0).setParameter(2, NOT_BEGUN.toMillis() / 1000.0)
                .setParameter(3, limit).getResultList();
    }

    /**
     * Begins the run, or resumes it: the first step of a run that has begun already; otherwise its
     * start ({@code server:schedule.execute}, by {@code actorId} when run by hand) and its first
     * step, in one transaction. A suspended, installing or transferring server skips the run; one
     * that only runs while the server is online first answers {@link Step#checkOnline} (nothing
     * changed) and is called again with {@code offline}: empty when Wings says it is online,
     * otherwise why not (which skips it). A skipped run ends here.
     */
    @Transactional
    public Moved begin(long scheduleId, String run, String actorId, Instant due, String offline) {
        ServerSchedule schedule = locked(scheduleId);
        if (schedule == null || !schedule.runs(run)) {
            return new Moved(false, null, null);
        }
        Instant now = Instant.now();
        if (schedule.runStartedAt != null) {
            return new Moved(true, null, step(schedule, now));
        }
        Server server = em.find(Server.class, schedule.serverId);
        String skipped = unavailable(server);
        if (skipped == null && schedule.onlyWhenOnline) {
            if (offline == null) {
                return new Moved(true, null, new Step(null, null, server, server.nodeId, server.uuid.toString(), null, true));
            }
            skipped = offline.isEmpty() ? null : offline;
        }
        return started(schedule, server, nextTask(schedule), actorId, due, skipped, now);
    }

    /**
     * The run's start ({@code server:schedule.execute}, by {@code actorId} or nobody; skipped when
     * {@code skipped} says why) and its first step, {@code first} being its first task (or null).
     */
    private Moved started(ServerSchedule schedule, Server server, ScheduleTask first, String actorId, Instant due,
                          String skipped, Instant now) {
        Map<String, Object> details = details(schedule);
        details.put("trigger", due == null ? "manual" : "cron");
        if (due != null) {
            details.put("due", due.toString());
        }
        if (skipped != null) {
            details.put("skipped", skipped);
        }
        Entry entry = new Entry(schedule.serverId, actorId, now, ServersPermissions.ACTIVITY_SCHEDULE_EXECUTE, details);
        if (skipped != null) {
            schedule.finished(now);
            return new Moved(false, entry, null);
        }
        schedule.began(now);
        return new Moved(true, entry, step(schedule, server, first, now));
    }

    /**
     * The schedule's row, locked until the step commits: a step and a change through the API, or
     * the same run repeated (taken over while its first job still ran), go one at a time, and the
     * second sees what the first did (a repeated step finds its task already recorded).
     */
    private ServerSchedule locked(long scheduleId) {
        return Locking.row(em, ServerSchedule.class, scheduleId);
    }

    /** The task after the last one the run finished, in sequence order, or null. */
    private ScheduleTask nextTask(ServerSchedule schedule) {
        List<ScheduleTask> next = em.createQuery("select t from ScheduleTask t where t.scheduleId = :schedule "
                        + "and t.sequenceId > :done order by t.sequenceId, t.id", ScheduleTask.class)
                .setParameter("schedule", schedule.id).setParameter("done", schedule.runSequence).setMaxResults(1)
                .getResultList();
        return next.isEmpty() ? null : next.getFirst();
    }

    /**
     * The run's next step: {@code next} (the next task in sequence order) once its offset has
     * passed, or the end when there is none. {@code server} is the schedule's, or null to read it
     * when the task is due. At the end no task of the run is still queued (each one run was
     * un-queued with its result), so none is written.
     */
    private Step step(ServerSchedule schedule, Server server, ScheduleTask next, Instant now) {
        if (next == null) {
            schedule.finished(now);
            return Step.FINISHED;
        }
        next.queued = true;
        Duration left = schedule.nextTaskIn(Duration.ofSeconds(next.timeOffset), TASK_LEASE, LEASE_POLL, now);
        if (!left.isZero()) {
            return new Step(left, null, null, null, null, null, false);
        }
        Server on = server != null ? server : em.find(Server.class, schedule.serverId);
        return new Step(null, next, on, on.nodeId, on.uuid.toString(), unavailable(on), false);
    }

    private Step step(ServerSchedule schedule, Instant now) {
        return step(schedule, null, nextTask(schedule), now);
    }

    /** A task's outcome to record: {@code error} null when it succeeded, otherwise what went wrong. */
    public record Result(long scheduleId, String run, ScheduleTask done, String nodeId, String error) {
    }

    /**
     * Tasks' results ({@code server:task.run}; a failure names the server's node) and each run's
     * next step, in the order given, in one transaction: the schedules' rows are locked in one
     * statement (in id order, so two writers never wait on each other in a cycle) and their tasks
     * read in one, so a batch of results costs a few statements rather than a transaction each. A
     * failure ({@code error} not null) ends its run unless the task continues on failure.
     */
    @Transactional
    public List<Moved> ranAll(List<Result> results) {
        List<Long> ids = results.stream().map(Result::scheduleId).distinct().sorted().toList();
        Map<Long, ServerSchedule> schedules = new HashMap<>();
        em.createQuery("select s from ServerSchedule s where s.id in :ids order by s.id", ServerSchedule.class)
                .setParameter("ids", ids).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList()
                .forEach(schedule -> schedules.put(schedule.id, schedule));
        Map<Long, List<ScheduleTask>> tasks = new HashMap<>();
        em.createQuery("select t from ScheduleTask t where t.scheduleId in :ids order by t.sequenceId, t.id",
                        ScheduleTask.class).setParameter("ids", ids).getResultList()
                .forEach(task -> tasks.computeIfAbsent(task.scheduleId, id -> new ArrayList<>()).add(task));
        Instant now = Instant.now();
        List<Moved> moved = new ArrayList<>(results.size());
        for (Result result : results) {
            moved.add(ran(schedules.get(result.scheduleId()), tasks.getOrDefault(result.scheduleId(), List.of()),
                    result, now));
        }
        return moved;
    }

    /** One result on its schedule (null when deleted), whose tasks in sequence order are {@code tasks}. */
    private Moved ran(ServerSchedule schedule, List<ScheduleTask> tasks, Result result, Instant now) {
        if (schedule == null || !schedule.runs(result.run())) {
            return new Moved(false, null, null);
        }
        ScheduleTask done = result.done();
        String error = result.error();
        tasks.stream().filter(task -> task.id.equals(done.id)).forEach(task -> task.queued = false);
        Map<String, Object> details = details(schedule);
        details.put("task", done.id);
        details.put("sequence_id", done.sequenceId);
        details.put("action", done.action.stored());
        details.put("payload", done.payloadSummary());
        details.put("result", error == null ? "ok" : "failed");
        if (error != null) {
            details.put("error", error);
            details.put("node", result.nodeId());
        }
        Entry entry = new Entry(schedule.serverId, null, now, ServersPermissions.ACTIVITY_TASK_RUN, details);
        schedule.ran(done.sequenceId);
        if (error != null && !done.continueOnFailure) {
            // Ended early: clear any task still marked queued (one an edit moved during the run).
            schedule.finished(now);
            tasks.forEach(task -> task.queued = false);
            return new Moved(false, entry, null);
        }
        ScheduleTask next = tasks.stream().filter(task -> task.sequenceId > schedule.runSequence).findFirst().orElse(null);
        return new Moved(true, entry, step(schedule, null, next, now));
    }

    /** An activity entry's details about a run: the schedule's id and name, to add to. */
    private static Map<String, Object> details(ServerSchedule schedule) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("schedule", schedule.id);
        details.put("name", schedule.name);
        return details;
    }

    /** Why nothing may run on the server now (suspended, installing, being transferred), or null. */
    private static String unavailable(Server server) {
        try {
            ClientServers.available(server);
            return null;
        } catch (ApiException e) {
            return e.getMessage();
        } catch (RuntimeException e) {
            return "The server is unavailable.";
        }
    }
}
