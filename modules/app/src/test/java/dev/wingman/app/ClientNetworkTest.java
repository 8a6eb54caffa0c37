package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.api.FakeWings;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.wingman.app.NodeTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client API's network endpoints: ports auto-assigned from the node's range up to the
 * server's allocation limit, notes, the primary, removal; every change reaches FakeWings through
 * the sync job, and the configuration it then reads from the panel carries the ports.
 */
@HelidonTest
class ClientNetworkTest extends PanelTest {

    @AddConfigSource
    static ConfigSource config() {
        Map<String, String> config = new HashMap<>(NodeTestSupport.fastNodes());
        config.put("wingman.wings.read-timeout", "PT3S");
        return panelConfig(config);
    }

    private record Owned(String admin, String owner, String key, String serverId, String identifier, String uuid,
                         String nodeId, String egg, FakeWings wings) {
        String base() {
            return "/api/client/servers/" + identifier + "/network/allocations";
        }

        FakeWings.Server onWings() {
            return wings.server(uuid);
        }
    }

    private Owned server(int ports, int limit) {
        String admin = adminToken();
        FakeWings wings = startWings();
        String node = attachedNode(admin, wings, "\"nodeType\":\"free_and_paid\",\"portRangeStart\":" + ports
                + ",\"portRangeEnd\":" + (ports + 50));
        String owner = userToken("network");
        return create(admin, owner, wings, node, importEgg(admin), limit);
    }

    private Owned create(String admin, String owner, FakeWings wings, String node, String egg, int limit) {
        ApiClient.Response created = api().post("/api/servers", "{\"name\":\"Net\",\"eggId\":\"" + egg
                + "\",\"memory\":512,\"disk\":1024,\"nodeId\":\"" + node + "\"}", owner);
        assertEquals(201, created.status(), created.toString());
        JsonObject server = created.json();
        String id = server.getString("id");
        await("installed", () -> NodeTest.absent(api().get("/api/servers/" + id, owner).json(), "status"));
        if (limit > 0) {
            ApiClient.Response limited = api().send("PATCH", "/api/servers/" + id, "{\"allocationLimit\":" + limit + "}", admin,
                    Map.of("Content-Type", "application/json"));
            assertEquals(200, limited.status(), limited.toString());
            assertEquals(limit, limited.json().getInt("allocationLimit"));
        }
        return new Owned(admin, owner, apiKey(owner, "*"), id, server.getString("identifier"), server.getString("uuid"),
                node, egg, wings);
    }

    private List<JsonObject> allocations(Owned o, String token) {
        ApiClient.Response listed = api().get(o.base(), token);
        assertEquals(200, listed.status(), listed.toString());
        assertEquals("list", listed.json().getString("object"));
        return listed.json().getJsonArray("data").getValuesAs(JsonObject.class).stream()
                .peek(a -> assertEquals("allocation", a.getString("object")))
                .map(a -> a.getJsonObject("attributes")).toList();
    }

    private static List<Integer> ports(List<JsonObject> allocations) {
        return allocations.stream().map(a -> a.getInt("port")).toList();
    }

    /** The ports Wings was last given for the server, from the configuration it read from the panel. */
    private static List<Integer> wingsPorts(Owned o) {
        JsonObject mappings = o.onWings().configuration().getJsonObject("settings").getJsonObject("allocations")
                .getJsonObject("mappings");
        return mappings.values().stream().flatMap(v -> v.asJsonArray().getValuesAs(JsonNumber.class).stream())
                .map(JsonNumber::intValue).sorted().toList();
    }

    private static int wingsDefaultPort(Owned o) {
        return o.onWings().configuration().getJsonObject("settings").getJsonObject("allocations").getJsonObject("default")
                .getInt("port");
    }

    private List<String> events(Owned o) {
        return api().get("/api/client/servers/" + o.identifier + "/activity?per_page=100", o.owner).json().getJsonArray("data")
                .getValuesAs(JsonObject.class).stream().map(e -> e.getJsonObject("attributes").getString("event")).toList();
    }

