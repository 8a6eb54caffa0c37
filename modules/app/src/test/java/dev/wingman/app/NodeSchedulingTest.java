package dev.wingman.app;

import dev.wingman.nodes.api.Allocations;
import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.api.FakeWings;
import dev.wingman.testkit.api.TestServices;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.wingman.app.NodeTest.await;
import static dev.wingman.app.NodeTest.nodeBody;
import static dev.wingman.app.NodeTest.uniqueName;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who may deploy where, port allocation, node-wide operations and fault isolation, against FakeWings. */
@HelidonTest
class NodeSchedulingTest extends PanelTest {
    @Inject
    Allocations allocations;

    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(NodeTestSupport.fastNodes());
    }

    private static FakeWings wings() {
        FakeWings wings = startWings();
        return wings;
    }

    private String node(String admin, FakeWings wings, String extra) {
        ApiClient.Response created = api().post("/api/nodes", nodeBody(uniqueName("n"), wings, extra), admin);
        assertEquals(201, created.status(), created.toString());
        return created.json().getString("id");
    }

    private String userWithTier(String admin, String tier) {
        String token = userToken(tier);
        ApiClient.Response changed = api().put("/api/admin/users/" + userId(token), "{\"tier\":\"" + tier + "\"}", admin);
        assertEquals(200, changed.status(), changed.toString());
        return token(changed.json().getString("email"));
    }

    private Set<String> availableIds(String token) {
        return availableIds(token, null);
    }

    /** The nodes available for a personal server, or for a server of {@code organisationId}. */
    private Set<String> availableIds(String token, String organisationId) {
        ApiClient.Response response = api().get("/api/nodes/available" + (organisationId == null ? "" : "?organisationId="
                + organisationId), token);
        assertEquals(200, response.status(), response.toString());
        assertFalse(response.body().contains(NodeTest.TOKEN), "tokens are never included");
        Set<String> ids = new HashSet<>();
        response.array().getValuesAs(JsonObject.class).forEach(n -> ids.add(n.getString("id")));
        return ids;
    }

    @Test
    void availableNodesFollowTierOrganisationAndHealth() {
        String admin = adminToken();
        String free = node(admin, wings(), "\"nodeType\":\"free\"");
        String paid = node(admin, wings(), "\"nodeType\":\"paid\"");
        String both = node(admin, wings(), "\"nodeType\":\"free_and_paid\"");
        String enterprise = node(admin, wings(), "\"nodeType\":\"enterprise\"");
        FakeWings flaky = wings();
        String downLater = node(admin, flaky, "\"nodeType\":\"free_and_paid\"");

        String enterpriseUser = userWithTier(admin, "enterprise");
        String org = api().post("/api/organisations", "{\"name\":\"Ent\",\"handle\":\"ent-" + UUID.randomUUID().toString()
                .substring(0, 8) + "\"}", enterpriseUser).json().getString("id");
        assertEquals(409, api().post("/api/nodes/" + paid + "/assign-org", "{\"organisationId\":\"" + org + "\"}", admin).status(),
                "only enterprise nodes are scoped to organisations");
        assertEquals(400, api().post("/api/nodes/" + enterprise + "/assign-org", "{\"organisationId\":\"nope\"}", admin).status());
        ApiClient.Response assigned = api().post("/api/nodes/" + enterprise + "/assign-org", "{\"organisationId\":\"" + org + "\"}", admin);
        assertEquals(200, assigned.status(), assigned.toString());
        assertEquals(org, assigned.json().getString("organisationId"));

        Set<String> freeSees = availableIds(userWithTier(admin, "free"));
        assertTrue(freeSees.containsAll(List.of(free, both, downLater)));
        assertFalse(freeSees.contains(paid) || freeSees.contains(enterprise));
        for (String tier : List.of("paid", "educational")) {
            Set<String> sees = availableIds(userWithTier(admin, tier));
            assertTrue(sees.containsAll(List.of(paid, both)), tier);
            assertFalse(sees.contains(free) || sees.contains(enterprise), tier);
        }
        // An organisation's enterprise node takes only that organisation's servers, whoever places them.
        Set<String> personal = availableIds(enterpriseUser);
        assertTrue(personal.containsAll(List.of(paid, both)), "enterprise accounts use paid nodes for personal servers");
        assertFalse(personal.contains(enterprise) || personal.contains(free), "not the organisation's node for a personal server");
        assertTrue(availableIds(enterpriseUser, org).containsAll(List.of(enterprise, paid, both)));
        assertEquals(404, api().get("/api/nodes/available?organisationId=" + org, userWithTier(admin, "enterprise")).status(),
                "not a member of the organisation");
        assertTrue(availableIds(admin).containsAll(List.of(free, paid, both)), "administrators see every type");
        assertFalse(availableIds(admin).contains(enterprise), "but an organisation's node only for its servers");
        assertTrue(availableIds(admin, org).contains(enterprise));

        // The enterprise member sees the node in the infrastructure API, with its configuration as an owner.
        ApiClient.Response infra = api().get("/api/infrastructure/nodes", enterpriseUser);
        assertEquals(1, infra.array().size());
        assertEquals(200, api().get("/api/infrastructure/nodes/" + enterprise, enterpriseUser).status());
        assertEquals(200, api().get("/api/infrastructure/nodes/" + enterprise + "/config", enterpriseUser).status());
        assertEquals(404, api().get("/api/infrastructure/nodes/" + paid, enterpriseUser).status());
        assertEquals(409, api().delete("/api/organisations/" + org, enterpriseUser).status(),
                "an organisation with nodes cannot be deleted");

        // Cached answers are invalidated at once when a node changes or its health does.
        String paidUser = userWithTier(admin, "paid");
        assertTrue(availableIds(paidUser).contains(both));
        assertEquals(200, api().put("/api/nodes/" + both, "{\"maintenance\":true}", admin).status());
        assertFalse(availableIds(paidUser).contains(both), "maintenance excludes at once");
        api().put("/api/nodes/" + both, "{\"maintenance\":false,\"deploymentsEnabled\":false}", admin);
        assertFalse(availableIds(paidUser).contains(both), "deployment-disabled nodes are excluded");
        api().put("/api/nodes/" + both, "{\"deploymentsEnabled\":true}", admin);
        assertTrue(availableIds(paidUser).contains(both));

        assertTrue(availableIds(paidUser).contains(downLater));
        flaky.mode(FakeWings.Mode.DOWN);
        await("an unhealthy node leaves the available list", () -> !availableIds(paidUser).contains(downLater));
        flaky.mode(FakeWings.Mode.UP);
        await("it comes back when healthy", () -> availableIds(paidUser).contains(downLater));
    }

    @Test
    void fiftyConcurrentAllocationsGetFiftyPorts() throws Exception {
        String admin = adminToken();
        String id = node(admin, wings(), "\"portRangeStart\":30000,\"portRangeEnd\":30060");
        List<Future<ApiClient.Response>> requests = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                requests.add(pool.submit(() -> api().post("/api/nodes/" + id + "/allocations", "{}", admin)));
            }
        }
        Set<Integer> ports = new HashSet<>();
        for (Future<ApiClient.Response> request : requests) {
            ApiClient.Response response = request.get();
            assertEquals(201, response.status(), response.toString());
            ports.add(response.json().getInt("port"));
        }
        assertEquals(50, ports.size(), "every request got a port of its own");
        assertTrue(ports.stream().allMatch(p -> p >= 30000 && p <= 30060));

        ApiClient.Response taken = api().post("/api/nodes/" + id + "/allocations", "{\"port\":30000}", admin);
        assertEquals(409, taken.status());
        assertEquals(201, api().post("/api/nodes/" + id + "/allocations", "{\"port\":40000,\"notes\":\"query\"}", admin).status());
        assertEquals(400, api().post("/api/nodes/" + id + "/allocations", "{\"ip\":\"10.9.9.9\"}", admin).status());

        JsonObject used = api().get("/api/infrastructure/nodes/" + id + "/allocations?status=used&perPage=100", admin).json();
        assertEquals(51, used.getJsonObject("meta").getInt("total"));
        JsonObject free = api().get("/api/infrastructure/nodes/" + id + "/allocations?status=free", admin).json();
        assertEquals(61 - 50, free.getJsonObject("meta").getInt("total"));
        assertFalse(free.getJsonArray("data").getJsonObject(0).getBoolean("used"));
        assertEquals(400, api().get("/api/infrastructure/nodes/" + id + "/allocations?status=maybe", admin).status());

        String queryPort = used.getJsonArray("data").getValuesAs(JsonObject.class).stream()
                .filter(a -> a.getInt("port") == 40000).findFirst().orElseThrow().getString("id");
        assertEquals(204, api().delete("/api/nodes/" + id + "/allocations/" + queryPort, admin).status());
    }

    @Test
    void massAllocationChangeMovesPortsAndSyncsServers() {
        String admin = adminToken();
        FakeWings wings = wings();
        String id = node(admin, wings, "\"portRangeStart\":25565,\"portRangeEnd\":25600,\"ipv4Addresses\":[\"10.0.0.1\",\"10.0.0.2\"]");
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        String missing = UUID.randomUUID().toString();
        wings.addServer(first);
        wings.addServer(second);
        allocations.allocate(id, "10.0.0.1", null, first, null);
        allocations.allocate(id, "10.0.0.1", null, first, null);
        allocations.allocate(id, "10.0.0.1", null, second, null);
        allocations.allocate(id, "10.0.0.1", null, missing, null);
        allocations.allocate(id, "10.0.0.2", 25565, null, null);

        assertEquals(409, api().delete("/api/nodes/" + id, admin).status(), "a node hosting servers cannot be deleted");
        ApiClient.Response clash = api().post("/api/nodes/" + id + "/mass-allocation-change",
                "{\"oldIp\":\"10.0.0.1\",\"newIp\":\"10.0.0.2\"}", admin);
        assertEquals(409, clash.status(), "port 25565 is taken on the new IP");
        assertEquals(400, api().post("/api/nodes/" + id + "/mass-allocation-change", "{\"oldIp\":\"10.0.0.1\",\"newIp\":\"x\"}",
                admin).status());

        ApiClient.Response moved = api().post("/api/nodes/" + id + "/mass-allocation-change",
                "{\"oldIp\":\"10.0.0.1\",\"newIp\":\"192.0.2.7\"}", admin);
        assertEquals(200, moved.status(), moved.toString());
        JsonObject result = moved.json();
        assertEquals(4, result.getInt("movedAllocations"));
        assertEquals(3, result.getInt("totalServers"));
        assertEquals(2, result.getInt("updatedCount"));
        assertEquals(1, result.getInt("failedCount"));
        JsonObject failure = result.getJsonArray("failures").getJsonObject(0);
        assertEquals(missing, failure.getString("serverUuid"));
        assertThat(failure.getString("error"), containsString("404"));
        assertEquals(1, wings.server(first).syncs());
        assertEquals(1, wings.server(second).syncs());

        JsonArray ips = api().get("/api/nodes/" + id, admin).json().getJsonArray("ipv4Addresses");
        assertEquals(List.of("192.0.2.7", "10.0.0.2"), ips.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList());
        JsonObject used = api().get("/api/infrastructure/nodes/" + id + "/allocations?status=used", admin).json();
        assertEquals(4, used.getJsonArray("data").getValuesAs(JsonObject.class).stream()
                .filter(a -> a.getString("ip").equals("192.0.2.7")).count());
    }

    @Test
    void rebootAllServersRunsToCompletionWithOneFailure() {
        String admin = adminToken();
        FakeWings wings = wings();
        String id = node(admin, wings, "");
        String healthy = UUID.randomUUID().toString();
        String stubborn = UUID.randomUUID().toString();
        String broken = UUID.randomUUID().toString();
        String offline = UUID.randomUUID().toString();
        wings.addServer(healthy).state("running");
        wings.addServer(stubborn).state("running").stubborn(true);
        wings.addServer(broken).state("running").broken(true);
        wings.addServer(offline);

        ApiClient.Response started = api().post("/api/nodes/" + id + "/reboot-all-servers", null, admin);
        assertEquals(202, started.status(), started.toString());
        String operation = started.json().getString("operationId");
        assertEquals("running", started.json().getString("status"));
        assertEquals(409, api().post("/api/nodes/" + id + "/reboot-all-servers", null, admin).status(),
                "one reboot at a time per node");

        String status = "/api/nodes/" + id + "/reboot-status/" + operation;
        await("the operation finishes", () -> !api().get(status, admin).json().getString("status").equals("running"));
        JsonObject done = api().get(status, admin).json();
        assertEquals("completed", done.getString("status"), done.toString());
        assertEquals(100, done.getInt("progress"));
        assertEquals(3, done.getInt("totalServers"), "only running servers are rebooted");
        assertThat(done.getString("message"), containsString("2 of 3"));
        for (JsonObject server : done.getJsonArray("servers").getValuesAs(JsonObject.class)) {
            String uuid = server.getString("uuid");
            if (uuid.equals(broken)) {
                assertThat(server.getString("start"), containsString("failed"));
            } else {
                assertEquals("started", server.getString("start"), server.toString());
            }
            if (uuid.equals(stubborn)) {
                assertEquals("killed", server.getString("kill"), "a server that does not stop is killed");
            }
        }
        assertEquals(List.of("stop", "start"), wings.server(healthy).powerLog());
        assertEquals(List.of("stop", "kill", "start"), wings.server(stubborn).powerLog());
        assertEquals(List.of(), wings.server(offline).powerLog());
        await("the healthy server runs again", () -> wings.server(healthy).state().equals("running"));
        assertEquals(404, api().get("/api/nodes/" + id + "/reboot-status/nope", admin).status());
    }

    @Test
    void anOperationAbandonedByADeadInstanceIsResumed() throws Exception {
        String admin = adminToken();
        FakeWings wings = wings();
        String id = node(admin, wings, "");
        String server = UUID.randomUUID().toString();
        wings.addServer(server).state("running");
        // What a panel instance that died in the middle of a reboot leaves behind: stop sent, claim lapsed.
        String operation = UUID.randomUUID().toString();
        try (Connection db = DriverManager.getConnection(TestServices.get().panelConfig().get("wingman.database.url"));
             PreparedStatement insert = db.prepareStatement("insert into node_operations (id, node_id, kind, status, phase, "
                     + "progress, message, results, claimed_by, claimed_until, created_at, updated_at) values (?, ?, "
                     + "'reboot-all', 'running', 'waiting', 30, 'Waiting', cast(? as jsonb), 'dead-instance', now() - interval '1 minute', "
                     + "now(), now())")) {
            insert.setString(1, operation);
            insert.setString(2, id);
            insert.setString(3, "[{\"uuid\":\"" + server + "\",\"stop\":\"stopped\"}]");
            insert.executeUpdate();
        }
        String status = "/api/nodes/" + id + "/reboot-status/" + operation;
        await("another instance resumes and finishes it", () -> api().get(status, admin).json().getString("status")
                .equals("completed"));
        assertEquals(List.of("kill", "start"), wings.server(server).powerLog(),
                "resumed from the phase it had reached: the still-running server is killed, then started");
    }

    @Test
    void aHungNodeFailsFastOnceItsBreakerOpensAndOthersAreUnaffected() {
        String admin = adminToken();
        FakeWings hung = wings();
        String hungNode = node(admin, hung, "");
        String healthyNode = node(admin, wings(), "");
        hung.mode(FakeWings.Mode.HANG);
        try {
            ApiClient.Response timedOut = api().get("/api/nodes/" + hungNode + "/system", admin);
            assertEquals(502, timedOut.status(), timedOut.toString());
            assertThat(timedOut.json().getString("error"), containsString("did not answer in time"));
            ApiClient.Response open = null;
            for (int i = 0; i < 6 && (open == null || open.status() != 503); i++) {
                open = api().get("/api/nodes/" + hungNode + "/system", admin);
            }
            assertEquals(503, open.status(), open.toString());
            assertThat(open.json().getString("error"), containsString("circuit breaker is open"));
            assertEquals(hungNode, open.json().getString("node"));
            assertEquals(200, api().get("/api/nodes/" + healthyNode + "/system", admin).status(),
                    "another node's calls are not affected");

            String metrics = api().get("/metrics?scope=application", null).body();
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("wingman_wings_breaker_state{")
                    && l.contains("node=\"" + hungNode + "\"") && l.endsWith(" 2.0")), "the open breaker is exported");
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("wingman_wings_calls_total{")
                    && l.contains("node=\"" + healthyNode + "\"")), "calls are counted per node");
            await("node health is exported", () -> api().get("/metrics?scope=application", null).body().lines()
                    .anyMatch(l -> l.startsWith("wingman_node_health{") && l.contains("node=\"" + healthyNode + "\"")
                            && l.endsWith(" 1.0")));
        } finally {
            hung.mode(FakeWings.Mode.UP);
        }
        await("the breaker lets a call through again after its delay",
                () -> api().get("/api/nodes/" + hungNode + "/system", admin).status() == 200);
    }
}
