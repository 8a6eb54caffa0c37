package dev.wingman.testkit.internal.wings;

import dev.wingman.testkit.api.FakeWings.Mode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.websocket.WsRouting;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's port (HTTP and the console WebSocket) and the fault modes it can be put in: UP
 * answers normally, DOWN closes the port, HANG accepts requests and never answers them, SLOW
 * delays every answer, FAIL answers 500. Every request is counted and given an
 * {@code X-Request-Id} before the mode applies, as Wings' middleware does.
 */
public final class Listener implements AutoCloseable {
    private final NodeApi api;
    private final Consoles consoles;
    private final int port;
    private final AtomicInteger requests = new AtomicInteger();
    /** When requests arrived, per method and path ("GET /api/system"): how often and how far apart the panel did one thing. */
    private final ConcurrentHashMap<String, Queue<Instant>> byRoute =
            new ConcurrentHashMap<>();
    private volatile WebServer server;
    private volatile Mode mode = Mode.UP;
    private volatile Duration slowDelay = Duration.ofMillis(200);
    private volatile CountDownLatch hangRelease = new CountDownLatch(1);

    /** Listens on {@code port} (0: a free one) in mode UP. */
    public Listener(int port, NodeApi api, Consoles consoles) {
        this.api = api;
        this.consoles = consoles;
        this.server = listen(port);
        this.port = server.port();
    }

    public int port() {
        return port;
    }

    /** Requests received so far (including rejected ones). */
    public int requests() {
        return requests.get();
    }

    public int requests(String methodAndPath) {
        return requestTimes(methodAndPath).size();
    }

    public List<Instant> requestTimes(String methodAndPath) {
        Queue<Instant> times = byRoute.get(methodAndPath);
        return times == null ? List.of() : List.copyOf(times);
    }

    public Mode mode() {
        return mode;
    }

    /** Switches mode: leaving HANG lets the requests it held go (unanswered); DOWN closes the port, leaving DOWN opens it again. */
    public synchronized void mode(Mode newMode) {
        if (newMode == mode) {
            return;
        }
        if (mode == Mode.HANG) {
            hangRelease.countDown();
        }
        if (newMode == Mode.HANG) {
            hangRelease = new CountDownLatch(1);
        }
        if (newMode == Mode.DOWN) {
            server.stop();
        } else if (mode == Mode.DOWN) {
            server = listen(port);
        }
        mode = newMode;
    }

    /** How long SLOW delays each answer. */
    public void slowDelay(Duration delay) {
        this.slowDelay = delay;
    }

    private WebServer listen(int port) {
        return WebServer.builder()
                // A node agent of its own: none of the panel's server features (metrics, health, ...)
                // that happen to be on the class path, and no JVM shutdown hook.
                .featuresDiscoverServices(false)
                .shutdownHook(false)
                .host("127.0.0.1")
                .port(port)
                // Go Wings' sockets send small frames at once (Go sets TCP_NODELAY on every connection).
                .connectionOptions(options -> options.tcpNoDelay(true))
                .routing(routing -> routing.any(this::handle))
                .addRouting(WsRouting.builder().endpoint("/api/servers/{uuid}/ws", consoles::connection))
                .build()
                .start();
    }

    private void handle(ServerRequest req, ServerResponse res) {
        requests.incrementAndGet();
        byRoute.computeIfAbsent(req.prologue().method().text() + " " + req.path().path(),
                k -> new ConcurrentLinkedQueue<>()).add(Instant.now());
        res.header(HeaderNames.create("X-Request-Id"), UUID.randomUUID().toString());
        try {
            switch (mode) {
                case HANG -> {
                    hangRelease.await(10, TimeUnit.MINUTES);
                    return;
                }
                case SLOW -> Thread.sleep(slowDelay.toMillis());
                case FAIL -> {
                    Answers.error(res, 500, Answers.UNEXPECTED);
                    return;
                }
                default -> {
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        api.handle(req, res);
    }

    /** Releases held requests and closes the port. */
    @Override
    public void close() {
        hangRelease.countDown();
        if (server.isRunning()) {
            server.stop();
        }
    }
}
