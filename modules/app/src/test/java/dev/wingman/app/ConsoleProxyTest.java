package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.api.FakeWings;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.wingman.app.NodeTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console through the panel: relay both ways, token refresh past one lifetime, revocation. */
@HelidonTest
class ConsoleProxyTest extends PanelTest {
    @AddConfigSource
    static ConfigSource config() {
        Map<String, String> config = new HashMap<>(NodeTestSupport.fastNodes());
        config.put("wingman.console.token-lifetime", "PT3S");
        config.put("wingman.console.proxy.check-interval", "PT0.3S");
        return panelConfig(config);
    }

    private record Running(String owner, String key, String keyId, String identifier, String uuid, FakeWings wings, String node) {
    }

    private Running server() {
        String admin = adminToken();
        FakeWings wings = startWings(Duration.ofMillis(200));
        String node = attachedNode(admin, wings, "\"nodeType\":\"free_and_paid\",\"portRangeStart\":30500,\"portRangeEnd\":30600");
        String egg = importEgg(admin);
        String owner = userToken("console");
        JsonObject key = api().post("/api/apikeys", "{\"name\":\"console\",\"permissions\":[\"*\"]}", owner).json();
        JsonObject server = api().post("/api/servers", "{\"name\":\"Console\",\"eggId\":\"" + egg
                + "\",\"memory\":1024,\"disk\":4096,\"nodeId\":\"" + node + "\"}", owner).json();
        String id = server.getString("id");
        await("installed", () -> NodeTest.absent(api().get("/api/servers/" + id, owner).json(), "status"));
        wings.server(server.getString("uuid")).state("running").print("Done (1.0s)! For help, type \"help\"");
        return new Running(owner, key.getString("key"), key.getString("id"), server.getString("identifier"),
                server.getString("uuid"), wings, node);
    }

    private ProxyClient connect(String identifier, String query) {
        return ProxyClient.connect(target.getUri(), identifier, query);
    }

    private ProxyClient authenticated(String identifier, String credential) {
        return ProxyClient.authenticated(target.getUri(), identifier, credential);
    }

    @Test
    void relaysBothWaysAndOutlivesTheTokenLifetime() throws Exception {
        Running r = server();
        ProxyClient client = authenticated(r.identifier, r.key);
        assertEquals("{\"event\":\"auth success\"}", client.next());
        assertEquals("{\"event\":\"status\",\"args\":[\"running\"]}", client.next());
        client.send("{\"event\":\"send logs\"}");
        assertTrue(client.next().contains("Done (1.0s)!"));
        client.send("{\"event\":\"send command\",\"args\":[\"say hi\"]}");
        assertEquals("{\"event\":\"console output\",\"args\":[\"> say hi\"]}", client.next());

        Thread.sleep(5000); // longer than the 3 s token lifetime
        client.send("{\"event\":\"send command\",\"args\":[\"say still here\"]}");
        await("the command arrives after the first token expired",
                () -> r.wings.server(r.uuid).commands().contains("say still here"));
        assertEquals(List.of("say hi", "say still here"), r.wings.server(r.uuid).commands());
        List<String> seen = new ArrayList<>(client.all);
        assertFalse(seen.stream().anyMatch(f -> f.contains("jwt error") || f.contains("token expir")),
                "the proxy refreshes Wings' token itself: " + seen);
        assertEquals(1, seen.stream().filter(f -> f.contains("auth success")).count(), "its re-authentications stay internal");
        client.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    @Test
    void openingWingsConsoleGoesThroughTheNodesGuardAndIsMeteredAsConsole() throws Exception {
        Running r = server();
        ProxyClient client = authenticated(r.identifier, r.key);
        assertEquals("{\"event\":\"auth success\"}", client.next());
        assertTrue(metrics().lines().anyMatch(l -> l.startsWith("wingman_wings_calls_total{") && l.contains("kind=\"console\"")
                && l.contains("node=\"" + r.node + "\"") && l.endsWith(" 1.0")), "one console opening counted for the node");
        client.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();

        r.wings.mode(FakeWings.Mode.DOWN);
        try {
            ProxyClient refused = authenticated(r.identifier, r.key);
            assertEquals(4502, refused.closed.get(10, TimeUnit.SECONDS));
            assertTrue(metrics().lines().anyMatch(l -> l.startsWith("wingman_wings_failures_total{")
                    && l.contains("kind=\"console\"") && l.contains("node=\"" + r.node + "\"")
                    && l.contains("reason=\"unreachable\"")), "the failed opening counted as the node's console failure");
        } finally {
            r.wings.mode(FakeWings.Mode.UP);
        }
    }

    private String metrics() {
        return api().get("/metrics?scope=application", null).body();
    }

    @Test
    void aCredentialInTheUrlIsRefusedAndNeverUsed() throws Exception {
        Running r = server();
        ProxyClient inUrl = connect(r.identifier, "?token=" + r.key);
        assertEquals(4001, inUrl.closed.get(5, TimeUnit.SECONDS), "a valid key in the URL is refused");
        assertEquals("No credential in the URL: send {\"event\":\"auth\",\"args\":[\"<token>\"]} as the first frame",
                inUrl.reason);
        assertTrue(inUrl.all.isEmpty(), "nothing was relayed: " + inUrl.all);

        // Sending the auth frame as well does not rescue a socket that carried its credential in the URL.
        ProxyClient both = connect(r.identifier, "?token=" + r.key);
        both.socket.sendText("{\"event\":\"auth\",\"args\":[\"" + r.key + "\"]}", true);
        assertEquals(4001, both.closed.get(5, TimeUnit.SECONDS));
        assertTrue(both.all.isEmpty(), "nothing was relayed: " + both.all);
        Thread.sleep(500);
        assertEquals(0, r.wings.server(r.uuid).consoles(), "no console was opened at Wings");
    }

    @Test
    void authenticatesInAFirstFrameAndClosesOnRevocation() throws Exception {
        Running r = server();
        ProxyClient client = authenticated(r.identifier, r.owner);
        assertEquals("{\"event\":\"auth success\"}", client.next());

        ApiClient.Response revoked = api().delete("/api/apikeys/" + r.keyId, r.owner);
        assertEquals(204, revoked.status());
        ProxyClient withKey = authenticated(r.identifier, r.key);
        assertEquals(4001, withKey.closed.get(5, TimeUnit.SECONDS), "a revoked key is refused");

        assertEquals(204, api().post("/api/auth/logout", null, r.owner).status());
        assertEquals(4001, client.closed.get(5, TimeUnit.SECONDS), "an ended session closes the console");

        ProxyClient stranger = authenticated(r.identifier, userToken("stranger"));
        assertEquals(4004, stranger.closed.get(5, TimeUnit.SECONDS), "someone else's server does not exist");
        ProxyClient nobody = authenticated(r.identifier, "not-a-credential");
        assertEquals(4001, nobody.closed.get(5, TimeUnit.SECONDS));
    }
}
