package dev.wingman.platform.internal;

import dev.wingman.platform.api.InstanceTimers;
import dev.wingman.platform.api.ShutdownOrder;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one timer thread of an instance ({@link InstanceTimers}). Helidon's MicroProfile scheduling
 * only knows methods annotated with fixed rates, while these timers are created at run time (one
 * per console socket, a reconnect attempt after a failure), so this is a plain
 * {@link ScheduledThreadPoolExecutor} with one daemon thread that only hands work to virtual
 * threads: a task that blocks (a Redis connect) delays no other timer. A repeating task never
 * overlaps itself: a tick that finds the previous run still going is skipped.
 *
 * <p>Stops before anything else shuts down, like every background loop, and never interrupts:
 * pending timers are dropped, tasks already running end by themselves.
 */
@ApplicationScoped
public class SharedInstanceTimers implements InstanceTimers {
    private static final Logger LOG = Logger.getLogger(SharedInstanceTimers.class.getName());

    private final ScheduledThreadPoolExecutor timer;

    public SharedInstanceTimers() {
        timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("wingman-timers").factory());
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        timer.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    @Override
    public Future<?> every(String name, Duration every, Runnable task) {
        AtomicBoolean running = new AtomicBoolean();
        long nanos = Math.max(1, every.toNanos());
        try {
            return timer.scheduleWithFixedDelay(() -> {
                if (running.compareAndSet(false, true)) {
                    Thread.ofVirtual().name(name).start(() -> {
                        try {
                            task.run();
                        } catch (RuntimeException e) {
                            LOG.log(Level.WARNING, "Timer " + name + " failed: " + e.getMessage(), e);
                        } finally {
                            running.set(false);
                        }
                    });
                }
            }, nanos, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            return CompletableFuture.failedFuture(stopping);
        }
    }

    @Override
    public Future<?> after(Duration delay, Runnable task) {
        try {
            return timer.schedule(() -> {
                Thread.startVirtualThread(() -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "Timer task failed: " + e.getMessage(), e);
                    }
                });
            }, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            return CompletableFuture.failedFuture(stopping);
        }
    }

    /** See the class comment: first, and without interrupts (Helidon 4.2.0's meter-registry shutdown deadlock). */
    void stopFirst(@Observes @Priority(ShutdownOrder.STOP_BACKGROUND) @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
        stop();
    }

    @PreDestroy
    void stop() {
        timer.shutdown();
    }
}
