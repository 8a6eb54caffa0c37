package dev.wingman.platform.internal;

import dev.wingman.platform.api.ShutdownOrder;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * How this instance stops taking work ({@link ShutdownOrder}). Helidon 4.2.0's own listener stop
 * interrupts the thread of every open connection, a request in progress included, and only then
 * waits its {@code shutdown-grace-period}; so requests are drained here, before Helidon stops the
 * server: readiness goes DOWN ({@link ShutdownReadiness}), requests are still served for
 * {@code wingman.shutdown.pre-stop-delay} while the load balancer notices, then new ones are
 * answered 503 with {@code Connection: close} ({@link HttpEdge}) and those in flight get up to
 * {@code wingman.shutdown.grace} to finish. When Helidon stops the server, no request is left to
 * interrupt.
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
        inFlight.decrementAndGet();
    }

    int inFlight() {
        return inFlight.get();
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
        while (inFlight.get() > 0 && System.nanoTime() < deadline && pause(20)) {
            // waiting for the requests in flight
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