    @Test
    void portsAreAddedUpToTheLimitAnnotatedMadePrimaryAndRemovedAndWingsIsSyncedEachTime() {
        Owned o = server(34000, 3);
        List<JsonObject> initial = allocations(o, o.key);
        assertEquals(1, initial.size());
        JsonObject primary = initial.get(0);
        assertEquals(34000, primary.getInt("port"));
        assertTrue(primary.getBoolean("is_default"));
        assertTrue(primary.isNull("notes"));
        assertTrue(primary.isNull("ip_alias"));
        assertEquals(3, api().get("/api/client/servers/" + o.identifier, o.key).json().getJsonObject("attributes")
                .getJsonObject("feature_limits").getInt("allocations"));

        int syncs = o.onWings().syncs();
        ApiClient.Response added = api().post(o.base(), "", o.key);
        assertEquals(200, added.status(), added.toString());
        assertEquals("allocation", added.json().getString("object"));
        JsonObject second = added.json().getJsonObject("attributes");
        assertEquals(34001, second.getInt("port"), "the lowest free port of the node's range");
        assertEquals(primary.getString("ip"), second.getString("ip"), "on the primary's IP");
        assertFalse(second.getBoolean("is_default"));
        await("Wings synced the new port", () -> o.onWings().syncs() > syncs && wingsPorts(o).equals(List.of(34000, 34001)));

        assertEquals(200, api().post(o.base(), "", o.key).status());
        assertEquals(List.of(34000, 34001, 34002), ports(allocations(o, o.key)));
        ApiClient.Response full = api().post(o.base(), "", o.key);
        assertEquals(400, full.status(), full.toString());
        assertEquals("Cannot assign additional allocations to this server: limit has been reached.", full.json().getString("error"));
        assertEquals(3, allocations(o, o.key).size(), "nothing added past the limit");

        String secondId = String.valueOf(second.getJsonNumber("id").longValue());
        ApiClient.Response noted = api().post(o.base() + "/" + secondId, "{\"notes\":\"query port\"}", o.key);
        assertEquals(200, noted.status(), noted.toString());
        assertEquals("query port", noted.json().getJsonObject("attributes").getString("notes"));
        ApiClient.Response tooLong = api().post(o.base() + "/" + secondId, "{\"notes\":\"" + "n".repeat(256) + "\"}", o.key);
        assertEquals(422, tooLong.status(), tooLong.toString());
        assertEquals("notes", tooLong.json().getString("field"));
        assertEquals("query port", allocations(o, o.key).get(1).getString("notes"), "unchanged");

        int beforePrimary = o.onWings().syncs();
        ApiClient.Response made = api().post(o.base() + "/" + secondId + "/primary", "", o.key);
        assertEquals(200, made.status(), made.toString());
        assertTrue(made.json().getJsonObject("attributes").getBoolean("is_default"));
        List<JsonObject> now = allocations(o, o.key);
        assertEquals(List.of(34001, 34000, 34002), ports(now), "the primary first");
        assertTrue(now.get(0).getBoolean("is_default"));
        assertFalse(now.get(1).getBoolean("is_default"));
        await("Wings runs on the new primary", () -> o.onWings().syncs() > beforePrimary && wingsDefaultPort(o) == 34001);
        assertEquals("34001", o.onWings().configuration().getJsonObject("settings").getJsonObject("environment")
                .getString("SERVER_PORT"));

        ApiClient.Response refused = api().delete(o.base() + "/" + secondId, o.key);
        assertEquals(400, refused.status(), refused.toString());
        assertEquals("You cannot delete the primary allocation for this server.", refused.json().getString("error"));
        String firstId = String.valueOf(primary.getJsonNumber("id").longValue());
        assertEquals(204, api().delete(o.base() + "/" + firstId, o.key).status());
        assertEquals(List.of(34001, 34002), ports(allocations(o, o.key)));
        await("Wings no longer maps the removed port", () -> wingsPorts(o).equals(List.of(34001, 34002)));
        ApiClient.Response reused = api().post(o.base(), "", o.key);
        assertEquals(34000, reused.json().getJsonObject("attributes").getInt("port"), "a removed port returns to the node");

        List<String> events = events(o);
        for (String event : List.of("server:allocation.create", "server:allocation.notes", "server:allocation.primary",
                "server:allocation.delete")) {
            assertTrue(events.contains(event), event + " in " + events);
        }
    }

