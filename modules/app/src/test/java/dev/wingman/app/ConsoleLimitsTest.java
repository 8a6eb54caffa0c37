package dev.wingman.app;

import dev.wingman.testkit.api.FakeWings;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.net.http.WebSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.wingman.app.NodeTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console proxy's limits: a credential in time, no idling forever, a bounded number of sockets per account. */
@HelidonTest
class ConsoleLimitsTest extends PanelTest {
    @AddConfigSource
    static ConfigSource config() {
        Map<String, String> config = new HashMap<>(NodeTestSupport.fastNodes());
        config.put("wingman.console.proxy.auth-timeout", "PT1S");
        config.put("wingman.console.proxy.idle-timeout", "PT2S");
        config.put("wingman.console.proxy.max-sockets-per-user", "2");
        return panelConfig(config);
    }

    private record Running(String owner, String identifier, String uuid, FakeWings wings) {
    }

    private Running server() {
        String admin = adminToken();
        FakeWings wings = startWings();
        String node = attachedNode(admin, wings, "\"nodeType\":\"free_and_paid\",\"portRangeStart\":30700,\"portRangeEnd\":30800");
        String egg = importEgg(admin);
        String owner = userToken("limits");
        var created = api().post("/api/servers", "{\"name\":\"Limits\",\"eggId\":\"" + egg
                + "\",\"memory\":1024,\"disk\":4096,\"nodeId\":\"" + node + "\"}", owner);
        assertEquals(201, created.status(), created.toString());
        JsonObject server = created.json();
        String id = server.getString("id");
        await("installed", () -> NodeTest.absent(api().get("/api/servers/" + id, owner).json(), "status"));
        return new Running(owner, server.getString("identifier"), server.getString("uuid"), wings);
    }

    private ProxyClient connect(String identifier, String query) {
        return ProxyClient.connect(target.getUri(), identifier, query);
    }

    private ProxyClient authenticated(String identifier, String credential) {
        return ProxyClient.authenticated(target.getUri(), identifier, credential);
    }

    @Test
    void aSocketWithoutACredentialIsClosedAfterTheAuthTimeout() throws Exception {
        Running r = server();
        long start = System.nanoTime();
        ProxyClient silent = connect(r.identifier, "");
        ProxyClient.Closed closed = silent.closedWithin(5);
        assertEquals(new ProxyClient.Closed(4408, "No credential within 1 s"), closed);
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(900).toNanos(), "not before the timeout");

        // Frames that are not an auth frame do not count as authenticating.
        ProxyClient chatty = connect(r.identifier, "");
        chatty.socket.sendText("{\"event\":\"send logs\"}", true).join();
        assertEquals(4408, chatty.closedWithin(5).code());

        // Authenticating in time keeps the socket past the deadline.
        ProxyClient prompt = authenticated(r.identifier, r.owner);
        assertEquals("{\"event\":\"auth success\"}", prompt.next());
        Thread.sleep(1500);
        assertFalse(prompt.closed.isDone(), "authenticated in time: " + prompt.closed.getNow(null));
        prompt.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    @Test
    void anIdleSocketIsClosedAndActivityKeepsItOpen() throws Exception {
        Running r = server();
        ProxyClient client = authenticated(r.identifier, r.owner);
        assertEquals("{\"event\":\"auth success\"}", client.next());
        // Frames every half second for longer than the 2 s idle timeout keep it open.
        for (int i = 0; i < 8; i++) {
            client.socket.sendText("{\"event\":\"send stats\"}", true).join();
            Thread.sleep(500);
        }
        assertFalse(client.closed.isDone(), "active: " + client.closed.getNow(null));
        long quietSince = System.nanoTime();
        ProxyClient.Closed closed = client.closedWithin(6);
        assertEquals(new ProxyClient.Closed(4408, "Idle for 2 s"), closed);
        assertTrue(System.nanoTime() - quietSince >= Duration.ofMillis(1500).toNanos());
    }

    @Test
    void socketsPerAccountAreCapped() throws Exception {
        Running r = server();
        ProxyClient first = authenticated(r.identifier, r.owner);
        assertEquals("{\"event\":\"auth success\"}", first.next());
        ProxyClient second = authenticated(r.identifier, r.owner);
        assertEquals("{\"event\":\"auth success\"}", second.next());
        ProxyClient third = authenticated(r.identifier, r.owner);
        assertEquals(new ProxyClient.Closed(4429, "Too many console sockets open for this account (at most 2)"), third.closedWithin(5));
        assertTrue(first.frames.stream().noneMatch(f -> f.contains("error")) && !first.closed.isDone(), "the open ones stay");

        // Closing one gives its place back.
        first.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        first.closedWithin(5);
        ProxyClient again = new ProxyClient();
        await("a place is free again", () -> {
            ProxyClient attempt = authenticated(r.identifier, r.owner);
            try {
                String frame = attempt.frames.poll(2, TimeUnit.SECONDS);
                if ("{\"event\":\"auth success\"}".equals(frame)) {
                    again.socket = attempt.socket;
                    return true;
                }
                return false;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertNotNull(again.socket);
        second.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        again.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }
}
