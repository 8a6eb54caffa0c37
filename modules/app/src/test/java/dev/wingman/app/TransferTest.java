package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.api.FakeWings;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.wingman.app.NodeTest.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Moving servers between two FakeWings nodes through the real Wings transfer flow: the source
 * pushes to the destination with the panel's JWT, the destination reads the configuration and
 * reports the outcome on the remote API.
 */
@HelidonTest
class TransferTest extends PanelTest {
    @AddConfigSource
    static ConfigSource config() {
        Map<String, String> config = new HashMap<>(NodeTestSupport.fastNodes());
        config.put("wingman.transfers.timeout", "PT4S");
        config.put("wingman.transfers.sweep-interval", "PT0.3S");
        return panelConfig(config);
    }

    private static final String PORTS = "\"nodeType\":\"free_and_paid\",\"portRangeStart\":32000,\"portRangeEnd\":32100,";

    private record Setup(String admin, String owner, JsonObject server, FakeWings source, String sourceNode,
                         FakeWings destination, String destinationNode) {
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

    private Setup setup(int destinationMemory) {
        String admin = adminToken();
        FakeWings source = startWings();
        String sourceNode = attachedNode(admin, source, PORTS + "\"memory\":4096");
        FakeWings destination = startWings();
        String destinationNode = attachedNode(admin, destination, PORTS + "\"memory\":" + destinationMemory);
        String egg = importEgg(admin);
        String owner = userToken("mover");
        ApiClient.Response created = api().post("/api/servers", "{\"name\":\"Mover\",\"eggId\":\"" + egg
                + "\",\"memory\":1024,\"disk\":2048,\"nodeId\":\"" + sourceNode + "\"}", owner);
        assertEquals(201, created.status(), created.toString());
        JsonObject server = created.json();
        await("installed", () -> NodeTest.absent(api().get("/api/servers/" + server.getString("id"), owner).json(), "status"));
        await("destination healthy", () -> "healthy".equals(api().get("/api/nodes/" + destinationNode, admin).json()
                .getJsonObject("health").getString("status")));
        return new Setup(admin, owner, server, source, sourceNode, destination, destinationNode);
    }

    private ApiClient.Response transfer(Setup s, String token, String nodeId) {
        return api().post("/api/servers/" + s.id() + "/transfer", "{\"nodeId\":\"" + nodeId + "\"}", token);
    }

    private JsonObject latest(Setup s) {
        return api().get("/api/servers/" + s.id() + "/transfer", s.owner).json();
    }

    private List<Integer> usedPorts(Setup s, String nodeId) {
        return api().get("/api/infrastructure/nodes/" + nodeId + "/allocations?status=used", s.admin).json()
                .getJsonArray("data").getValuesAs(JsonObject.class).stream().map(a -> a.getInt("port")).toList();
    }

    @Test
    void aTransferMovesTheServerItsPortsAndItsPowerToTheDestination() {
        Setup s = setup(4096);
        assertEquals(204, api().post(s.client() + "/power", "{\"signal\":\"start\"}", s.owner).status());
        await("running and observed", () -> "running".equals(api().get("/api/servers/" + s.id(), s.owner).json()
                .getString("state", "")));
        assertEquals(403, transfer(s, s.owner, s.destinationNode).status(), "owners cannot move servers");

        s.source.holdTransfers();
        ApiClient.Response started = transfer(s, s.admin, s.destinationNode);
        assertEquals(202, started.status(), started.toString());
        assertEquals("archiving", started.json().getString("state"));
        assertTrue(started.json().getBoolean("startOnCompletion"), "it was running, so Wings is asked to start it there");

        // While in flight the server is locked, and only its own nodes may report on it.
        assertEquals(s.destinationNode, api().get("/api/servers/" + s.id(), s.owner).json().getString("transferNodeId"));
        assertTrue(api().get(s.client(), s.owner).json().getJsonObject("attributes").getBoolean("is_transferring"));
        ApiClient.Response power = api().post(s.client() + "/power", "{\"signal\":\"restart\"}", s.owner);
        assertEquals(409, power.status());
        assertThat(power.json().getJsonArray("errors").getJsonObject(0).getString("detail"), containsString("transferred"));
        assertEquals(409, transfer(s, s.admin, s.destinationNode).status(), "one transfer at a time");
        assertEquals(409, api().send("DELETE", "/api/servers/" + s.id(), null, s.admin, Map.of()).status());
        FakeWings stranger = startWings();
        String strangerNode = attachedNode(s.admin, stranger, PORTS + "\"memory\":4096");
        assertEquals(404, remote(stranger, strangerNode, "/api/remote/servers/" + s.uuid() + "/transfer/success"));
        assertEquals(404, remote(stranger, strangerNode, "/api/remote/servers/" + s.uuid()), "a third node cannot read the server");
        assertEquals(403, remote(s.source, s.sourceNode, "/api/remote/servers/" + s.uuid() + "/transfer/success"),
                "only the destination reports success");

        s.source.releaseTransfers();
        await("completed", () -> "completed".equals(latest(s).getString("state")));
        assertEquals(List.of(s.uuid()), s.destination.incomingTransfers(), "the destination accepted the panel's JWT");
        JsonObject moved = api().get("/api/servers/" + s.id(), s.owner).json();
        assertEquals(s.destinationNode, moved.getString("nodeId"));
        assertTrue(NodeTest.absent(moved, "transferNodeId"), "unlocked");
        assertEquals(32000, moved.getJsonArray("allocations").getJsonObject(0).getInt("port"), "the same port, now there");
        assertEquals(List.of(32000), usedPorts(s, s.destinationNode));
        await("source ports freed", () -> usedPorts(s, s.sourceNode).isEmpty());
        JsonObject configuration = s.destination.server(s.uuid()).configuration().getJsonObject("settings");
        assertEquals(32000, configuration.getJsonObject("allocations").getJsonObject("default").getInt("port"),
                "the destination read the configuration with its own ports");
        await("source copy deleted", () -> s.source.server(s.uuid()) == null && latest(s).getBoolean("sourceDeleted"));

        assertEquals(204, api().post(s.client() + "/power", "{\"signal\":\"start\"}", s.owner).status());
        await("powered on the destination", () -> s.destination.server(s.uuid()).powerLog().contains("start"));
        assertFalse(api().get(s.client(), s.owner).json().getJsonObject("attributes").getBoolean("is_transferring"));
        List<String> events = api().get(s.client() + "/activity", s.owner).json().getJsonArray("data")
                .getValuesAs(JsonObject.class).stream().map(e -> e.getJsonObject("attributes").getString("event")).toList();
        assertTrue(events.containsAll(List.of("server:transfer.start", "server:transfer.completed")), events.toString());
        assertEquals(409, remote(s.destination, s.destinationNode, "/api/remote/servers/" + s.uuid() + "/transfer/success"),
                "a late or repeated report finds nothing in flight");
    }

    @Test
    void aFailedTransferLeavesTheServerUsableOnItsSource() {
        Setup s = setup(4096);
        s.destination.failIncomingTransfers(true);
        assertEquals(202, transfer(s, s.admin, s.destinationNode).status());
        await("failed", () -> "failed".equals(latest(s).getString("state")));
        assertThat(latest(s).getString("reason"), containsString("destination"));
        FakeWings.Server left = s.source.server(s.uuid());
        assertEquals(s.destination.url() + "/api/transfers", left.transferredTo(), "the source was sent to the destination");
        assertFalse(left.transferPushed(), "the destination refused the archive");
        assertFalse(left.transferring(), "and the source gave up");
        JsonObject server = api().get("/api/servers/" + s.id(), s.owner).json();
        assertEquals(s.sourceNode, server.getString("nodeId"));
        assertTrue(NodeTest.absent(server, "transferNodeId"));
        await("the reserved ports freed", () -> usedPorts(s, s.destinationNode).isEmpty());
        assertEquals(204, api().post(s.client() + "/power", "{\"signal\":\"start\"}", s.owner).status());
        await("powered on the source", () -> s.source.server(s.uuid()).powerLog().contains("start"));

        // The source reporting the same failure later finds nothing in flight.
        assertEquals(409, remote(s.source, s.sourceNode, "/api/remote/servers/" + s.uuid() + "/transfer/failure"));

        s.destination.failIncomingTransfers(false);
        assertEquals(202, transfer(s, s.admin, s.destinationNode).status(), "a new attempt may start at once");
        await("completed", () -> "completed".equals(latest(s).getString("state")));
    }

    @Test
    void aSourceThatCannotStartTheTransferKeepsNothingLocked() {
        Setup s = setup(4096);
        s.source.mode(FakeWings.Mode.DOWN);
        try {
            ApiClient.Response refused = transfer(s, s.admin, s.destinationNode);
            assertEquals(502, refused.status(), refused.toString());
            assertThat(refused.json().getString("error"), containsString("did not start the transfer"));
            assertEquals("failed", latest(s).getString("state"));
            assertTrue(NodeTest.absent(api().get("/api/servers/" + s.id(), s.owner).json(), "transferNodeId"));
            assertEquals(List.of(), usedPorts(s, s.destinationNode));
        } finally {
            s.source.mode(FakeWings.Mode.UP);
        }
    }

    @Test
    void cancellingOrTimingOutUnlocksTheServer() {
        Setup s = setup(4096);
        s.source.holdTransfers();
        assertEquals(202, transfer(s, s.admin, s.destinationNode).status());
        assertEquals(403, api().send("DELETE", "/api/servers/" + s.id() + "/transfer", null, s.owner, Map.of()).status());
        ApiClient.Response cancelled = api().send("DELETE", "/api/servers/" + s.id() + "/transfer", null, s.admin, Map.of());
        assertEquals(200, cancelled.status(), cancelled.toString());
        assertEquals("cancelled", cancelled.json().getString("state"));
        assertFalse(s.source.server(s.uuid()).transferring(), "the source Wings was told to stop");
        assertTrue(NodeTest.absent(api().get("/api/servers/" + s.id(), s.owner).json(), "transferNodeId"));
        assertEquals(List.of(), usedPorts(s, s.destinationNode));
        assertEquals(409, api().send("DELETE", "/api/servers/" + s.id() + "/transfer", null, s.admin, Map.of()).status());
        // A destination that finishes anyway and reports success late is refused and told to drop its copy.
        s.destination.addServer(s.uuid());
        assertEquals(409, remote(s.destination, s.destinationNode, "/api/remote/servers/" + s.uuid() + "/transfer/success"));
        await("the late copy removed", () -> s.destination.server(s.uuid()) == null);
        assertEquals(s.sourceNode, api().get("/api/servers/" + s.id(), s.owner).json().getString("nodeId"));

        // A transfer nobody reports on is called off after wingman.transfers.timeout (4 s here).
        s.source.holdTransfers();
        assertEquals(202, transfer(s, s.admin, s.destinationNode).status());
        await("timed out", () -> "failed".equals(latest(s).getString("state")));
        assertThat(latest(s).getString("reason"), containsString("No outcome"));
        assertTrue(NodeTest.absent(api().get("/api/servers/" + s.id(), s.owner).json(), "transferNodeId"));
        await("ports freed after the timeout", () -> usedPorts(s, s.destinationNode).isEmpty());
        s.source.releaseTransfers();
    }

    @Test
    void destinationsAreChecked() {
        Setup s = setup(512);
        assertEquals(400, transfer(s, s.admin, s.sourceNode).status(), "its own node");
        assertEquals(400, transfer(s, s.admin, "no-such-node").status());
        assertEquals(400, api().post("/api/servers/" + s.id() + "/transfer", "{}", s.admin).status());
        ApiClient.Response full = transfer(s, s.admin, s.destinationNode);
        assertEquals(409, full.status(), "the destination has 512 MiB");
        assertThat(full.json().getString("error"), containsString("no room"));
        assertEquals(List.of(), usedPorts(s, s.destinationNode), "nothing reserved");
        assertEquals(404, api().get("/api/servers/" + s.id() + "/transfer", s.owner).status(), "never transferred");
        String reports = "/api/remote/servers/" + s.uuid() + "/transfer/";
        assertEquals(409, remote(s.source, s.sourceNode, reports + "success"), "never transferred: not being transferred");
        assertEquals(409, remote(s.source, s.sourceNode, reports + "failure"), "never transferred: not being transferred");
        assertEquals(404, remote(s.destination, s.destinationNode, reports + "success"), "not a server of that node");
        assertEquals(404, remote(s.destination, s.destinationNode, reports + "failure"), "not a server of that node");
        assertTrue(s.source.servers().containsKey(s.uuid()), "the node's own copy is kept");

        s.destination.mode(FakeWings.Mode.DOWN);
        try {
            await("destination unhealthy", () -> !"healthy".equals(api().get("/api/nodes/" + s.destinationNode, s.admin).json()
                    .getJsonObject("health").getString("status")));
            assertEquals(409, transfer(s, s.admin, s.destinationNode).status());
        } finally {
            s.destination.mode(FakeWings.Mode.UP);
        }
    }

    /** A POST to the panel's remote API with this agent's credentials; answers the status. */
    private int remote(FakeWings wings, String nodeId, String path) {
        String tokenId = api().get("/api/nodes/" + nodeId + "/credentials", adminToken()).json().getString("tokenId");
        boolean read = !path.endsWith("/success") && !path.endsWith("/failure");
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(target.getUri().toString().replaceAll("/$", "") + path))
                    .header("Authorization", "Bearer " + tokenId + "." + wings.token())
                    .header("Accept", "application/vnd.pterodactyl.v1+json")
                    .header("Content-Type", "application/json")
                    .method(read ? "GET" : "POST", read ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(""))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
