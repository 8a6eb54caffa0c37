package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.api.FakeWings;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static dev.wingman.app.NodeTest.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pterodactyl's client API against a server running on FakeWings, with an API key and with the session cookie. */
@HelidonTest
class ClientApiTest extends PanelTest {
    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(NodeTestSupport.fastNodes());
    }

    private record Running(String owner, String key, JsonObject server, FakeWings wings) {
        String identifier() {
            return server.getString("identifier");
        }
    }

    /** A user with an API key and one installed server on its own FakeWings node. */
    private Running server() {
        String admin = adminToken();
        FakeWings wings = startWings();
        String node = attachedNode(admin, wings, "\"nodeType\":\"free_and_paid\",\"portRangeStart\":29000,\"portRangeEnd\":29100");
        String egg = importEgg(admin);
        String owner = userToken("client");
        String key = api().post("/api/apikeys", "{\"name\":\"cli\",\"permissions\":[\"*\"]}", owner).json().getString("key");
        ApiClient.Response created = api().post("/api/servers", "{\"name\":\"Survival\",\"eggId\":\"" + egg
                + "\",\"memory\":1024,\"disk\":4096,\"nodeId\":\"" + node + "\"}", owner);
        assertEquals(201, created.status(), created.toString());
        JsonObject server = created.json();
        await("installed", () -> NodeTest.absent(api().get("/api/servers/" + server.getString("id"), owner).json(), "status"));
        return new Running(owner, key, server, wings);
    }

    private List<String> listed(String token, String field) {
        return api().get("/api/client", token).json().getJsonArray("data").getValuesAs(JsonObject.class).stream()
                .map(s -> s.getJsonObject("attributes").getString(field)).toList();
    }

    @Test
    void cachedListsFollowEveryChangeAtOnce() {
        Running r = server();
        String id = r.server.getString("id");
        assertEquals(List.of("Survival"), listed(r.key, "name"));
        assertEquals(List.of("Survival"), listed(r.key, "name"), "served again (now from the cache)");

        assertEquals(200, api().send("PATCH", "/api/servers/" + id, "{\"name\":\"Renamed\"}", r.owner, Map.of()).status());
        assertEquals(List.of("Renamed"), listed(r.key, "name"), "a rename shows at once");

        String admin = adminToken();
        String nodeId = api().get("/api/servers/" + id, r.owner).json().getString("nodeId");
        ApiClient.Response renamed = api().put("/api/nodes/" + nodeId, "{\"name\":\"" + NodeTest.uniqueName("moved") + "\"}", admin);
        assertEquals(200, renamed.status(), renamed.toString());
        assertEquals(List.of(renamed.json().getString("name")), listed(r.key, "node"), "a node edit shows at once");

        String friendEmail = register("viewer");
        String friend = token(friendEmail);
        assertEquals(List.of(), listed(friend, "name"));
        String users = "/api/client/servers/" + r.identifier() + "/users";
        assertEquals(200, api().post(users, "{\"email\":\"" + friendEmail + "\",\"permissions\":[\"control.console\"]}",
                r.owner).status());
        assertEquals(List.of("Renamed"), listed(friend, "name"), "a new subuser sees the server at once");
        assertEquals(204, api().delete(users + "/" + userId(friend), r.owner).status());
        assertEquals(List.of(), listed(friend, "name"), "and stops seeing it at once");

        assertEquals(204, api().delete("/api/servers/" + id, r.owner).status());
        assertEquals(List.of(), listed(r.key, "name"), "a deleted server disappears at once");
    }

    @Test
    void listAndShowInPterodactylShapes() {
        Running r = server();
        JsonObject list = api().get("/api/client", r.key).json();
        assertEquals("list", list.getString("object"));
        JsonObject item = list.getJsonArray("data").getJsonObject(0);
        assertEquals("server", item.getString("object"));
        JsonObject attributes = item.getJsonObject("attributes");
        assertEquals(r.identifier(), attributes.getString("identifier"));
        assertTrue(attributes.getBoolean("server_owner"));
        assertEquals(1024, attributes.getJsonObject("limits").getInt("memory"));
        assertTrue(attributes.isNull("status"));
        assertEquals("java -Xms128M -Xmx1024M -jar server.jar", attributes.getString("invocation"));
        JsonObject pagination = list.getJsonObject("meta").getJsonObject("pagination");
        assertEquals(1, pagination.getInt("total"));
        assertEquals(1, pagination.getInt("total_pages"));

        JsonObject one = api().get("/api/client/servers/" + r.identifier(), r.key).json();
        assertEquals(List.of("*"), one.getJsonObject("meta").getJsonArray("user_permissions").getValuesAs(JsonString.class)
                .stream().map(JsonString::getString).toList());
        assertTrue(one.getJsonObject("meta").getBoolean("is_server_owner"));
        JsonObject server = one.getJsonObject("attributes");
        assertTrue(server.getJsonNumber("internal_id").longValue() > 0, "an integer internal_id");
        JsonObject allocation = server.getJsonObject("relationships").getJsonObject("allocations").getJsonArray("data")
                .getJsonObject(0).getJsonObject("attributes");
        assertTrue(allocation.getJsonNumber("id").longValue() > 0);
        assertTrue(allocation.getBoolean("is_default"));
        assertEquals(29000, allocation.getInt("port"));
        JsonObject variable = server.getJsonObject("relationships").getJsonObject("variables").getJsonArray("data")
                .getJsonObject(0).getJsonObject("attributes");
        assertEquals("SERVER_JARFILE", variable.getString("env_variable"));
        assertEquals("server.jar", variable.getString("server_value"));
        assertEquals(200, api().get("/api/client/servers/" + r.server.getString("uuid"), r.key).status(), "the uuid works too");
        // Pterodactyl's documented Accept header, spelled as Nodeactyl sends it, is answered, not refused with 406.
        ApiClient.Response vendor = api().send("GET", "/api/client/servers/" + r.identifier(), null, r.key,
                Map.of("Accept", "Application/vnd.pterodactyl.v1+json"));
        assertEquals(200, vendor.status(), vendor.toString());
        assertEquals(204, api().send("POST", "/api/client/servers/" + r.identifier() + "/power", "{\"signal\":\"start\"}",
                r.key, Map.of("Accept", "application/vnd.pterodactyl.v1+json")).status());

        ApiClient.Response stranger = api().get("/api/client/servers/" + r.identifier(), userToken("stranger"));
        assertEquals(404, stranger.status());
        assertEquals("NotFoundHttpException", stranger.json().getJsonArray("errors").getJsonObject(0).getString("code"));
        assertEquals(401, api().get("/api/client", null).status());
    }

    @Test
    void powerCommandAndResourcesReachWings() {
        Running r = server();
        String base = "/api/client/servers/" + r.identifier();
        String uuid = r.server.getString("uuid");
        assertEquals(422, api().post(base + "/power", "{\"signal\":\"explode\"}", r.key).status());
        assertEquals(204, api().post(base + "/power", "{\"signal\":\"start\"}", r.key).status());
        await("running", () -> r.wings.server(uuid).state().equals("running"));

        JsonObject stats = api().get(base + "/resources", r.key).json();
        assertEquals("stats", stats.getString("object"));
        assertEquals("running", stats.getJsonObject("attributes").getString("current_state"));
        assertTrue(stats.getJsonObject("attributes").getJsonObject("resources").getJsonNumber("memory_bytes").longValue() > 0);

        assertEquals(204, api().post(base + "/command", "{\"command\":\"say hi\"}", r.key).status());
        assertEquals(List.of("say hi"), r.wings.server(uuid).commands());
        assertEquals(204, api().post(base + "/power", "{\"signal\":\"stop\"}", r.key).status());
        await("stopped", () -> r.wings.server(uuid).state().equals("offline"));
        ApiClient.Response offline = api().post(base + "/command", "{\"command\":\"say hi\"}", r.key);
        assertEquals(502, offline.status(), "a clear error, not a 500");
        assertEquals("Server must be online in order to send commands.", offline.json().getString("error"));
        assertEquals(List.of("start", "stop"), r.wings.server(uuid).powerLog());

        r.wings.mode(FakeWings.Mode.DOWN);
        try {
            ApiClient.Response unreachable = api().get(base + "/resources", r.key);
            assertEquals(504, unreachable.status());
            assertThat(unreachable.json().getString("error"), containsString("Could not establish a connection"));
        } finally {
            r.wings.mode(FakeWings.Mode.UP);
        }
    }

    @Test
    void theSessionCookieWorksAndUnfinishedServersRefusePower() {
        Running r = server();
        String cookie = "session=" + r.owner;
        ApiClient.Response viaCookie = api().send("GET", "/api/client", null, null, Map.of("Cookie", cookie));
        assertEquals(200, viaCookie.status(), viaCookie.toString());

        r.wings.failInstalls(true);
        String admin = adminToken();
        ApiClient.Response failed = api().post("/api/servers", "{\"name\":\"Broken\",\"eggId\":\"" + r.server.getString("eggId")
                + "\",\"memory\":512,\"disk\":1024,\"nodeId\":\"" + r.server.getString("nodeId") + "\"}", r.owner);
        assertEquals(201, failed.status(), failed.toString());
        String id = failed.json().getString("id");
        await("install failed", () -> "install_failed".equals(api().get("/api/servers/" + id, admin).json().getString("status", "")));
        ApiClient.Response refused = api().post("/api/client/servers/" + failed.json().getString("identifier") + "/power",
                "{\"signal\":\"start\"}", r.key);
        assertEquals(409, refused.status());
        assertThat(refused.json().getString("error"), containsString("installation"));
    }

    @Test
    void consoleCredentialsOpenWingsConsole() throws Exception {
        Running r = server();
        String base = "/api/client/servers/" + r.identifier();
        JsonObject credentials = api().get(base + "/websocket", r.key).json();
        String token = credentials.getString("token");
        String socket = credentials.getString("socket");
        assertEquals(token, credentials.getJsonObject("data").getString("token"), "also under data for seed 004 clients");
        assertEquals(r.wings.url().replace("http://", "ws://") + "/api/servers/" + r.server.getString("uuid") + "/ws", socket);

        String[] parts = token.split("\\.");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(NodeTest.TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(
                mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII)));
        assertEquals(expected, parts[2], "signed with the node token");
        JsonObject claims = Json.createReader(new StringReader(new String(
                Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8))).readObject();
        assertEquals(r.server.getString("uuid"), claims.getString("server_uuid"));
        assertEquals(userId(r.owner), claims.getString("user_uuid"));
        assertEquals("*", claims.getJsonArray("permissions").getString(0));
        long lifetime = claims.getJsonNumber("exp").longValue() - claims.getJsonNumber("iat").longValue();
        assertEquals(900, lifetime, "15 minutes by default");
        assertEquals(JsonValue.ValueType.ARRAY, claims.get("aud").getValueType(), "aud is an array, as wings-rs requires");

        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(socket), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        frames.add(data.toString());
                        w.request(1);
                        return null;
                    }
                }).join();
        ws.sendText("{\"event\":\"auth\",\"args\":[\"" + token + "\"]}", true).join();
        assertEquals("{\"event\":\"auth success\"}", frames.poll(5, TimeUnit.SECONDS));
        assertThat(frames.poll(5, TimeUnit.SECONDS), containsString("\"status\""));
        ws.sendText("{\"event\":\"set state\",\"args\":[\"start\"]}", true).join();
        await("started from the console", () -> r.wings.server(r.server.getString("uuid")).state().equals("running"));
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();

        r.wings.removeServer(r.server.getString("uuid"));
        JsonObject unavailable = api().get(base + "/websocket", r.key).json();
        assertTrue(unavailable.getBoolean("unavailable"));
        assertEquals(r.server.getString("uuid"), unavailable.getJsonObject("diagnostics").getString("serverUuid"));
        assertThat(unavailable.getJsonObject("diagnostics").getString("error"), containsString("404"));

        r.wings.mode(FakeWings.Mode.DOWN);
        try {
            ApiClient.Response down = api().get(base + "/websocket", r.key);
            assertEquals(502, down.status());
            assertThat(down.json().getString("error"), containsString("Failed to prepare websocket session"));
        } finally {
            r.wings.mode(FakeWings.Mode.UP);
        }
    }

    @Test
    void activityRecordsActionsAndMergesWhatWingsReports() {
        Running r = server();
        String base = "/api/client/servers/" + r.identifier();
        String uuid = r.server.getString("uuid");
        assertEquals(204, api().post(base + "/power", "{\"signal\":\"start\"}", r.key).status());
        await("running", () -> r.wings.server(uuid).state().equals("running"));
        assertEquals(204, api().post(base + "/command", "{\"command\":\"say hi\"}", r.owner).status());
        r.wings.sendActivity(List.of(
                Json.createObjectBuilder().add("user", userId(r.owner)).add("server", uuid).add("event", "server:sftp.write")
                        .add("metadata", Json.createObjectBuilder().add("files", "/server.properties"))
                        .add("ip", "198.51.100.7").add("timestamp", "2026-11-23T10:00:00.123456Z").build(),
                Json.createObjectBuilder().addNull("user").add("server", UUID.randomUUID().toString())
                        .add("event", "server:sftp.delete").add("timestamp", "2026-11-23T10:00:01Z").build(),
                Json.createObjectBuilder().addNull("user").add("server", uuid).add("event", "auth:fail")
                        .add("timestamp", "2026-11-23T10:00:02Z").build()));

        JsonObject log = api().get(base + "/activity?include=actor", r.key).json();
        List<JsonObject> entries = log.getJsonArray("data").getValuesAs(JsonObject.class).stream()
                .map(e -> e.getJsonObject("attributes")).toList();
        assertEquals(List.of("server:console.command", "server:power.start", "server:sftp.write"),
                entries.stream().map(e -> e.getString("event")).toList(), "newest first; foreign servers and non-server events ignored");
        JsonObject command = entries.get(0);
        assertEquals("say hi", command.getJsonObject("properties").getString("command"));
        assertFalse(command.getBoolean("is_api"), "sent with the session");
        assertTrue(entries.get(1).getBoolean("is_api"), "sent with the API key");
        assertEquals(userId(r.owner), command.getJsonObject("relationships").getJsonObject("actor").getJsonObject("attributes")
                .getString("uuid"));
        assertEquals("198.51.100.7", entries.get(2).getString("ip"), "the actor sees their own address");
        assertEquals("2026-11-23T10:00:00.123456Z", entries.get(2).getString("timestamp"));
        assertEquals(3, log.getJsonObject("meta").getJsonObject("pagination").getInt("total"));

        JsonObject filtered = api().get(base + "/activity?filter[event]=server:power.start&sort=timestamp", r.key).json();
        assertEquals(1, filtered.getJsonArray("data").size());
        assertEquals(404, api().get(base + "/activity", userToken("nosy")).status());
    }
}
