package dev.wingman.platform.api;

import java.time.Duration;

/**
 * Fleet-wide work that repeats: a CDI bean implementing this is found at start-up and run by the
 * platform's job scheduler (PostgreSQL-backed, see {@link Jobs}) every {@link #interval()} on
 * exactly one panel instance. If that instance dies mid-run, another instance runs it once the
 * dead one's heartbeat has gone stale. The next run is due {@code interval} after a run ends, so
 * runs never overlap. A run that throws is counted as a failure and simply runs again next time.
 *
 * <p>Keep a run short and bounded (a claim, a batch of calls with timeouts): shutdown waits for
 * it, and it must not rely on being interrupted.
 */
public interface RecurringJob {
    /** A stable, unique name (it is the key of its row in {@code scheduled_tasks}), e.g. {@code nodes.heartbeats}. */
    String name();

    /** The delay between the end of one run and the start of the next. */
    Duration interval();

    /** False to leave this job out on this instance (e.g. switched off by configuration). */
    default boolean enabled() {
        return true;
    }

    void run() throws Exception;
}
