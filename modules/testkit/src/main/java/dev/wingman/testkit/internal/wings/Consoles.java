package dev.wingman.testkit.internal.wings;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The node's console WebSocket side ({@code /api/servers/{uuid}/ws}): which {@code Origin} it
 * accepts, the JWT ids the panel denied ({@code POST /api/servers/{uuid}/ws/deny}), and the ticker
 * that warns connected consoles of expiring tokens. Each connection is a {@link Console}.
 */
public final class Consoles implements AutoCloseable {
    private final Servers servers;
    private final NodeToken node;
    /** When the node booted (epoch seconds): console tokens issued before are refused. */
    final long bootedAt = System.currentTimeMillis() / 1000;
    private volatile String requiredOrigin;
    /** Denied JWT ids and when they were denied (epoch seconds): tokens issued before are refused. */
    private final Map<String, Long> deniedJtis = new ConcurrentHashMap<>();
    private final ScheduledExecutorService expiryTicker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("fake-wings-expiry").factory());

    /** Checks connected consoles' tokens for expiry every {@code expiryCheck}. */
    public Consoles(Servers servers, NodeToken node, Duration expiryCheck) {
        this.servers = servers;
        this.node = node;
        long every = expiryCheck.toMillis();
        expiryTicker.scheduleWithFixedDelay(this::checkExpiry, every, every, TimeUnit.MILLISECONDS);
    }

    /** Refuses connections whose {@code Origin} is not this (Go Wings' check); null accepts any (wings-rs). */
    public void requireOrigin(String origin) {
        this.requiredOrigin = origin;
    }

    public Set<String> deniedJtis() {
        return Set.copyOf(deniedJtis.keySet());
    }

    /** A new connection, for the WebSocket route. */
    Console connection() {
        return new Console(this, servers, node);
    }

    String requiredOrigin() {
        return requiredOrigin;
    }

    /** When this JWT id was denied (epoch seconds), or null. */
    Long deniedAt(String jti) {
        return deniedJtis.get(jti);
    }

    /** {@code POST /api/servers/{uuid}/ws/deny}: refuses the listed JWT ids' tokens issued until now. */
    void deny(ServerRequest req, ServerResponse res) {
        JsonObject request = Answers.body(req, res);
        if (request == null) {
            return;
        }
        long now = System.currentTimeMillis() / 1000;
        request.getJsonArray("jtis").getValuesAs(JsonString.class).forEach(j -> deniedJtis.put(j.getString(), now));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void checkExpiry() {
        long now = System.currentTimeMillis() / 1000;
        for (SimulatedServer s : servers.all()) {
            for (Console console : s.consoles) {
                console.checkExpiry(now);
            }
        }
    }

    @Override
    public void close() {
        expiryTicker.shutdownNow();
    }
}
