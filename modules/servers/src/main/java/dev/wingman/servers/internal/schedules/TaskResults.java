package dev.wingman.servers.internal.schedules;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import dev.wingman.platform.api.ShutdownOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes schedule tasks' results in batches: a run that has done a task on Wings hands its result
 * here and waits while one writer, on a virtual thread of its own, records what has queued up
 * meanwhile (up to {@value #MOST} results) in one transaction ({@link ScheduleRun#recordResults}).
 * A transaction per result (the step and its activity entry) was what held one instance to about
 * a hundred tasks a second; batched, the writer's cost is a few statements per batch, and batches
 * grow by themselves when results arrive faster than one transaction commits.
 *
 * <p>A batch that fails is written again one result at a time, so one bad result (its schedule
 * deleted in a race, a lock that timed out) fails only its own run, which then goes on as its
 * job like any run whose step failed.
 */
@ApplicationScoped
public class TaskResults {
    private static final Logger LOG = Logger.getLogger(TaskResults.class.getName());
    /** Most results in one transaction: enough to keep up with thousands of runs a minute, small enough to lock briefly. */
    static final int MOST = 200;
    private static final Duration POLL = Duration.ofMillis(250);
    /** Longest a run waits for its result to be written (a transaction's timeout is far shorter). */
    static final Duration WAIT = Duration.ofMinutes(2);

    @Inject
    ScheduleRun runs;

    private record Waiting(ScheduleRunStore.Result result, CompletableFuture<ScheduleRunStore.Moved> moved) {
    }

    private final BlockingQueue<Waiting> queue = new LinkedBlockingQueue<>();
    private volatile boolean stopped;

    @PostConstruct
    void start() {
        Thread.ofVirtual().name("schedule-task-results").start(this::write);
    }

    /**
     * Records {@code result} (with its activity entry) and answers its run's next step, once the
     * batch it went into has committed.
     *
     * @throws IllegalStateException when it could not be recorded (the run goes on as its job)
     */
    ScheduleRunStore.Moved ran(ScheduleRunStore.Result result) {
        if (stopped) {
            throw new IllegalStateException("The schedule task results writer has stopped.");
        }
        Waiting waiting = new Waiting(result, new CompletableFuture<>());
        queue.add(waiting);
        if (stopped) {
            // the writer may have left already: nothing would answer
            failAll(new IllegalStateException("The schedule task results writer has stopped."));
        }
        try {
            // Bounded: a writer stuck on the database must not hold the run (and its place) for good.
            return waiting.moved().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("The schedule task results writer did not answer within " + WAIT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the task's result was written", e);
        }
    }

    private void write() {
        List<Waiting> batch = new ArrayList<>(MOST);
        while (!stopped) {
            Waiting first;
            try {
                // polled, not taken: stopping never interrupts a batch that is being written
                first = queue.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (first == null) {
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, MOST - 1);
            try {
                write(batch);
            } catch (Throwable e) {
                // An Error (out of memory) must not end the writer with this batch's runs waiting on it.
                batch.forEach(waiting -> waiting.moved().completeExceptionally(e));
                LOG.log(Level.SEVERE, "Writing schedule task results failed", e);
            }
            batch.clear();
        }
        failAll(new IllegalStateException("The schedule task results writer has stopped."));
    }

    private void write(List<Waiting> batch) {
        try {
            List<ScheduleRunStore.Moved> moved = runs.recordResults(batch.stream().map(Waiting::result).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).moved().complete(moved.get(i));
            }
            return;
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.getFirst().moved().completeExceptionally(e);
                return;
            }
            LOG.log(Level.FINE, "A batch of " + batch.size() + " schedule task results is written one at a time", e);
        }
        for (Waiting waiting : batch) {
            write(List.of(waiting));
        }
    }

    private void failAll(RuntimeException why) {
        Waiting waiting;
        while ((waiting = queue.poll()) != null) {
            waiting.moved().completeExceptionally(why);
        }
    }

    /**
     * After the schedule runner has let its runs finish ({@link DueSchedules} stops first): what is
     * still queued fails, so its runs go on as jobs. Only when the writer was started.
     */
    void stop(@Observes(notifyObserver = Reception.IF_EXISTS) @Priority(ShutdownOrder.STOP_BACKGROUND + 1) @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
        stopped = true;
    }
}
