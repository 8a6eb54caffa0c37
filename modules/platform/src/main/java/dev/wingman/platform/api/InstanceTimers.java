package dev.wingman.platform.api;

import java.time.Duration;
import java.util.concurrent.Future;

/**
 * Timers for work that belongs to this instance alone and dies with it: refreshing its in-memory
 * snapshot, its own Redis connection, a WebSocket it holds. Fleet-wide work is a {@link Jobs} job
 * instead. One shared facility (one timer thread, each task run on a virtual thread) rather than an
 * executor per class, so there is one thing to stop at shutdown and a slow task delays no other.
 * Tasks scheduled after shutdown began are dropped (the future is cancelled).
 */
public interface InstanceTimers {
    /** Runs {@code task} every {@code every}, the first time after {@code every}; a failing run is logged. */
    Future<?> every(String name, Duration every, Runnable task);

    /** Runs {@code task} once after {@code delay}. */
    Future<?> after(Duration delay, Runnable task);

    /** Runs {@code task} now, off the calling thread. */
    default void execute(Runnable task) {
        after(Duration.ZERO, task);
    }
}
