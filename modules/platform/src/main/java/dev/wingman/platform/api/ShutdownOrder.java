package dev.wingman.platform.api;

import jakarta.interceptor.Interceptor;

/**
 * The order in which an instance stops (SIGTERM, or a test's container closing), as priorities of
 * {@code @Observes @Priority(...) @BeforeDestroyed(ApplicationScoped.class)} observers, lowest
 * first. Helidon stops its web server at {@code PLATFORM_BEFORE} (0), after all of these; the
 * database pool and Redis close after that, when the beans are destroyed.
 *
 * <ol>
 *   <li>{@link #STOP_ACCEPTING}: platform turns readiness DOWN, waits
 *   {@code wingman.shutdown.pre-stop-delay} so a load balancer sees it while requests are still
 *   served, then answers new requests 503 with {@code Connection: close}.</li>
 *   <li>{@link #CLOSE_CONNECTIONS}: a module closes what clients hold open for long (console
 *   sockets) with a close they reconnect on, and accepts no new ones.</li>
 *   <li>{@link #DRAIN}: platform waits up to {@code wingman.shutdown.grace} for requests in
 *   flight to finish.</li>
 *   <li>{@link #STOP_BACKGROUND}: jobs hand back their claims, instance timers stop; nothing is
 *   interrupted.</li>
 * </ol>
 */
public final class ShutdownOrder {
    public static final int STOP_ACCEPTING = Interceptor.Priority.PLATFORM_BEFORE - 300;
    public static final int CLOSE_CONNECTIONS = Interceptor.Priority.PLATFORM_BEFORE - 250;
    public static final int DRAIN = Interceptor.Priority.PLATFORM_BEFORE - 200;
    public static final int STOP_BACKGROUND = Interceptor.Priority.PLATFORM_BEFORE - 100;

    private ShutdownOrder() {
    }
}
