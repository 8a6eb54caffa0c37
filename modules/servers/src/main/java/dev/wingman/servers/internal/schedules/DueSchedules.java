package dev.wingman.servers.internal.schedules;

import dev.wingman.platform.api.Jobs;
import dev.wingman.platform.api.OneOffJob;
import dev.wingman.platform.api.RecurringJob;
import dev.wingman.platform.api.ShutdownOrder;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The recurring job {@code servers.schedules-due}: every {@code wingman.schedules.tick} one
 * instance claims the schedules whose next run is due ({@code DueRows} on {@code next_run_at}, up to
 * {@code wingman.schedules.claim-batch} a run, again at once while batches come back full),
 * begins their runs in the claim's transaction (those that only run while the server is online
 * begin once Wings has answered), records their starts together, and carries them on.
 *
 * <p>A claimed run is carried on here, on the claiming instance, at most
 * {@code wingman.schedules.local-runs} at once (the others wait for a place on virtual threads of
 * their own), and a round claims no more once eight runs a place are waiting: the rest stay due
 * for the next round, on whichever instance takes it ({@code 0} hands every run to the fleet as a
 * {@link ScheduleRun} job). Beginning runs in the claim and carrying them
 * on here saves each run a transaction of its own and the job queue's round trips (a scheduled
 * execution, its pick and its completion), which is what kept one instance from keeping up with
 * thousands of schedules a minute; the exactly-once guarantee does
 * not rest on it: the schedule row holds the run's id and a run moves under the row's lock. A run
 * that waits (a task's offset) or fails goes on as a {@link ScheduleRun} job (retried with back-off),
 * and every 15 seconds the runs that went quiet (a claimed run whose start was lost with its
 * instance, a job lost after the claim committed, or dropped) are scheduled again as jobs.
 */
@ApplicationScoped
public class DueSchedules implements RecurringJob {
    private static final Logger LOG = Logger.getLogger(DueSchedules.class.getName());
    /** A run with no progress for this long is looked at again (a waiting run counts from its wait's end). */
    static final Duration QUIET = Duration.ofMinutes(2);
    private static final Duration QUIET_CHECK = Duration.ofSeconds(15);
    /** Claimed runs waiting for a place here, per place, before a round claims no more. */
    private static final int PENDING_PER_RUNNER = 8;
    /** How often a run waiting for a place looks whether the instance is stopping. */
    private static final Duration ROOM_POLL = Duration.ofMillis(250);

    @Inject
    ScheduleRunStore store;

    @Inject
    ScheduleRun runs;

    @Inject
    Jobs jobs;

    @Inject
    @ConfigProperty(name = "wingman.schedules.tick", defaultValue = "PT0.25S")
    Duration tick;

    @Inject
    @ConfigProperty(name = "wingman.schedules.claim-batch", defaultValue = "500")
    int batch;

    @Inject
    @ConfigProperty(name = "wingman.schedules.local-runs", defaultValue = "64")
    int localRuns;

    /** Runs are mostly waiting on the database and Wings: a virtual thread each, bounded by {@link #room}. */
    private final ExecutorService runners = Executors.newVirtualThreadPerTaskExecutor();
    private Semaphore room;
    /** Runs claimed here and not yet ended or handed on. */
    private final AtomicInteger pending = new AtomicInteger();
    private volatile boolean stopping;
    private volatile Instant nextQuietCheck = Instant.EPOCH;

    @PostConstruct
    void init() {
        room = new Semaphore(Math.max(0, localRuns));
    }

    @Override
    public String name() {
        return "servers.schedules-due";
    }

    @Override
    public Duration interval() {
        return tick;
    }

    @Override
    public void run() {
        for (int round = 0; round < 20 && !stopping; round++) {
            // Claim no more runs than this instance will carry on soon: the rest stay due for the
            // next round, on whichever instance takes it.
            int limit = localRuns > 0 ? Math.min(batch, localRuns * PENDING_PER_RUNNER - pending.get()) : batch;
            if (limit <= 0) {
                break;
            }
            ScheduleRunStore.Claims claims = store.claimDue(limit);
            if (!claims.entries().isEmpty()) {
                runs.recordAll(claims.entries());
            }
            claims.runs().forEach(this::start);
            if (claims.runs().size() < limit) {
                break;
            }
            // as many as asked for: more may be due; claim on without waiting for the next tick
        }
        Instant now = Instant.now();
        if (now.isAfter(nextQuietCheck)) {
            nextQuietCheck = now.plus(QUIET_CHECK);
            store.quietRuns(QUIET, 100).forEach(run -> jobs.schedule(ScheduleRun.NAME, run, ""));
        }
    }

    /**
     * Carries a claimed run on here, on a virtual thread that waits for one of the
     * {@code local-runs} places (a run that began and ended in the claim needs none); with no
     * runners, while stopping, or refused, it goes to the fleet as a job.
     */
    private void start(ScheduleRunStore.Claimed claimed) {
        ScheduleRunStore.Moved begun = claimed.begun();
        if (begun != null && (!begun.goesOn() || begun.step().finished())) {
            return;
        }
        String run = claimed.run();
        if (localRuns > 0 && !stopping) {
            pending.incrementAndGet();
            try {
                runners.execute(() -> {
                    try {
                        if (waitForRoom()) {
                            try {
                                runHere(claimed);
                            } finally {
                                room.release();
                            }
                        } else {
                            handOn(run);
                        }
                    } finally {
                        pending.decrementAndGet();
                    }
                });
                return;
            } catch (RejectedExecutionException e) {
                pending.decrementAndGet();
            }
        }
        jobs.schedule(ScheduleRun.NAME, run, "");
    }

    /**
     * Waits for one of the local places: false when the instance began stopping meanwhile (the run
     * goes to the fleet at once, rather than waiting for the quiet check after the instance is gone).
     */
    private boolean waitForRoom() {
        try {
            while (!room.tryAcquire(ROOM_POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                if (stopping) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Hands the run to the fleet as its job (when that fails too, the quiet check does it later). */
    private void handOn(String run) {
        try {
            jobs.schedule(ScheduleRun.NAME, run, "");
        } catch (RuntimeException lost) {
            // the database is away: the quiet check schedules it once it is back
            LOG.log(Level.WARNING, "Schedule run " + run + " could not be handed on; the quiet check will", lost);
        }
    }

    /** Runs it until it ends or has to wait; what is left goes on as its job. */
    private void runHere(ScheduleRunStore.Claimed claimed) {
        String run = claimed.run();
        try {
            OneOffJob.Outcome outcome = runs.carryOn(claimed);
            if (outcome.again() != null) {
                jobs.schedule(ScheduleRun.NAME, run, "", outcome.again());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Schedule run " + run + " goes on as a job", e);
            handOn(run);
        }
    }

    /** Starts no more runs here and lets those in flight finish (what does not is found by the quiet check). */
    void stop(@Observes @Priority(ShutdownOrder.STOP_BACKGROUND) @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
        stopping = true;
        runners.shutdown();
        try {
            if (!runners.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.info("Schedule runs still in flight at shutdown are taken over by the quiet check");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
