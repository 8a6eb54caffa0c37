package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.api.FakeWings;
import dev.wingman.testkit.api.TestServices;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.AfterAll;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * testkit's {@link dev.wingman.testkit.panel.PanelTest} (the panel's address, account helpers, the
 * test configuration) plus what only the assembled panel has: nodes on FakeWings and eggs. Those
 * helpers need the nodes and servers modules, which a lower module's tests do not have.
 */
abstract class PanelTest extends dev.wingman.testkit.panel.PanelTest {
    /** The FakeWings agents the running test class started; stopped after it. */
    private static final List<FakeWings> WINGS = new CopyOnWriteArrayList<>();

    @AfterAll
    static void stopWings() {
        WINGS.forEach(FakeWings::close);
        WINGS.clear();
    }

    /**
     * testkit's configuration with the free tier's billing limits lifted, as rate limits are: the
     * billing flag is on by default, so without a plan every account and organisation would be held
     * to 2 servers and 4 GiB, and a test about something else would trip over that. A test about
     * the limits sets them by name in {@code overrides} or orders a plan.
     */
    public static ConfigSource panelConfig(Map<String, String> overrides) {
        Map<String, String> lifted = new HashMap<>(Map.of("wingman.billing.free-limits.servers", "100000",
                "wingman.billing.free-limits.memory-mib", "1000000000", "wingman.billing.free-limits.disk-mib", "1000000000"));
        lifted.putAll(overrides);
        return dev.wingman.testkit.panel.PanelTest.panelConfig(lifted);
    }

    /** Runs one statement on the panel's database, as a row left by another instance or an older release would be. */
    static void sql(String statement) {
        try (Connection db = DriverManager.getConnection(TestServices.get().panelConfig().get("wingman.database.url"));
             Statement s = db.createStatement()) {
            s.executeUpdate(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement, e);
        }
    }

    /** The first column of the first row {@code query} answers on the panel's database, or null. */
    static String scalar(String query) {
        try (Connection db = DriverManager.getConnection(TestServices.get().panelConfig().get("wingman.database.url"));
             Statement s = db.createStatement(); java.sql.ResultSet rows = s.executeQuery(query)) {
            return rows.next() ? rows.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(query, e);
        }
    }

    /** A FakeWings agent accepting {@link NodeTest#TOKEN}, stopped after the test class. */
    static FakeWings startWings() {
        return startWings(Duration.ofSeconds(30));
    }

    /** As {@link #startWings()}, checking console tokens' expiry every {@code expiryCheck}. */
    static FakeWings startWings(Duration expiryCheck) {
        FakeWings wings = FakeWings.start(NodeTest.TOKEN, expiryCheck);
        WINGS.add(wings);
        return wings;
    }

    /** Registers a node served by the agent and points the agent at this panel, as config.yml would. */
    String attachedNode(String admin, FakeWings wings, String fields) {
        ApiClient.Response node = api().post("/api/nodes", NodeTest.nodeBody(NodeTest.uniqueName("node"), wings, fields), admin);
        assertEquals(201, node.status(), node.toString());
        String id = node.json().getString("id");
        wings.panel(target.getUri().toString(), api().get("/api/nodes/" + id + "/credentials", admin).json().getString("tokenId"));
        return id;
    }

    /** A new API key of the account behind {@code token}, with these permissions as its scope. */
    String apiKey(String token, String... scope) {
        jakarta.json.JsonArrayBuilder permissions = jakarta.json.Json.createArrayBuilder();
        for (String s : scope) {
            permissions.add(s);
        }
        ApiClient.Response created = api().post("/api/apikeys", jakarta.json.Json.createObjectBuilder().add("name", "k")
                .add("permissions", permissions).build().toString(), token);
        assertEquals(201, created.status(), created.toString());
        return created.json().getString("key");
    }

    /** Imports the test Paper egg under a fresh name and answers its id. */
    String importEgg(String admin) {
        ApiClient.Response egg = api().post("/api/admin/eggs/import",
                EggTest.paperEgg("Paper " + UUID.randomUUID().toString().substring(0, 8)), admin);
        assertEquals(201, egg.status(), egg.toString());
        return egg.json().getString("id");
    }

    /** Creates a 512 MiB server of {@code egg} on {@code node} for {@code owner} and waits for its install; the server. */
    jakarta.json.JsonObject installedServer(String owner, String egg, String node, String name) {
        ApiClient.Response created = api().post("/api/servers", "{\"name\":\"" + name + "\",\"eggId\":\"" + egg
                + "\",\"memory\":512,\"disk\":1024,\"nodeId\":\"" + node + "\"}", owner);
        assertEquals(201, created.status(), created.toString());
        jakarta.json.JsonObject server = created.json();
        NodeTest.await("installed", () -> NodeTest.absent(api().get("/api/servers/" + server.getString("id"), owner).json(),
                "status"));
        return server;
    }
}
