package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.api.FakeWings;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

import static dev.wingman.app.NodeTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Subusers see only the servers and actions they were given, and lose console access when it is taken away. */
@HelidonTest
class SubuserTest extends PanelTest {

    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(NodeTestSupport.fastNodes());
    }

    private static List<String> strings(jakarta.json.JsonArray array) {
        return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    @Test
    void subusersGetExactlyTheKeysTheyWereGiven() throws Exception {
        String admin = adminToken();
        FakeWings wings = startWings();
        String node = attachedNode(admin, wings, "\"nodeType\":\"free_and_paid\",\"portRangeStart\":32000,\"portRangeEnd\":32100");
        String owner = userToken("owner");
        JsonObject server = api().post("/api/servers", "{\"name\":\"Shared\",\"eggId\":\"" + importEgg(admin)
                + "\",\"memory\":512,\"disk\":1024,\"nodeId\":\"" + node + "\"}", owner).json();
        await("installed", () -> NodeTest.absent(api().get("/api/servers/" + server.getString("id"), owner).json(), "status"));
        String base = "/api/client/servers/" + server.getString("identifier");
        String friendEmail = register("friend");
        String friend = token(friendEmail);
        assertEquals(404, api().get(base, friend).status(), "not yet shared");

        ApiClient.Response added = api().post(base + "/users", "{\"email\":\"" + friendEmail
                + "\",\"permissions\":[\"control.console\",\"websocket.connect\"]}", owner);
        assertEquals(200, added.status(), added.toString());
        JsonObject subuser = added.json().getJsonObject("attributes");
        assertEquals("server_subuser", added.json().getString("object"));
        assertEquals(userId(friend), subuser.getString("uuid"));
        assertEquals(List.of("control.console", "websocket.connect"), strings(subuser.getJsonArray("permissions")));
        assertEquals(409, api().post(base + "/users", "{\"email\":\"" + friendEmail + "\",\"permissions\":[]}", owner).status());
        assertEquals(422, api().post(base + "/users", "{\"email\":\"" + register("third")
                + "\",\"permissions\":[\"control.fly\"]}", owner).status());
        assertEquals(422, api().post(base + "/users", "{\"email\":\"nobody@example.com\",\"permissions\":[]}", owner).status());
        assertEquals(1, api().get(base + "/users", owner).json().getJsonArray("data").size());

        JsonObject seen = api().get(base, friend).json();
        assertFalse(seen.getJsonObject("attributes").getBoolean("server_owner"));
        assertEquals(List.of("control.console", "websocket.connect"), strings(seen.getJsonObject("meta").getJsonArray("user_permissions")));
        assertEquals(1, api().get("/api/client", friend).json().getJsonArray("data").size(), "listed for the subuser");
        assertEquals(403, api().post(base + "/power", "{\"signal\":\"start\"}", friend).status(), "no control.start");
        assertEquals(403, api().post(base + "/users", "{\"email\":\"" + register("fourth") + "\",\"permissions\":[]}", friend).status(),
                "no user.create");
        assertEquals(403, api().get(base + "/activity", friend).status(), "no activity.read");
        assertEquals(204, api().post(base + "/power", "{\"signal\":\"start\"}", owner).status());
        await("running", () -> wings.server(server.getString("uuid")).state().equals("running"));
        assertEquals(204, api().post(base + "/command", "{\"command\":\"say from a friend\"}", friend).status());
        JsonObject credentials = api().get(base + "/websocket", friend).json();
        String claims = new String(Base64.getUrlDecoder().decode(credentials.getString("token").split("\\.")[1]),
                StandardCharsets.UTF_8);
        assertTrue(claims.contains("\"permissions\":[\"control.console\",\"websocket.connect\"]"), claims);

        String jti = String.format("%032x", new BigInteger(1, MessageDigest.getInstance("MD5")
                .digest((userId(friend) + server.getString("uuid")).getBytes(StandardCharsets.UTF_8))));
        ApiClient.Response narrowed = api().post(base + "/users/" + userId(friend), "{\"permissions\":[\"control.console\"]}", owner);
        assertEquals(200, narrowed.status(), narrowed.toString());
        assertTrue(wings.deniedJtis().contains(jti), "the friend's console tokens are denied at Wings");
        assertEquals(403, api().get(base + "/websocket", friend).status(), "no websocket.connect any more");

        assertEquals(204, api().delete(base + "/users/" + userId(friend), owner).status());
        assertEquals(404, api().get(base, friend).status(), "gone with the access");
        assertEquals(404, api().get(base + "/users/" + userId(friend), owner).status());
    }
}
