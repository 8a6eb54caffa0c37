package dev.wingman.app;

import dev.wingman.nodes.api.NodeHealth;
import dev.wingman.nodes.api.NodeHealthChanged;
import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.api.FakeWings;
import io.helidon.microprofile.testing.AddBean;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The node registry against real FakeWings agents: registration, credentials, configuration, health. */
@HelidonTest
@AddBean(NodeTest.HealthEvents.class)
class NodeTest extends PanelTest {
    static final String TOKEN = "wings-token-0123456789abcdef0123456789abcdef0123456789abcdef0123";
    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(NodeTestSupport.fastNodes());
    }

    /** Records the health events the monitor fires. */
    @ApplicationScoped
    public static class HealthEvents {
        static final List<NodeHealthChanged> SEEN = new CopyOnWriteArrayList<>();

        void on(@Observes NodeHealthChanged event) {
            SEEN.add(event);
        }
    }

    static FakeWings wings() {
        FakeWings wings = startWings();
        return wings;
    }

    static String nodeBody(String name, FakeWings wings, String extra) {
        return "{\"name\":\"" + name + "\",\"url\":\"" + wings.url() + "\",\"token\":\"" + wings.token() + "\""
                + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void registerWithDefaultsAndReadCredentials() {
        String admin = adminToken();
        FakeWings wings = wings();
        String name = uniqueName("EU");
        ApiClient.Response created = api().post("/api/nodes", nodeBody(name, wings, ""), admin);
        assertEquals(201, created.status(), created.toString());
        JsonObject node = created.json();
        assertEquals(name, node.getString("name"));
        assertEquals("127.0.0.1", node.getString("fqdn"));
        assertEquals(2022, node.getInt("sftpPort"));
        assertEquals("paid", node.getString("nodeType"));
        assertEquals(List.of("127.0.0.1"), node.getJsonArray("ipv4Addresses").getValuesAs(jakarta.json.JsonString.class)
                .stream().map(jakarta.json.JsonString::getString).toList());
        assertTrue(absent(node, "portRangeStart"));
        assertEquals("1.11.11", node.getString("wingsVersion"));
        assertEquals("healthy", node.getJsonObject("health").getString("status"), "registration counts as the first heartbeat");
        assertFalse(created.body().contains(TOKEN), "the token never appears in a node view");

        String id = node.getString("id");
        JsonObject credentials = api().get("/api/nodes/" + id + "/credentials", admin).json();
        assertEquals(TOKEN, credentials.getString("token"));
        assertEquals(16, credentials.getString("tokenId").length());
        assertEquals("Bearer " + credentials.getString("tokenId") + "." + TOKEN, credentials.getString("authorization"));
        assertEquals(TOKEN, api().get("/api/nodes/" + id + "/token", admin).json().getString("token"));

        ApiClient.Response yaml = api().get("/api/nodes/" + id + "/configuration", admin);
        assertEquals(200, yaml.status());
        assertThat(yaml.header("Content-Type"), containsString("yaml"));
        assertThat(yaml.body(), containsString("uuid: " + node.getString("uuid")));
        assertThat(yaml.body(), containsString("token_id: " + credentials.getString("tokenId")));
        assertThat(yaml.body(), containsString("token: " + TOKEN));
        assertThat(yaml.body(), containsString("port: " + wings.port()));
        assertThat(yaml.body(), containsString("bind_port: 2022"));
        assertThat(yaml.body(), containsString("remote: https://panel.example.test"));

        JsonObject system = api().get("/api/nodes/" + id + "/system", admin).json();
        assertEquals("amd64", system.getString("architecture"));

        assertEquals(200, api().get("/api/nodes/" + id, admin).status());
        assertEquals(409, api().post("/api/nodes", nodeBody(name.toLowerCase(), wings, ""), admin).status(),
                "names are unique regardless of case");
    }

    @Test
    void registrationFailuresStoreNothing() throws Exception {
        String admin = adminToken();
        FakeWings wings = wings();
        long before = api().get("/api/nodes", admin).json().getJsonObject("meta").getJsonNumber("total").longValue();

        String name = uniqueName("bad");
        ApiClient.Response wrongToken = api().post("/api/nodes", "{\"name\":\"" + name + "\",\"url\":\"" + wings.url()
                + "\",\"token\":\"not-the-token-of-this-node\"}", admin);
        assertEquals(502, wrongToken.status(), wrongToken.toString());
        assertThat(wrongToken.json().getString("error"), containsString("rejected the token (HTTP 403)"));

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ApiClient.Response unreachable = api().post("/api/nodes", "{\"name\":\"" + name + "\",\"url\":\"http://127.0.0.1:"
                + closedPort + "\",\"token\":\"" + TOKEN + "\"}", admin);
        assertEquals(502, unreachable.status(), unreachable.toString());
        assertThat(unreachable.json().getString("error"), containsString("Could not reach Wings"));

        wings.mode(FakeWings.Mode.FAIL);
        assertEquals(502, api().post("/api/nodes", nodeBody(name, wings, ""), admin).status());
        wings.mode(FakeWings.Mode.UP);

        Map<String, String> invalid = Map.of(
                "\"url\":\"ftp://node.example.com\"", "url",
                "\"url\":\"https://node.example.com/api\"", "url",
                "\"portRangeStart\":30000,\"portRangeEnd\":25565", "portRangeEnd",
                "\"portRangeStart\":25565", "portRangeEnd",
                "\"ipv6Subnet\":\"2001:db8::/48\"", "ipv6Subnet",
                "\"ipv6Subnet\":\"10.0.0.0/64\"", "ipv6Subnet",
                "\"nodeType\":\"gold\"", "nodeType",
                "\"sftpPort\":70000", "sftpPort",
                "\"ipv4Addresses\":[\"300.1.1.1\"]", "ipv4Addresses",
                "\"colour\":\"red\"", "colour");
        invalid.forEach((fields, field) -> {
            String body = "{\"name\":\"" + name + "\",\"token\":\"" + TOKEN + "\"," + (fields.contains("\"url\"") ? fields
                    : "\"url\":\"" + wings.url() + "\"," + fields) + "}";
            ApiClient.Response response = api().post("/api/nodes", body, admin);
            assertEquals(400, response.status(), body + " -> " + response);
            assertEquals(field, response.json().getString("field"), body);
        });
        ApiClient.Response missing = api().post("/api/nodes", "{\"url\":\"" + wings.url() + "\",\"token\":\"" + TOKEN + "\"}", admin);
        assertEquals(400, missing.status());
        assertEquals("name", missing.json().getString("field"));
        assertEquals(400, api().post("/api/nodes", "{not json", admin).status());

        assertEquals(before, api().get("/api/nodes", admin).json().getJsonObject("meta").getJsonNumber("total").longValue(),
                "no failed registration stored a node");
        assertEquals(0, wings.configurationUpdates().size());
    }

    @Test
    void updateValidatesAndNormalises() {
        String admin = adminToken();
        FakeWings wings = wings();
        String id = api().post("/api/nodes", nodeBody(uniqueName("upd"), wings, "\"portRangeStart\":25565,\"portRangeEnd\":25600"),
                admin).json().getString("id");
        ApiClient.Response updated = api().put("/api/nodes/" + id, "{\"ipv6Subnet\":\"2001:DB8:1:2:0:0:0:1/64\","
                + "\"memory\":8192,\"memoryOverallocate\":20,\"serverLimit\":10,\"deploymentsEnabled\":false,\"fqdn\":\"Node1.Example.com\"}", admin);
        assertEquals(200, updated.status(), updated.toString());
        JsonObject node = updated.json();
        assertEquals("2001:db8:1:2::/64", node.getString("ipv6Subnet"));
        assertEquals(8192, node.getInt("memory"));
        assertEquals(10, node.getInt("serverLimit"));
        assertFalse(node.getBoolean("deploymentsEnabled"));
        assertEquals("node1.example.com", node.getString("fqdn"));
        assertEquals(25565, node.getInt("portRangeStart"), "absent fields are left alone");

        ApiClient.Response v6 = api().post("/api/nodes/" + id + "/allocations", "{\"ip\":\"2001:db8:1:2:0:0:0:25\"}", admin);
        assertEquals(201, v6.status(), v6.toString());
        assertEquals("2001:db8:1:2::25", v6.json().getString("ip"), "IPv6 allocations come from the node's subnet");
        assertEquals(25565, v6.json().getInt("port"));
        ApiClient.Response outside = api().post("/api/nodes/" + id + "/allocations", "{\"ip\":\"2001:db8:9::1\"}", admin);
        assertEquals(400, outside.status());
        assertEquals("ip", outside.json().getString("field"));

        JsonObject cleared = api().put("/api/nodes/" + id, "{\"ipv6Subnet\":null,\"serverLimit\":null}", admin).json();
        assertTrue(absent(cleared, "ipv6Subnet"));
        assertTrue(absent(cleared, "serverLimit"));
        assertEquals(400, api().put("/api/nodes/" + id, "{\"portRangeEnd\":1000}", admin).status());
        assertEquals(404, api().put("/api/nodes/nope", "{\"maintenance\":true}", admin).status());
    }

    @Test
    void tokenRotationIsPushedToWingsFirst() {
        String admin = adminToken();
        FakeWings wings = wings();
        String id = api().post("/api/nodes", nodeBody(uniqueName("rot"), wings, ""), admin).json().getString("id");
        String oldTokenId = api().get("/api/nodes/" + id + "/credentials", admin).json().getString("tokenId");

        ApiClient.Response rotated = api().put("/api/nodes/" + id + "/credentials", "{}", admin);
        assertEquals(200, rotated.status(), rotated.toString());
        String newToken = rotated.json().getString("token");
        String newTokenId = rotated.json().getString("tokenId");
        assertEquals(64, newToken.length());
        assertNotEquals(oldTokenId, newTokenId);

        assertEquals(1, wings.configurationUpdates().size());
        JsonObject pushed = wings.configurationUpdates().get(0);
        assertEquals(newToken, pushed.getString("token"));
        assertEquals(newTokenId, pushed.getString("token_id"));
        assertEquals("https://panel.example.test", pushed.getString("remote"));
        assertEquals(newToken, wings.token(), "Wings applied the new token");
        assertEquals(newToken, api().get("/api/nodes/" + id + "/token", admin).json().getString("token"));
        assertEquals(200, api().get("/api/nodes/" + id + "/system", admin).status(), "the panel now calls with the new token");

        // Wings down: the rotation is refused and nothing changes.
        wings.mode(FakeWings.Mode.DOWN);
        ApiClient.Response refused = api().put("/api/nodes/" + id + "/credentials", "{\"token\":\"" + TOKEN + "\"}", admin);
        assertEquals(502, refused.status(), refused.toString());
        wings.mode(FakeWings.Mode.UP);
        assertEquals(newToken, api().get("/api/nodes/" + id + "/token", admin).json().getString("token"));
    }

    @Test
    void heartbeatsTrackHealthAndFireEvents() {
        String admin = adminToken();
        FakeWings wings = wings();
        String id = api().post("/api/nodes", nodeBody(uniqueName("hb"), wings, ""), admin).json().getString("id");
        await("heartbeats are recorded", () -> heartbeatCount(admin, id) >= 2);

        wings.mode(FakeWings.Mode.DOWN);
        await("the node turns unhealthy", () -> health(admin, id).equals("unhealthy"));
        JsonObject node = api().get("/api/nodes/" + id, admin).json().getJsonObject("health");
        assertEquals("error", node.getString("lastStatus"));
        assertThat(node.getString("lastError"), containsString("refused"));
        await("a health event was fired", () -> HealthEvents.SEEN.stream()
                .anyMatch(e -> e.nodeId().equals(id) && e.current() == NodeHealth.UNHEALTHY));

        wings.mode(FakeWings.Mode.UP);
        await("the node is healthy again", () -> health(admin, id).equals("healthy"));
        assertTrue(HealthEvents.SEEN.stream().anyMatch(e -> e.nodeId().equals(id) && e.current() == NodeHealth.HEALTHY
                && e.previous() == NodeHealth.UNHEALTHY));

        wings.mode(FakeWings.Mode.HANG);
        await("a hung node times out", () -> "timeout".equals(api().get("/api/nodes/" + id, admin).json()
                .getJsonObject("health").getString("lastStatus", "")));
        wings.mode(FakeWings.Mode.UP);

        JsonObject page = api().get("/api/nodes/" + id + "/heartbeats?perPage=5", admin).json();
        assertEquals(5, page.getJsonArray("data").size());
        assertTrue(page.getJsonObject("summary").getInt("checks") >= 5);
        assertTrue(page.getJsonObject("summary").getJsonNumber("uptimePercent").doubleValue() < 100);
        JsonObject newest = page.getJsonArray("data").getJsonObject(0);
        assertEquals(id, newest.getString("nodeId"));
        ApiClient.Response all = api().get("/api/nodes/heartbeats?perPage=100", admin);
        assertEquals(200, all.status());
        assertEquals(0, api().get("/api/nodes/" + id + "/heartbeats?from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z", admin)
                .json().getJsonArray("data").size());
        assertEquals(400, api().get("/api/nodes/" + id + "/heartbeats?from=yesterday", admin).status());
    }

    @Test
    void everyEndpointNeedsItsPermission() {
        String user = userToken("nodeuser");
        String admin = adminToken();
        String id = api().post("/api/nodes", nodeBody(uniqueName("perm"), wings(), ""), admin).json().getString("id");
        String[][] endpoints = {
                {"GET", "/api/nodes"}, {"POST", "/api/nodes"}, {"GET", "/api/nodes/heartbeats"},
                {"POST", "/api/nodes/generate-token"}, {"GET", "/api/nodes/" + id}, {"PUT", "/api/nodes/" + id},
                {"DELETE", "/api/nodes/" + id}, {"GET", "/api/nodes/" + id + "/system"}, {"GET", "/api/nodes/" + id + "/token"},
                {"GET", "/api/nodes/" + id + "/credentials"}, {"PUT", "/api/nodes/" + id + "/credentials"},
                {"GET", "/api/nodes/" + id + "/configuration"}, {"POST", "/api/nodes/" + id + "/assign-org"},
                {"GET", "/api/nodes/" + id + "/heartbeats"}, {"POST", "/api/nodes/" + id + "/allocations"},
                {"DELETE", "/api/nodes/" + id + "/allocations/x"}, {"POST", "/api/nodes/" + id + "/mass-allocation-change"},
                {"POST", "/api/nodes/" + id + "/reboot-all-servers"}, {"GET", "/api/nodes/" + id + "/reboot-status/x"}};
        for (String[] endpoint : endpoints) {
            String body = endpoint[0].equals("GET") || endpoint[0].equals("DELETE") ? null : "{}";
            assertEquals(401, api().send(endpoint[0], endpoint[1], body, null, Map.of()).status(), String.join(" ", endpoint));
            assertEquals(403, api().send(endpoint[0], endpoint[1], body, user, Map.of()).status(), String.join(" ", endpoint));
        }
        for (String path : List.of("/api/nodes/available", "/api/infrastructure/nodes", "/api/infrastructure/nodes/" + id)) {
            assertEquals(401, api().get(path, null).status(), path);
        }
        assertEquals(404, api().get("/api/infrastructure/nodes/" + id, user).status(), "a node outside my organisations is hidden");
        assertEquals(200, api().get("/api/nodes/available", user).status());
        JsonObject generated = api().post("/api/nodes/generate-token", "{}", admin).json();
        assertEquals(64, generated.getString("token").length());
        assertEquals(16, generated.getString("tokenId").length());
    }

    @Test
    void deleteNode() {
        String admin = adminToken();
        String id = api().post("/api/nodes", nodeBody(uniqueName("del"), wings(), ""), admin).json().getString("id");
        assertEquals(204, api().delete("/api/nodes/" + id, admin).status());
        assertEquals(404, api().get("/api/nodes/" + id, admin).status());
        assertEquals(404, api().delete("/api/nodes/" + id, admin).status());
    }

    private String health(String admin, String id) {
        return api().get("/api/nodes/" + id, admin).json().getJsonObject("health").getString("status");
    }

    private long heartbeatCount(String admin, String id) {
        return api().get("/api/nodes/" + id + "/heartbeats", admin).json().getJsonObject("meta")
                .getJsonNumber("total").longValue();
    }

    /** JSON-B leaves null fields out. */
    static boolean absent(JsonObject object, String key) {
        return !object.containsKey(key) || object.isNull(key);
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
        fail("Timed out waiting until " + what);
    }
}
