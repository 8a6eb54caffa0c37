package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.api.FakeWings;
import io.helidon.microprofile.testing.AddBean;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.net.http.WebSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static dev.wingman.app.NodeTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An instance stopping as SIGTERM stops it (its CDI container closing): readiness goes DOWN first
 * while requests are still served for the pre-stop delay, then new requests are refused, console
 * sockets are closed with 1012 and a reason, and the container waits for the request in flight
 * before the web server stops. The container is closed by the test itself, so this class has one
 * test. The slow endpoint exists only here.
 */
@HelidonTest
@AddBean(GracefulShutdownTest.Slow.class)
class GracefulShutdownTest extends PanelTest {
    private static final Duration PRE_STOP = Duration.ofSeconds(5);
    static final CountDownLatch ENTERED = new CountDownLatch(1);
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    @AddConfigSource
    static ConfigSource config() {
        Map<String, String> config = new HashMap<>(NodeTestSupport.fastNodes());
        config.put("wingman.shutdown.pre-stop-delay", PRE_STOP.toString());
        config.put("wingman.shutdown.grace", "PT30S");
        return panelConfig(config);
    }

    /** A request that stays in flight until the test lets it finish. */
    @Path("/test-only/slow")
    @Produces(MediaType.APPLICATION_JSON)
    @ApplicationScoped
    public static class Slow {
        @GET
        public String slow() throws InterruptedException {
            ENTERED.countDown();
            return "{\"released\":" + RELEASE.await(60, TimeUnit.SECONDS) + "}";
        }
    }

    private ProxyClient connect(String identifier) {
        return ProxyClient.connect(target.getUri(), identifier, "");
    }

    @Test
    void aStoppingInstanceTurnsNotReadyFinishesItsRequestsAndSendsConsolesElsewhere() throws Exception {
        String admin = adminToken();
        FakeWings wings = startWings();
        String node = attachedNode(admin, wings, "\"nodeType\":\"free_and_paid\",\"portRangeStart\":30700,\"portRangeEnd\":30800");
        String egg = importEgg(admin);
        String owner = userToken("console");
        JsonObject server = api().post("/api/servers", "{\"name\":\"Console\",\"eggId\":\"" + egg
                + "\",\"memory\":1024,\"disk\":4096,\"nodeId\":\"" + node + "\"}", owner).json();
        String uuid = server.getString("uuid");
        await("installed", () -> NodeTest.absent(api().get("/api/servers/" + server.getString("id"), owner).json(), "status"));
        wings.server(uuid).state("running");

        ProxyClient bridged = connect(server.getString("identifier"));
        bridged.socket.sendText("{\"event\":\"auth\",\"args\":[\"" + owner + "\"]}", true).join();
        assertEquals("{\"event\":\"auth success\"}", bridged.frames.poll(5, TimeUnit.SECONDS));
        await("Wings' console is open", () -> wings.server(uuid).consoles() == 1);
        ProxyClient unauthenticated = connect(server.getString("identifier"));

        // Threads of their own: the common pool has one worker on a two-core machine, and the JDK's
        // WebSocket client completes its handshake there.
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        CompletableFuture<ApiClient.Response> inFlight = CompletableFuture.supplyAsync(() -> api().get("/test-only/slow", null), threads);
        assertTrue(ENTERED.await(10, TimeUnit.SECONDS), "the slow request is being served");
        assertEquals(200, api().get("/health/ready", null).status());
        assertEquals(200, api().get("/health/started", null).status(), "start-up ended");

        // What SIGTERM starts: Helidon's shutdown hook closes the CDI container.
        SeContainer container = (SeContainer) CDI.current();
        // The pre-stop delay starts after this instant, so anything done before PRE_STOP from here is within it.
        long closing = System.nanoTime();
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(container::close, threads);

        await("readiness is DOWN", () -> api().get("/health/ready", null).status() == 503);
        JsonObject ready = api().get("/health/ready", null).json();
        assertTrue(ready.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .anyMatch(c -> c.getString("name").equals("lifecycle") && c.getString("status").equals("DOWN")
                        && c.getJsonObject("data").getBoolean("stopping")), ready.toString());
        // During the pre-stop delay the balancer is still catching up: requests are served.
        ApiClient.Response duringDelay = api().get("/api/public/features", null);
        assertTrue(System.nanoTime() - closing < PRE_STOP.toNanos(), "checked within the pre-stop delay");
        assertEquals(200, duringDelay.status(), duringDelay.toString());
        assertEquals(200, api().get("/health/live", null).status(), "liveness stays UP");
        assertEquals(null, bridged.closed.getNow(null), "consoles stay open during the pre-stop delay");

        // Then new requests are refused, with a way to go elsewhere.
        await("new requests are refused", () -> api().get("/api/public/features", null).status() == 503);
        ApiClient.Response refused = api().get("/api/public/features", null);
        assertEquals("This instance is shutting down; try again", refused.json().getString("error"));
        assertEquals("close", refused.header("Connection"));
        assertEquals("1", refused.header("Retry-After"));
        assertNotNull(refused.header("X-Request-Id"));

        // Console sockets, authenticated or not, are closed with Service Restart and a reason, and
        // Wings' console with them; a new one is closed the same way at once.
        assertEquals(1012, bridged.closed.get(10, TimeUnit.SECONDS));
        assertEquals("This panel instance is restarting; reconnect", bridged.reason);
        assertEquals(1012, unauthenticated.closed.get(10, TimeUnit.SECONDS));
        assertEquals("This panel instance is restarting; reconnect", unauthenticated.reason);
        await("Wings' console is closed", () -> wings.server(uuid).consoles() == 0);
        ProxyClient late = connect(server.getString("identifier"));
        assertEquals(1012, late.closed.get(10, TimeUnit.SECONDS));

        // The container waits for the request in flight, which finishes normally.
        Thread.sleep(500);
        assertFalse(stopped.isDone(), "the shutdown waits for the request in flight");
        assertFalse(inFlight.isDone(), () -> "the request in flight ended early: " + inFlight.handle((r, e) -> r != null ? r : e).join());
        RELEASE.countDown();
        ApiClient.Response finished = inFlight.get(10, TimeUnit.SECONDS);
        assertEquals(200, finished.status(), finished.toString());
        assertTrue(finished.json().getBoolean("released"), "it ran to its end, not interrupted");
        stopped.get(60, TimeUnit.SECONDS);
    }
}
