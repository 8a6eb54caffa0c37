package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

@HelidonTest
class SessionTest extends PanelTest {

    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(Map.of());
    }

    @Test
    void revokingASessionEndsItsTokenAtOnce() {
        String email = register("sessions");
        String laptop = token(email);
        String phone = token(email);
        assertEquals(200, api().get("/api/users/me", phone).status());

        JsonArray sessions = api().get("/api/sessions", laptop).array();
        assertEquals(2, sessions.size());
        JsonObject current = sessions.getValuesAs(JsonObject.class).stream().filter(s -> s.getBoolean("current")).findFirst().orElseThrow();
        String phoneSession = sessions.getValuesAs(JsonObject.class).stream().filter(s -> !s.getBoolean("current"))
                .findFirst().orElseThrow().getString("id");
        assertEquals("127.0.0.1", current.getString("ip"));

        assertEquals(204, api().delete("/api/sessions/" + phoneSession, laptop).status());
        ApiClient.Response revoked = api().get("/api/users/me", phone);
        assertEquals(401, revoked.status());
        assertEquals(200, api().get("/api/users/me", laptop).status());
        assertEquals(404, api().delete("/api/sessions/" + phoneSession, laptop).status(), "already gone");
    }

    @Test
    void revokeAllButCurrent() {
        String email = register("many");
        String keep = token(email);
        String a = token(email);
        String b = token(email);
        ApiClient.Response revoked = api().delete("/api/sessions", keep);
        assertEquals(200, revoked.status());
        assertEquals(2, revoked.json().getInt("revoked"));
        assertEquals(401, api().get("/api/users/me", a).status());
        assertEquals(401, api().get("/api/users/me", b).status());
        assertEquals(200, api().get("/api/users/me", keep).status());
        assertEquals(1, api().get("/api/sessions", keep).array().size());
    }

    @Test
    void nobodyRevokesAnotherUsersSession() {
        String alice = userToken("alice");
        String bobEmail = register("bob");
        String bob = token(bobEmail);
        String bobSession = api().get("/api/sessions", bob).array().getJsonObject(0).getString("id");
        assertEquals(404, api().delete("/api/sessions/" + bobSession, alice).status());
        assertEquals(200, api().get("/api/users/me", bob).status());
    }
}