    /** The node's rows (allocations that exist, held or not) by port, from the admin API. */
    private Map<Integer, JsonObject> nodeRows(Owned o) {
        ApiClient.Response used = api().get("/api/infrastructure/nodes/" + o.nodeId + "/allocations?status=used&perPage=100",
                o.admin);
        assertEquals(200, used.status(), used.toString());
        Map<Integer, JsonObject> rows = new HashMap<>();
        used.json().getJsonArray("data").getValuesAs(JsonObject.class).forEach(r -> rows.put(r.getInt("port"), r));
        return rows;
    }

    @Test
    void aRemovedPortAnAdministratorReservedStaysOnTheNodeUnassignedAndOneThePanelCreatedIsDeleted() {
        Owned o = server(34300, 3);
        ApiClient.Response reserved = api().post("/api/nodes/" + o.nodeId + "/allocations",
                "{\"port\":34301,\"notes\":\"voice\"}", o.admin);
        assertEquals(201, reserved.status(), reserved.toString());
        String reservationId = reserved.json().getString("id");

        JsonObject claimed = api().post(o.base(), "", o.key).json().getJsonObject("attributes");
        assertEquals(34301, claimed.getInt("port"), "the administrator's reservation is assigned first");
        String claimedId = String.valueOf(claimed.getJsonNumber("id").longValue());
        assertEquals(200, api().post(o.base() + "/" + claimedId, "{\"notes\":\"query port\"}", o.key).status());
        JsonObject auto = api().post(o.base(), "", o.key).json().getJsonObject("attributes");
        assertEquals(34302, auto.getInt("port"), "then the lowest free port of the range");
        await("Wings maps all three", () -> wingsPorts(o).equals(List.of(34300, 34301, 34302)));

        assertEquals(204, api().delete(o.base() + "/" + claimedId, o.key).status());
        assertEquals(204, api().delete(o.base() + "/" + auto.getJsonNumber("id").longValue(), o.key).status());
        assertEquals(List.of(34300), ports(allocations(o, o.key)));
        await("Wings maps only the primary", () -> wingsPorts(o).equals(List.of(34300)));
        Map<Integer, JsonObject> rows = nodeRows(o);
        JsonObject kept = rows.get(34301);
        assertEquals(reservationId, kept.getString("id"), "the reservation is the same row");
        assertTrue(NodeTest.absent(kept, "serverUuid"), kept.toString());
        assertTrue(NodeTest.absent(kept, "notes"), "notes are cleared: " + kept);
        assertFalse(rows.containsKey(34302), "the port the panel created is deleted, free again: " + rows.keySet());

        JsonObject again = api().post(o.base(), "", o.key).json().getJsonObject("attributes");
        assertEquals(34301, again.getInt("port"), "the unassigned reservation is assigned again");
        assertEquals(o.uuid, nodeRows(o).get(34301).getString("serverUuid"));
        assertEquals(reservationId, nodeRows(o).get(34301).getString("id"));
        String primaryId = String.valueOf(allocations(o, o.key).get(0).getJsonNumber("id").longValue());
        assertEquals(400, api().delete(o.base() + "/" + primaryId, o.key).status(), "the primary is never removed");
        assertEquals(List.of(34300, 34301), ports(allocations(o, o.key)));

        ApiClient.Response deleted = api().delete("/api/servers/" + o.serverId, o.owner);
        assertEquals(204, deleted.status(), deleted.toString());
        await("the server's ports are given up", () -> !nodeRows(o).containsKey(34300));
        JsonObject afterDeletion = nodeRows(o).get(34301);
        assertTrue(afterDeletion != null && NodeTest.absent(afterDeletion, "serverUuid"),
                "deleting the server leaves the reservation on the node: " + afterDeletion);

        // A new server's port is chosen as an added one is: the unassigned reservation before the lower free 34300.
        Owned next = create(o.admin, o.owner, o.wings, o.nodeId, o.egg, 0);
        assertEquals(List.of(34301), ports(allocations(next, next.key)), "the reservation is given to the new server");
        assertEquals(reservationId, nodeRows(o).get(34301).getString("id"));
        assertEquals(next.uuid, nodeRows(o).get(34301).getString("serverUuid"));
        assertFalse(nodeRows(o).containsKey(34300), "no port was created for it");
        assertEquals(34301, wingsDefaultPort(next));
    }

