package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.api.FakeWings;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.wingman.app.NodeTest.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How Wings failures reach callers: statuses, what users may see of them, and the per-node meters. */
@HelidonTest
class WingsEdgeTest extends PanelTest {
    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(NodeTestSupport.fastNodes());
    }

    private record Running(String admin, String owner, String node, JsonObject server, FakeWings wings) {
        String id() {
            return server.getString("id");
        }

        String uuid() {
            return server.getString("uuid");
        }

        String client() {
            return "/api/client/servers/" + server.getString("identifier");
        }
    }

    /** An ordinary user's installed server on its own FakeWings node. */
    private Running server() {
        String admin = adminToken();
        FakeWings wings = startWings();
        String node = attachedNode(admin, wings, "\"nodeType\":\"free_and_paid\",\"portRangeStart\":33000,"
                + "\"portRangeEnd\":33100,\"memory\":4096");
        String egg = importEgg(admin);
        String owner = userToken("edge");
        ApiClient.Response created = api().post("/api/servers", "{\"name\":\"Edge\",\"eggId\":\"" + egg
                + "\",\"memory\":1024,\"disk\":4096,\"nodeId\":\"" + node + "\"}", owner);
        assertEquals(201, created.status(), created.toString());
        JsonObject server = created.json();
        await("installed", () -> NodeTest.absent(api().get("/api/servers/" + server.getString("id"), owner).json(), "status"));
        return new Running(admin, owner, node, server, wings);
    }

    @Test
    void aReinstallWingsRefusesAsBusyIsAConflict() {
        Running r = server();
        FakeWings.Server onWings = r.wings.server(r.uuid());
        onWings.state("running").stubborn(true);
        assertEquals(204, api().post(r.client() + "/power", "{\"signal\":\"stop\"}", r.owner).status());
        assertEquals("stopping", onWings.state(), "the stop holds Wings' power lock");

        ApiClient.Response busy = api().post("/api/servers/" + r.id() + "/reinstall", null, r.owner);
        assertEquals(409, busy.status(), busy.toString());
        assertThat(busy.json().getString("error"), containsString("another power action"));
        assertEquals(r.node, busy.json().getString("node"));
        assertFalse(api().get("/api/servers/" + r.id(), r.owner).json().containsKey("status"),
                "the status is not left at installing");

        onWings.state("offline");
        assertEquals(202, api().post("/api/servers/" + r.id() + "/reinstall", null, r.owner).status(),
                "once the power action is over, the reinstall goes ahead");
    }

    @Test
    void usersSeeNeitherTheNodeAddressNorWingsOwnErrorText() {
        Running r = server();
        String address = r.wings.url().replaceFirst("^https?://", "");
        // Wings refuses the start (4xx with its own text): the client API.
        r.wings.server(r.uuid()).suspended(true);
        String upstream = "Cannot start or restart a server that is suspended.";
        ApiClient.Response refused = api().post(r.client() + "/power", "{\"signal\":\"start\"}", r.owner);
        assertEquals(400, refused.status(), refused.toString());
        assertThat(refused.body(), not(containsString(upstream)));
        assertThat(refused.body(), not(containsString(address)));
        assertThat(refused.json().getString("error"), containsString("error occurred on the remote host"));
        ApiClient.Response forAdmin = api().post(r.client() + "/power", "{\"signal\":\"start\"}", r.admin);
        assertEquals(upstream, forAdmin.json().getString("upstream"), "node administrators get Wings' text");
        r.wings.server(r.uuid()).suspended(false);

        // Wings fails (5xx with its own text): the panel's own server endpoints.
        r.wings.mode(FakeWings.Mode.FAIL);
        try {
            String failing = "An unexpected error was encountered";
            ApiClient.Response reinstall = api().post("/api/servers/" + r.id() + "/reinstall", null, r.owner);
            assertEquals(502, reinstall.status(), reinstall.toString());
            assertThat(reinstall.body(), not(containsString(failing)));
            assertThat(reinstall.body(), not(containsString(address)));
            assertFalse(reinstall.json().containsKey("upstream"));
            ApiClient.Response renamed = api().send("PATCH", "/api/servers/" + r.id(), "{\"name\":\"Renamed\"}", r.owner,
                    Map.of());
            assertEquals(502, renamed.status(), renamed.toString());
            assertThat(renamed.body(), not(containsString(failing)));
            ApiClient.Response deleted = api().delete("/api/servers/" + r.id(), r.owner);
            assertEquals(502, deleted.status(), deleted.toString());
            assertThat(deleted.body(), not(containsString(failing)));
            assertThat(deleted.body(), not(containsString(address)));
            ApiClient.Response adminReinstall = api().post("/api/servers/" + r.id() + "/reinstall", null, r.admin);
            assertThat(adminReinstall.json().getString("upstream"), containsString(failing));
        } finally {
            r.wings.mode(FakeWings.Mode.UP);
        }
    }

    @Test
    void anOpenBreakerOnTheClientApiNamesTheNodeAndWhenToRetry() {
        Running r = server();
        r.wings.mode(FakeWings.Mode.HANG);
        try {
            ApiClient.Response open = null;
            for (int i = 0; i < 8 && (open == null || open.status() != 503); i++) {
                open = api().get(r.client() + "/resources", r.owner);
            }
            assertEquals(503, open.status(), open.toString());
            assertEquals(r.node, open.json().getString("node"));
            assertEquals("5", open.header("Retry-After"));
            assertEquals(r.node, open.json().getString("node"));
            JsonObject pterodactyl = open.json().getJsonArray("errors").getJsonObject(0);
            assertEquals("503", pterodactyl.getString("status"));

            ApiClient.Response power = api().post(r.client() + "/power", "{\"signal\":\"start\"}", r.owner);
            assertEquals(503, power.status(), power.toString());
            assertEquals("5", power.header("Retry-After"));
            assertEquals(r.node, power.json().getString("node"));
        } finally {
            r.wings.mode(FakeWings.Mode.UP);
        }
    }

    @Test
    void everyNodeIsMeteredFromItsRegistrationAndHeartbeatsAreCounted() {
        String admin = adminToken();
        FakeWings wings = startWings();
        String node = attachedNode(admin, wings, "");
        await("the new node's meters are exported before any call to it", () -> metrics().lines()
                .anyMatch(l -> l.startsWith("wingman_wings_breaker_state{") && l.contains("node=\"" + node + "\"")));
        assertTrue(metrics().lines().anyMatch(l -> l.startsWith("wingman_wings_calls_total{") && l.contains("kind=\"call\"")
                && l.contains("node=\"" + node + "\"")), "its call counter too");
        await("heartbeats are counted", () -> metrics().lines().anyMatch(l -> l.startsWith("wingman_wings_calls_total{")
                && l.contains("kind=\"heartbeat\"") && l.contains("node=\"" + node + "\"") && !l.endsWith(" 0.0")));

        wings.mode(FakeWings.Mode.HANG);
        try {
            await("a hung node's heartbeat timeouts are counted", () -> metrics().lines()
                    .anyMatch(l -> l.startsWith("wingman_wings_failures_total{") && l.contains("kind=\"heartbeat\"")
                            && l.contains("node=\"" + node + "\"") && l.contains("reason=\"timeout\"")));
        } finally {
            wings.mode(FakeWings.Mode.UP);
        }
        assertTrue(metrics().lines().noneMatch(l -> l.startsWith("wingman_wings_failures_total{") && l.contains("kind=\"call\"")
                && l.contains("node=\"" + node + "\"")), "no panel call was made to it");

        assertEquals(204, api().delete("/api/nodes/" + node, admin).status());
        await("a deleted node's meters go", () -> metrics().lines().noneMatch(l -> l.contains("node=\"" + node + "\"")
                && l.startsWith("wingman_wings_")));
    }

    private String metrics() {
        return api().get("/metrics?scope=application", null).body();
    }
}
