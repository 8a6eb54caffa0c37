package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.api.FakeWings;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static dev.wingman.app.NodeTest.nodeBody;
import static dev.wingman.app.NodeTest.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Server creation within the payer's plan (billing's entitlements) while the billing flag is on:
 * above the plan's servers, memory or disk it is 403 naming the limit and the plan, and nothing is
 * created; an organisation's servers count against the organisation's plan. With the flag off the
 * tiers' quotas (409) apply instead.
 */
@HelidonTest
class ServerPlanLimitsTest extends PanelTest {
    @AddConfigSource
    static ConfigSource config() {
        Map<String, String> config = new HashMap<>(NodeTestSupport.fastNodes());
        // The free tier without a plan, as an operator might set it (test panels lift it otherwise).
        config.put("wingman.billing.free-limits.servers", "1");
        config.put("wingman.billing.free-limits.memory-mib", "1024");
        config.put("wingman.billing.free-limits.disk-mib", "2048");
        return panelConfig(config);
    }

    private record Setup(String admin, String egg, FakeWings wings, String node) {
    }

    private Setup setup() {
        String admin = adminToken();
        String egg = importEgg(admin);
        FakeWings wings = startWings();
        ApiClient.Response node = api().post("/api/nodes", nodeBody(uniqueName("plan"), wings,
                "\"nodeType\":\"free_and_paid\",\"portRangeStart\":28000,\"portRangeEnd\":28100"), admin);
        assertEquals(201, node.status(), node.toString());
        return new Setup(admin, egg, wings, node.json().getString("id"));
    }

    /** A plan at no cost (so an order of it is active at once) with these server limits; its name. */
    private String[] plan(String admin, int servers, int memoryMib, int diskMib) {
        String name = "Pro-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.Response created = api().post("/api/admin/plans", "{\"name\":\"" + name + "\",\"description\":\"\","
                + "\"tier\":\"paid\",\"price\":{\"amount\":0,\"currency\":\"EUR\"},\"period\":\"monthly\",\"limits\":{"
                + "\"servers\":" + servers + ",\"memoryMib\":" + memoryMib + ",\"diskMib\":" + diskMib + ",\"cpuPercent\":100,"
                + "\"allocations\":2,\"databases\":0,\"backups\":1,\"tunnelPorts\":0,\"aiTokens\":0},\"visible\":true,"
                + "\"active\":true}", admin);
        assertEquals(201, created.status(), created.toString());
        return new String[] {created.json().getString("id"), name};
    }