    @Test
    void anotherServersPortIsNotFoundAndAServerWithoutALimitKeepsItsPorts() {
        Owned o = server(34100, 2);
        Owned other = create(o.admin, o.owner, o.wings, o.nodeId, o.egg, 2);
        long foreign = allocations(other, other.key).get(0).getJsonNumber("id").longValue();
        assertEquals(404, api().post(o.base() + "/" + foreign, "{\"notes\":\"x\"}", o.key).status());
        assertEquals(404, api().post(o.base() + "/" + foreign + "/primary", "", o.key).status());
        assertEquals(404, api().delete(o.base() + "/" + foreign, o.key).status());
        assertEquals(404, api().delete(o.base() + "/not-a-number", o.key).status());
        JsonObject untouched = allocations(other, other.key).get(0);
        assertTrue(untouched.getBoolean("is_default"));
        assertTrue(untouched.isNull("notes"));

        Owned unlimited = create(o.admin, userToken("unlimited"), o.wings, o.nodeId, o.egg, 0);
        ApiClient.Response none = api().post(unlimited.base(), "", unlimited.key);
        assertEquals(400, none.status(), none.toString());
        assertEquals("Cannot assign additional allocations to this server: limit has been reached.", none.json().getString("error"));
        assertEquals(0, api().get("/api/client/servers/" + unlimited.identifier, unlimited.key).json()
                .getJsonObject("attributes").getJsonObject("feature_limits").getInt("allocations"));
    }

    @Test
    void eachEndpointNeedsItsKeyForSubusersAndKeysAndOtherTenantsSeeNothing() {
        Owned o = server(34200, 3);
        long id = allocations(o, o.key).get(0).getJsonNumber("id").longValue();
        String readerEmail = register("reader");
        assertEquals(200, api().post("/api/client/servers/" + o.identifier + "/users", "{\"email\":\"" + readerEmail
                + "\",\"permissions\":[\"allocation.read\"]}", o.owner).status());
        String reader = token(readerEmail);
        assertEquals(1, allocations(o, reader).size(), "allocation.read lists");
        assertEquals(403, api().post(o.base(), "", reader).status(), "allocation.create");
        assertEquals(403, api().post(o.base() + "/" + id, "{\"notes\":\"x\"}", reader).status(), "allocation.update");
        assertEquals(403, api().post(o.base() + "/" + id + "/primary", "", reader).status(), "allocation.update");
        assertEquals(403, api().delete(o.base() + "/" + id, reader).status(), "allocation.delete");

        String readOnlyKey = apiKey(o.owner, "allocation.read");
        assertEquals(1, allocations(o, readOnlyKey).size());
        assertEquals(403, api().post(o.base(), "", readOnlyKey).status(), "the key's scope lacks allocation.create");

        String stranger = userToken("stranger");
        assertEquals(404, api().get(o.base(), stranger).status(), "another tenant's server is not found");
        assertEquals(404, api().post(o.base(), "", stranger).status());
        assertEquals(404, api().delete(o.base() + "/" + id, stranger).status());
        List<JsonObject> after = allocations(o, o.key);
        assertEquals(1, after.size(), "nothing changed");
        assertTrue(after.get(0).isNull("notes"));
    }

    @Test
    void onAHungNodeTheChangeStandsAndReachesWingsOnceItAnswersAgain() {
        Owned o = server(34300, 2);
        o.wings.mode(FakeWings.Mode.HANG);
        ApiClient.Response added;
        try {
            added = api().post(o.base(), "", o.key);
            assertEquals(200, added.status(), added.toString());
            assertEquals(List.of(34300, 34301), ports(allocations(o, o.key)), "saved whatever the node does");
        } finally {
            o.wings.mode(FakeWings.Mode.UP);
        }
        await("the sync job delivered the port once the node answered", () -> wingsPorts(o).equals(List.of(34300, 34301)));
    }
}
