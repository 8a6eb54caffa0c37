package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.api.FakeWings;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.wingman.app.NodeTest.nodeBody;
import static dev.wingman.app.NodeTest.uniqueName;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Creating servers on FakeWings nodes: placement, capacity, ports, rollback, visibility and deletion. */
@HelidonTest
class ServerTest extends PanelTest {
    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(NodeTestSupport.fastNodes());
    }

    private record Setup(String admin, String egg, FakeWings wings, String node) {
    }

    /** An egg and a node of its own (reached by nodeId, or scoped to an organisation for automatic placement). */
    private Setup setup(String nodeFields) {
        String admin = adminToken();
        String egg = importEgg(admin);
        FakeWings wings = startWings();
        ApiClient.Response node = api().post("/api/nodes", nodeBody(uniqueName("srv"), wings,
                "\"nodeType\":\"free_and_paid\",\"portRangeStart\":27000,\"portRangeEnd\":27100" + nodeFields), admin);
        assertEquals(201, node.status(), node.toString());
        return new Setup(admin, egg, wings, node.json().getString("id"));
    }

    private static String createBody(Setup setup, String extra) {
        return "{\"name\":\"Survival\",\"eggId\":\"" + setup.egg + "\",\"memory\":1024,\"disk\":4096"
                + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    private String paidUser(String admin) {
        String token = userToken("player");
        ApiClient.Response changed = api().put("/api/admin/users/" + userId(token), "{\"tier\":\"paid\"}", admin);
        return token(changed.json().getString("email"));
    }

    @Test
    void createFindListAndDelete() {
        Setup setup = setup("");
        String user = paidUser(setup.admin);
        ApiClient.Response created = api().post("/api/servers", createBody(setup, "\"nodeId\":\"" + setup.node
                + "\",\"environment\":{\"SERVER_JARFILE\":\"paper.jar\"}"), user);
        assertEquals(201, created.status(), created.toString());
        JsonObject server = created.json();
        String id = server.getString("id");
        String uuid = server.getString("uuid");
        assertEquals(uuid.substring(0, 8), server.getString("identifier"));
        assertEquals("installing", server.getString("status"));
        assertEquals(setup.node, server.getString("nodeId"));
        assertEquals("paper.jar", server.getJsonObject("environment").getString("SERVER_JARFILE"));
        assertFalse(server.getJsonObject("environment").containsKey("BUILD_NUMBER"), "the egg hides it from users");
        assertEquals("latest", api().get("/api/servers/" + id, setup.admin).json().getJsonObject("environment")
                .getString("BUILD_NUMBER"), "defaults fill the rest");
        assertEquals("ghcr.io/pterodactyl/yolks:java_21", server.getString("dockerImage"), "the egg's first image");
        assertEquals(27000, server.getJsonArray("allocations").getJsonObject(0).getInt("port"));
        assertTrue(setup.wings.servers().containsKey(uuid), "Wings was asked to create it");

        for (String reference : List.of(id, uuid, uuid.substring(0, 8))) {
            assertEquals(200, api().get("/api/servers/" + reference, user).status(), reference);
        }
        assertEquals(404, api().get("/api/servers/" + id, userToken("stranger")).status(), "others do not see it");
        assertEquals(200, api().get("/api/servers/" + id, setup.admin).status());
        JsonObject mine = api().get("/api/servers?q=surv", user).json();
        assertEquals(1, mine.getJsonObject("meta").getInt("total"));
        assertEquals(403, api().get("/api/servers?all=true", user).status());
        assertTrue(api().get("/api/servers?all=true&nodeId=" + setup.node, setup.admin).json().getJsonObject("meta").getInt("total") >= 1);

        assertEquals(409, api().delete("/api/admin/eggs/" + setup.egg, setup.admin).status(), "an egg in use stays");
        assertEquals(409, api().delete("/api/nodes/" + setup.node, setup.admin).status(), "a node with servers stays");
        assertEquals(204, api().delete("/api/servers/" + id, user).status());
        assertFalse(setup.wings.servers().containsKey(uuid), "deleted on Wings");
        assertEquals(404, api().get("/api/servers/" + id, user).status());
        assertEquals(0, api().get("/api/infrastructure/nodes/" + setup.node + "/allocations?status=used", setup.admin).json()
                .getJsonObject("meta").getInt("total"), "its port is free again");
        assertEquals(204, api().delete("/api/admin/eggs/" + setup.egg, setup.admin).status());
    }

    @Test
    void aWingsFailureLeavesNothingBehind() {
        Setup setup = setup("");
        String user = paidUser(setup.admin);
        setup.wings.failCreates(true);
        ApiClient.Response failed = api().post("/api/servers", createBody(setup, "\"nodeId\":\"" + setup.node + "\""), user);
        assertEquals(502, failed.status(), failed.toString());
        assertThat(failed.json().getString("error"), containsString("Wings could not create the server"));
        assertEquals(0, api().get("/api/servers", user).json().getJsonObject("meta").getInt("total"), "no server row");
        assertEquals(0, api().get("/api/infrastructure/nodes/" + setup.node + "/allocations?status=used", setup.admin).json()
                .getJsonObject("meta").getInt("total"), "no allocation");

        setup.wings.failCreates(false);
        assertEquals(201, api().post("/api/servers", createBody(setup, "\"nodeId\":\"" + setup.node + "\""), user).status());
    }

    @Test
    void badRequestsNameTheField() {
        Setup setup = setup("");
        String user = paidUser(setup.admin);
        String node = "\"nodeId\":\"" + setup.node + "\"";
        String[][] cases = {
                {"{\"eggId\":\"" + setup.egg + "\",\"memory\":1024,\"disk\":4096}", "name"},
                {"{\"name\":\"x\",\"eggId\":\"" + setup.egg + "\",\"disk\":4096}", "memory"},
                {createBody(setup, "\"io\":5"), "io"},
                {createBody(setup, node + ",\"environment\":{\"SERVER_JARFILE\":\"x.zip\"}"), "environment.SERVER_JARFILE"},
                {createBody(setup, node + ",\"environment\":{\"BUILD_NUMBER\":\"1\"}"), "environment.BUILD_NUMBER"},
                {createBody(setup, node + ",\"dockerImage\":\"evil/image\""), "dockerImage"},
                {createBody(setup, "\"nodeId\":\"not-a-node\""), "nodeId"}};
        for (String[] c : cases) {
            ApiClient.Response response = api().post("/api/servers", c[0], user);
            assertEquals(400, response.status(), c[0] + " -> " + response);
            assertEquals(c[1], response.json().getString("field"), c[0]);
        }
        assertEquals(404, api().post("/api/servers", createBody(setup, node).replace(setup.egg, "nope"), user).status());
        assertEquals(401, api().post("/api/servers", createBody(setup, node), null).status());
    }

    @Test
    void aFreeAccountStaysWithinItsTiersQuotaWithBillingOff() {
        Setup setup = setup("");
        String free = userToken("freebie");
        // With billing on the plan's limits apply instead (ServerPlanLimitsTest).
        assertEquals(200, api().put("/api/admin/features", "{\"billing\":false}", setup.admin).status());
        try {
            withinTiersQuota(setup, free);
        } finally {
            api().put("/api/admin/features", "{\"billing\":true}", setup.admin);
        }
    }

    private void withinTiersQuota(Setup setup, String free) {
        String small = "{\"name\":\"Small\",\"eggId\":\"" + setup.egg + "\",\"memory\":512,\"disk\":1024,\"nodeId\":\""
                + setup.node + "\"}";
        ApiClient.Response tooBig = api().post("/api/servers", small.replace("\"memory\":512", "\"memory\":5000"), free);
        assertEquals(409, tooBig.status(), tooBig.toString());
        assertThat(tooBig.json().getString("error"), containsString("4096 MiB of memory"));
        assertEquals(201, api().post("/api/servers", small, free).status());
        assertEquals(201, api().post("/api/servers", small, free).status());
        ApiClient.Response third = api().post("/api/servers", small, free);
        assertEquals(409, third.status(), third.toString());
        assertThat(third.json().getString("error"), containsString("at most 2 servers"));
        assertEquals(2, api().get("/api/servers", free).json().getJsonArray("data").size(), "nothing kept of the refused ones");
        assertEquals(2, api().get("/api/infrastructure/nodes/" + setup.node + "/allocations?status=used", setup.admin).json()
                .getJsonObject("meta").getInt("total"), "nor their ports");
        assertEquals(201, api().post("/api/servers", small, setup.admin).status(), "server administrators have no quota");
    }

    @Test
    void placementFindsRoomAndConcurrentCreatesNeverOverfillANode() throws Exception {
        // 1,280 MiB of memory fits twenty 64 MiB servers; fifty ask at once.
        Setup setup = setup(",\"memory\":1280");
        String user = paidUser(setup.admin);
        String body = "{\"name\":\"Small\",\"eggId\":\"" + setup.egg + "\",\"memory\":64,\"disk\":64,\"nodeId\":\"" + setup.node + "\"}";
        List<Future<ApiClient.Response>> creates = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                creates.add(pool.submit(() -> api().post("/api/servers", body, user)));
            }
        }
        Set<Integer> ports = new HashSet<>();
        int created = 0;
        for (Future<ApiClient.Response> create : creates) {
            ApiClient.Response response = create.get();
            if (response.status() == 201) {
                created++;
                ports.add(response.json().getJsonArray("allocations").getJsonObject(0).getInt("port"));
            } else {
                assertEquals(503, response.status(), response.toString());
                assertThat(response.json().getString("error"), containsString("has room"));
            }
        }
        assertEquals(20, created, "exactly as many as fit");
        assertEquals(20, ports.size(), "no two servers share a port");
        assertEquals(20, api().get("/api/infrastructure/nodes/" + setup.node + "/allocations?status=used&perPage=100",
                setup.admin).json().getJsonObject("meta").getInt("total"), "refused creates left no port behind");
        assertEquals(20, setup.wings.servers().size());
    }

    @Test
    void automaticPlacementUsesTheCallersOrganisationNodes() {
        String admin = adminToken();
        Setup setup = setup("");
        String owner = userToken("entowner");
        ApiClient.Response tier = api().put("/api/admin/users/" + userId(owner), "{\"tier\":\"enterprise\"}", admin);
        String enterprise = token(tier.json().getString("email"));
        String org = api().post("/api/organisations", "{\"name\":\"Hosts\",\"handle\":\"h-" + UUID.randomUUID().toString()
                .substring(0, 8) + "\"}", enterprise).json().getString("id");
        assertEquals(200, api().put("/api/nodes/" + setup.node, "{\"nodeType\":\"enterprise\"}", admin).status());
        assertEquals(200, api().post("/api/nodes/" + setup.node + "/assign-org", "{\"organisationId\":\"" + org + "\"}", admin).status());

        ApiClient.Response created = api().post("/api/servers", "{\"name\":\"Org\",\"eggId\":\"" + setup.egg
                + "\",\"memory\":512,\"disk\":1024,\"organisationId\":\"" + org + "\"}", enterprise);
        assertEquals(201, created.status(), created.toString());
        assertEquals(setup.node, created.json().getString("nodeId"), "placed on the organisation's node without naming it");
        assertEquals(org, created.json().getString("organisationId"));
        assertEquals(409, api().delete("/api/organisations/" + org, enterprise).status(), "an organisation with servers stays");
    }
}
