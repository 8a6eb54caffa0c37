package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.api.FakeWings;
import dev.wingman.testkit.api.TestServices;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static dev.wingman.app.NodeTest.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Changing, suspending and reinstalling servers, each pushed to FakeWings. */
@HelidonTest
class ServerManagementTest extends PanelTest {
    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(NodeTestSupport.fastNodes());
    }

    private record Running(String admin, String owner, JsonObject server, FakeWings wings) {
        String id() {
            return server.getString("id");
        }

        String uuid() {
            return server.getString("uuid");
        }
    }

    private Running server() {
        String admin = adminToken();
        FakeWings wings = startWings();
        String node = attachedNode(admin, wings, "\"nodeType\":\"free_and_paid\",\"portRangeStart\":31000,"
                + "\"portRangeEnd\":31100,\"memory\":4096");
        String egg = importEgg(admin);
        String owner = userToken("manager");
        JsonObject server = api().post("/api/servers", "{\"name\":\"Managed\",\"eggId\":\"" + egg
                + "\",\"memory\":1024,\"disk\":4096,\"nodeId\":\"" + node + "\"}", owner).json();
        await("installed", () -> NodeTest.absent(api().get("/api/servers/" + server.getString("id"), owner).json(), "status"));
        return new Running(admin, owner, server, wings);
    }

    @Test
    void changesAreCheckedSavedAndSyncedToWings() {
        Running r = server();
        String path = "/api/servers/" + r.id();
        ApiClient.Response renamed = api().send("PATCH", path, "{\"name\":\"Renamed\",\"environment\":{\"SERVER_JARFILE\":\"paper.jar\"}}",
                r.owner, Map.of());
        assertEquals(200, renamed.status(), renamed.toString());
        assertEquals("Renamed", renamed.json().getString("name"));
        assertEquals("paper.jar", renamed.json().getJsonObject("environment").getString("SERVER_JARFILE"));
        assertEquals("latest", renamed.json().getJsonObject("environment").getString("MINECRAFT_VERSION"), "others keep their value");
        assertEquals(1, r.wings.server(r.uuid()).syncs());
        assertEquals("java -Xms128M -Xmx1024M -jar paper.jar", r.wings.server(r.uuid()).configuration()
                .getJsonObject("settings").getString("invocation"), "Wings re-read the new configuration");

        ApiClient.Response invalid = api().send("PATCH", path, "{\"environment\":{\"SERVER_JARFILE\":\"x.zip\"}}", r.owner, Map.of());
        assertEquals(400, invalid.status());
        assertEquals("environment.SERVER_JARFILE", invalid.json().getString("field"));
        assertEquals(403, api().send("PATCH", path, "{\"memory\":2048}", r.owner, Map.of()).status(),
                "owners cannot change their own limits");

        ApiClient.Response grown = api().send("PATCH", path, "{\"memory\":2048}", r.admin, Map.of());
        assertEquals(200, grown.status(), grown.toString());
        assertEquals(2048, r.wings.server(r.uuid()).configuration().getJsonObject("settings").getJsonObject("build")
                .getInt("memory_limit"));
        ApiClient.Response tooBig = api().send("PATCH", path, "{\"memory\":8192}", r.admin, Map.of());
        assertEquals(409, tooBig.status(), "the node has 4,096 MiB");
        assertThat(tooBig.json().getString("error"), containsString("no room"));
        assertEquals(2048, api().get(path, r.owner).json().getJsonObject("limits").getInt("memory"), "nothing changed");

        r.wings.mode(FakeWings.Mode.DOWN);
        try {
            ApiClient.Response unsynced = api().send("PATCH", path, "{\"name\":\"Offline edit\"}", r.owner, Map.of());
            assertEquals(502, unsynced.status());
            assertThat(unsynced.json().getString("error"), containsString("The change is saved"));
            assertEquals("Offline edit", api().get(path, r.owner).json().getString("name"));
        } finally {
            r.wings.mode(FakeWings.Mode.UP);
        }
    }

    /**
     * An admin change and a suspension read the server before another path (here a transaction
     * standing in for the client API's rename or Wings' status report) commits its change of other
     * fields: both changes are kept, none overwritten by the values read before.
     */
    @Test
    void aConcurrentChangeOfOtherFieldsSurvivesAnAdminChangeAndASuspension() throws Exception {
        Running r = server();
        String path = "/api/servers/" + r.id();
        ApiClient.Response grown = whileChangedElsewhere(r.id(), "description = 'Described elsewhere'",
                () -> api().send("PATCH", path, "{\"memory\":2048,\"backupLimit\":5}", r.admin, Map.of()));
        assertEquals(200, grown.status(), grown.toString());
        JsonObject afterChange = api().get(path, r.owner).json();
        assertEquals(2048, afterChange.getJsonObject("limits").getInt("memory"));
        assertEquals("Described elsewhere", afterChange.getString("description"), "not overwritten by the admin change");

        ApiClient.Response suspended = whileChangedElsewhere(r.id(), "name = 'Renamed elsewhere'",
                () -> api().post(path + "/suspend", null, r.admin));
        assertEquals(200, suspended.status(), suspended.toString());
        JsonObject afterSuspension = api().get(path, r.owner).json();
        assertTrue(afterSuspension.getBoolean("suspended"));
        assertEquals("Renamed elsewhere", afterSuspension.getString("name"), "not overwritten by the suspension");
        assertEquals("Described elsewhere", afterSuspension.getString("description"));
        assertEquals(2048, afterSuspension.getJsonObject("limits").getInt("memory"));

        ApiClient.Response tooBig = api().send("PATCH", path, "{\"memory\":8192}", r.admin, Map.of());
        assertEquals(409, tooBig.status(), "still checked against the node's 4,096 MiB");
        assertThat(tooBig.json().getString("error"), containsString("has no room for"));
    }

    /**
     * Sends {@code request} while another transaction holds the server's row, changed by
     * {@code assignment}; that transaction commits once the request waits for the row.
     */
    private static ApiClient.Response whileChangedElsewhere(String serverId, String assignment,
                                                            Supplier<ApiClient.Response> request) throws Exception {
        // A thread of its own (the common pool may have no free worker on a small machine), closed
        // after the connection, so that a failure rolls back before waiting for the request.
        try (ExecutorService sender = Executors.newSingleThreadExecutor();
             Connection db = DriverManager.getConnection(TestServices.get().panelConfig().get("wingman.database.url"))) {
            db.setAutoCommit(false);
            try (PreparedStatement change = db.prepareStatement("update servers set " + assignment + " where id = ?")) {
                change.setString(1, serverId);
                assertEquals(1, change.executeUpdate());
            }
            CompletableFuture<ApiClient.Response> answer = CompletableFuture.supplyAsync(request, sender);
            // Until the request waits for the row (or 3 s: it may wait where pg_stat_activity does not show it).
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (!waitingForALock(db) && !answer.isDone() && System.nanoTime() < giveUp) {
                Thread.sleep(50);
            }
            db.commit();
            return answer.get(30, TimeUnit.SECONDS);
        }
    }

    private static boolean waitingForALock(Connection db) {
        try (PreparedStatement waiting = db.prepareStatement("select count(*) from pg_stat_activity "
                + "where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid() "
                + "and query ilike '%servers%'");
             ResultSet count = waiting.executeQuery()) {
            return count.next() && count.getLong(1) > 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void suspensionStopsTheServerAndBlocksPower() {
        Running r = server();
        String client = "/api/client/servers/" + r.server.getString("identifier");
        assertEquals(204, api().post(client + "/power", "{\"signal\":\"start\"}", r.owner).status());
        await("running", () -> r.wings.server(r.uuid()).state().equals("running"));

        assertEquals(403, api().post("/api/servers/" + r.id() + "/suspend", null, r.owner).status());
        ApiClient.Response suspended = api().post("/api/servers/" + r.id() + "/suspend", null, r.admin);
        assertEquals(200, suspended.status(), suspended.toString());
        assertTrue(suspended.json().getBoolean("suspended"));
        assertEquals("offline", r.wings.server(r.uuid()).state(), "Wings stopped the suspended server");
        assertEquals(409, api().post(client + "/power", "{\"signal\":\"start\"}", r.owner).status());
        assertTrue(api().get(client, r.owner).json().getJsonObject("attributes").getBoolean("is_suspended"));

        assertEquals(200, api().post("/api/servers/" + r.id() + "/unsuspend", null, r.admin).status());
        assertEquals(204, api().post(client + "/power", "{\"signal\":\"start\"}", r.owner).status());
    }

    @Test
    void reinstallRunsTheInstallerAgain() {
        Running r = server();
        ApiClient.Response started = api().post("/api/servers/" + r.id() + "/reinstall", null, r.owner);
        assertEquals(202, started.status(), started.toString());
        assertEquals("installing", started.json().getString("status"));
        await("reinstalled", () -> NodeTest.absent(api().get("/api/servers/" + r.id(), r.owner).json(), "status"));

        r.wings.failInstalls(true);
        assertEquals(202, api().post("/api/servers/" + r.id() + "/reinstall", null, r.owner).status());
        await("reinstall failure recorded", () -> "reinstall_failed".equals(api().get("/api/servers/" + r.id(), r.owner).json()
                .getString("status", "")));
        assertEquals(404, api().post("/api/servers/" + r.id() + "/reinstall", null, userToken("other")).status());
    }

    @Test
    void listsShowTheLastReportedStateAndADeadNodeMarksOnlyItsOwnServers() {
        Running r = server();
        Running other = server();
        String client = "/api/client/servers/" + r.server.getString("identifier");
        assertEquals(204, api().post(client + "/power", "{\"signal\":\"start\"}", r.owner).status());
        await("the running state is reported", () -> "running".equals(api().get("/api/servers/" + r.id(), r.owner).json()
                .getString("state", "")));
        await("the other server is observed", () -> "offline".equals(api().get("/api/servers/" + other.id(), other.owner)
                .json().getString("state", "")));

        r.wings.mode(FakeWings.Mode.DOWN);
        try {
            await("a dead node's servers become unknown", () -> "unknown".equals(api().get("/api/servers/" + r.id(), r.owner)
                    .json().getString("state", "")));
            assertEquals("offline", api().get("/api/servers/" + other.id(), other.owner).json().getString("state"),
                    "servers on other nodes keep their state");
            assertEquals(200, api().get("/api/servers?all=true", r.admin).status(), "lists never wait for the dead node");
        } finally {
            r.wings.mode(FakeWings.Mode.UP);
        }
    }
}
