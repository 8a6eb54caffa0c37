package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.api.FakeWings;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;

import java.time.Duration;
import java.util.List;
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

    /** An API key of the account behind {@code token}, scoped to these permissions (none: a key that reaches nothing). */
    String apiKey(String token, String... scope) {
        StringBuilder permissions = new StringBuilder();
        for (String s : scope) {
            permissions.append(permissions.isEmpty() ? "" : ",").append('"').append(s).append('"');
        }
        ApiClient.Response created = api().post("/api/apikeys", "{\"name\":\"k\",\"permissions\":[" + permissions + "]}", token);
        assertEquals(201, created.status(), created.toString());
        return created.json().getString("key");
    }

    /**
     * A node on {@code wings} with ports {@code ports} to {@code ports + 50}, the test egg, and a
     * server of {@code owner}'s on that node, once Wings has installed it: the server as the panel
     * answered it (id, identifier, uuid, ...) with the node's id added as {@code nodeId}.
     */
    JsonObject installedServer(String admin, FakeWings wings, int ports, String owner) {
        String node = attachedNode(admin, wings, "\"nodeType\":\"free_and_paid\",\"portRangeStart\":" + ports
                + ",\"portRangeEnd\":" + (ports + 50));
        String egg = importEgg(admin);
        ApiClient.Response created = api().post("/api/servers", "{\"name\":\"Test\",\"eggId\":\"" + egg
                + "\",\"memory\":512,\"disk\":1024,\"nodeId\":\"" + node + "\"}", owner);
        assertEquals(201, created.status(), created.toString());
        JsonObject server = created.json();
        NodeTest.await("installed", () -> NodeTest.absent(api().get("/api/servers/" + server.getString("id"), owner).json(),
                "status"));
        return jakarta.json.Json.createObjectBuilder(server).add("nodeId", node).build();
    }

    /** Imports the test Paper egg under a fresh name and answers its id. */
    String importEgg(String admin) {
        ApiClient.Response egg = api().post("/api/admin/eggs/import",
                EggTest.paperEgg("Paper " + UUID.randomUUID().toString().substring(0, 8)), admin);
        assertEquals(201, egg.status(), egg.toString());
        return egg.json().getString("id");
    }
}