    private void subscribe(String token, String planId, String organisationId) {
        ApiClient.Response order = api().send("POST", "/api/orders", "{\"planId\":\"" + planId + "\""
                + (organisationId == null ? "" : ",\"organisationId\":\"" + organisationId + "\"") + "}", token,
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertEquals(201, order.status(), order.toString());
        assertEquals("active", order.json().getString("state"), "a plan at no cost is active at once");
    }

    private String body(Setup setup, int memory, int disk, String extra) {
        return "{\"name\":\"Limited\",\"eggId\":\"" + setup.egg + "\",\"memory\":" + memory + ",\"disk\":" + disk
                + ",\"nodeId\":\"" + setup.node + "\"" + extra + "}";
    }

    private static void refused(ApiClient.Response response, String limit, String plan, String message) {
        assertEquals(403, response.status(), response.toString());
        JsonObject error = response.json();
        assertEquals(message, error.getString("error"));
        assertEquals(limit, error.getString("limit"));
        if (plan == null) {
            assertFalse(error.containsKey("plan"), error.toString());
            assertEquals("free", error.getString("tier"));
        } else {
            assertEquals(plan, error.getString("plan"));
            assertEquals("paid", error.getString("tier"));
        }
    }

    @Test
    void aPlansLimitsHoldAnAccountsAndAnOrganisationsServers() {
        Setup setup = setup();
        String user = userToken("planned");
        String[] solo = plan(setup.admin, 1, 2048, 8192);
        subscribe(user, solo[0], null);

        ApiClient.Response tooBig = api().post("/api/servers", body(setup, 3000, 1024, ""), user);
        refused(tooBig, "memory", solo[1], "Your plan " + solo[1] + " allows at most 2048 MiB of memory in all; delete a "
                + "server or upgrade your plan");
        refused(api().post("/api/servers", body(setup, 512, 9000, ""), user), "disk", solo[1], "Your plan " + solo[1]
                + " allows at most 8192 MiB of disk in all; delete a server or upgrade your plan");
        ApiClient.Response first = api().post("/api/servers", body(setup, 2048, 8192, ""), user);
        assertEquals(201, first.status(), "exactly the plan's memory and disk: " + first);
        ApiClient.Response second = api().post("/api/servers", body(setup, 64, 64, ""), user);
        refused(second, "servers", solo[1], "Your plan " + solo[1] + " allows at most 1 servers in all; delete a server "
                + "or upgrade your plan");
        assertEquals(1, second.json().getInt("allowed"));
        assertEquals(1, api().get("/api/servers", user).json().getJsonArray("data").size(), "nothing kept of the refused");
        assertEquals(1, setup.wings.servers().size(), "Wings was never asked for the refused ones");
        assertEquals(1, api().get("/api/infrastructure/nodes/" + setup.node + "/allocations?status=used", setup.admin).json()
                .getJsonObject("meta").getInt("total"), "no port left reserved");

        // The organisation's servers count against the organisation's plan, not the owner's.
        String org = api().post("/api/organisations", "{\"name\":\"Guild\",\"handle\":\"g-" + UUID.randomUUID().toString()
                .substring(0, 8) + "\"}", user).json().getString("id");
        String orgExtra = ",\"organisationId\":\"" + org + "\"";
        // Without a plan of its own the organisation has the free tier's (1 server, 1024 MiB here).
        refused(api().post("/api/servers", body(setup, 2048, 1024, orgExtra), user), "memory", null,
                "The free tier allows at most 1024 MiB of memory in all; delete a server or upgrade your plan");
        String[] team = plan(setup.admin, 2, 4096, 16384);
        subscribe(user, team[0], org);
        assertEquals(201, api().post("/api/servers", body(setup, 2048, 1024, orgExtra), user).status());
        assertEquals(201, api().post("/api/servers", body(setup, 2048, 1024, orgExtra), user).status());
        refused(api().post("/api/servers", body(setup, 64, 64, orgExtra), user), "servers", team[1], "Your plan " + team[1]
                + " allows at most 2 servers in all; delete a server or upgrade your plan");
        assertEquals(3, setup.wings.servers().size());

        // An account an administrator set above the free tier by hand keeps its tier's quota without a plan.
        String sponsored = userToken("sponsored");
        assertEquals(200, api().put("/api/admin/users/" + userId(sponsored), "{\"tier\":\"paid\"}", setup.admin).status());
        assertEquals(201, api().post("/api/servers", body(setup, 2048, 1024, ""), sponsored).status(),
                "the paid tier's quota, not the free tier's 1024 MiB");
        assertEquals(201, api().post("/api/servers", body(setup, 64, 64, ""), sponsored).status(), "nor its one server");

        // Server administrators are held to no plan.
        assertEquals(201, api().post("/api/servers", body(setup, 4096, 1024, ""), setup.admin).status());
    }

    @Test
    void withBillingOffTheTiersQuotasApply() {
        Setup setup = setup();
        String user = userToken("unbilled");
        String[] solo = plan(setup.admin, 1, 1024, 2048);
        subscribe(user, solo[0], null);
        refused(api().post("/api/servers", body(setup, 2048, 1024, ""), user), "memory", solo[1], "Your plan " + solo[1]
                + " allows at most 1024 MiB of memory in all; delete a server or upgrade your plan");

        assertEquals(200, api().put("/api/admin/features", "{\"billing\":false}", setup.admin).status());
        try {
            // The free tier's quota: 2 servers, 4096 MiB of memory in all; the plan's 1 server and 1024 MiB count no more.
            ApiClient.Response tooBig = api().post("/api/servers", body(setup, 5000, 1024, ""), user);
            assertEquals(409, tooBig.status(), tooBig.toString());
            assertEquals("The free tier allows at most 4096 MiB of memory in all; delete a server or change plan",
                    tooBig.json().getString("error"));
            assertEquals(201, api().post("/api/servers", body(setup, 2048, 1024, ""), user).status());
            assertEquals(201, api().post("/api/servers", body(setup, 2048, 1024, ""), user).status());
            ApiClient.Response third = api().post("/api/servers", body(setup, 64, 64, ""), user);
            assertEquals(409, third.status(), third.toString());
            assertEquals("The free tier allows at most 2 servers in all; delete a server or change plan",
                    third.json().getString("error"));
        } finally {
            api().put("/api/admin/features", "{\"billing\":true}", setup.admin);
        }
        // Back on, the plan holds again: two servers are more than its one.
        refused(api().post("/api/servers", body(setup, 64, 64, ""), user), "servers", solo[1], "Your plan " + solo[1]
                + " allows at most 1 servers in all; delete a server or upgrade your plan");
    }
}
