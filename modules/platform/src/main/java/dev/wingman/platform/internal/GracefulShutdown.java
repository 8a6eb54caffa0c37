package dev.wingman.platform.internal;

import dev.wingman.platform.api.ShutdownOrder;
import io.helidon.spi.HelidonShutdownHandler;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * How this instance stops taking work ({@link ShutdownOrder}). Helidon 4.2.0's own listener stop
 * interrupts the thread of every open connection, a request in progress included, and only then
 * waits its {@code shutdown-grace-period}; so requests are drained here, before Helidon stops the
 * server: readiness goes DOWN ({@link ShutdownReadiness}), requests are still served for
 * {@code wingman.shutdown.pre-stop-delay} while the load balancer notices, then new ones are
 * answered 503 with {@code Connection: close} ({@link HttpEdge}) and those in flight get up to
 * {@code wingman.shutdown.grace} to finish. When Helidon stops the server, no request is left to
 * interrupt. Readiness is DOWN before start-up ended too ({@link #started}).
 */
@ApplicationScoped
public class GracefulShutdown {
    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class.getName());

    @Inject
    @ConfigProperty(name = "wingman.shutdown.pre-stop-delay", defaultValue = "PT0S")
    Duration preStopDelay;

    @Inject
    @ConfigProperty(name = "wingman.shutdown.grace", defaultValue = "PT20S")
    Duration grace;

    private final AtomicInteger inFlight = new AtomicInteger();
    /** Notified when the last request in flight ends after new ones are refused. */
    private final Object drained = new Object();
    private volatile HelidonShutdownHandler onSigterm;
    private volatile boolean started;
    private volatile Handler keepLogging;
    private final CountDownLatch destroyed = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile boolean refusing;

    /** Shutdown began: readiness is DOWN (requests may still be served during the pre-stop delay). */
    boolean stopping() {
        return stopping;
    }

    /**
     * Counts a request in, or answers false once new requests are refused. A request counted in
     * must be counted out with {@link #done()}. Counting in before looking at the flag means the
     * drain either sees this request or this request sees the flag.
     */
    boolean admit() {
        inFlight.incrementAndGet();
        if (refusing) {
            done();
            return false;
        }
        return true;
    }

    void done() {
        if (inFlight.decrementAndGet() == 0 && refusing) {
            synchronized (drained) {
                drained.notifyAll();
            }
        }
    }

    int inFlight() {
        return inFlight.get();
    }

    /**
     * Start-up ended: every start-up observer ran (Helidon fires {@code Startup} after them). Until
     * then readiness and startup are DOWN, although the server already answers: Helidon starts it
     * part-way through, and registers the handler that closes the container on SIGTERM only at the
     * very end, after printing its features, about a second later on a small machine; a SIGTERM in
     * that gap ends the process without any of this. So the container is also closed by a handler
     * registered here, before readiness goes UP; closing twice is harmless, the second close does
     * nothing.
     */
    void started(@Observes Startup event) {
        if (CDI.current() instanceof SeContainer container) {
            HelidonShutdownHandler handler = new HelidonShutdownHandler() {
                @Override
                public void shutdown() {
                    container.close();
                }

                @Override
                public String toString() {
                    return "Wingman: close the CDI container";
                }
            };
            onSigterm = handler;
            io.helidon.Main.addShutdownHandler(handler);
        }
        keepLoggingUntilStopped();
        started = true;
    }

    /**
     * JVM shutdown hooks run at once, and the logging one closes every handler: what the shutdown
     * logs (requests still in flight, runs handed back) would be lost. Helidon guards against that
     * with a handler that waits for its shutdown, but its container start-up reads the logging
     * configuration again, which drops that handler. So this instance puts its own first: closing
     * it waits (bounded) until this container is destroyed, and the others are closed after it.
     */
    private void keepLoggingUntilStopped() {
        long bound = preStopDelay.toMillis() + grace.toMillis() + 60_000;
        Handler keep = new Handler() {
            @Override
            public void publish(LogRecord record) {
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
                try {
                    destroyed.await(bound, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Logger root = Logger.getLogger("");
        synchronized (root) {
            Handler[] others = root.getHandlers();
            for (Handler other : others) {
                root.removeHandler(other);
            }
            root.addHandler(keep);
            for (Handler other : others) {
                root.addHandler(other);
            }
        }
        keepLogging = keep;
    }

    @PreDestroy
    void destroyed() {
        HelidonShutdownHandler handler = onSigterm;
        if (handler != null) {
            io.helidon.Main.removeShutdownHandler(handler); // a test JVM closes many containers
        }
        Handler keep = keepLogging;
        if (keep != null) {
            Logger.getLogger("").removeHandler(keep);
        }
        destroyed.countDown();
    }

    /** Start-up ended ({@link #started}). */
    boolean hasStarted() {
        return started;
    }

    void stopAccepting(@Observes @Priority(ShutdownOrder.STOP_ACCEPTING) @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
        stopping = true;
        if (!preStopDelay.isZero() && !preStopDelay.isNegative()) {
            LOG.info("Shutting down: readiness is DOWN; serving for " + preStopDelay + " more while the load balancer notices");
            pause(preStopDelay.toMillis());
        }
        refusing = true;
        LOG.info("Shutting down: new requests are refused; " + inFlight.get() + " in flight");
    }

    void drain(@Observes @Priority(ShutdownOrder.DRAIN) @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (drained) {
            long remaining;
            while (inFlight.get() > 0 && (remaining = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(drained, remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break; // cuts the wait short rather than the shutdown
                }
            }
        }
        int left = inFlight.get();
        if (left > 0) {
            LOG.warning("Shutting down: " + left + " request(s) still in flight after " + grace + "; the web server stops anyway");
        } else {
            LOG.info("Shutting down: no request in flight");
        }
    }

    /** Sleeps; false if interrupted, which cuts the wait short rather than the shutdown. */
    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
