package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

@HelidonTest
class ApiKeyTest extends PanelTest {

    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(Map.of());
    }

    private ApiClient.Response create(String token, String body) {
        return api().post("/api/apikeys", body, token);
    }

    @Test
    void createUseListAndRevoke() {
        String token = userToken("keys");
        ApiClient.Response created = create(token, "{\"name\":\"ci\",\"permissions\":[\"servers:create\"]}");
        assertEquals(201, created.status(), created.toString());
        String key = created.json().getString("key");
        assertThat(key, startsWith("wgm_"));
        String id = created.json().getString("id");

        ApiClient.Response me = api().get("/api/users/me", key);
        assertEquals(200, me.status(), me.toString());

        ApiClient.Response list = api().get("/api/apikeys", token);
        assertEquals(1, list.array().size());
        JsonObject listed = list.array().getJsonObject(0);
        assertFalse(listed.containsKey("key"), "the secret is shown only once");
        assertEquals(key.substring(0, 10), listed.getString("prefix"));

        assertEquals(204, api().delete("/api/apikeys/" + id, token).status());
        ApiClient.Response revoked = api().get("/api/users/me", key);
        assertEquals(401, revoked.status());
        assertEquals("Invalid or expired API key", revoked.json().getString("error"));
        assertEquals(404, api().delete("/api/apikeys/" + id, token).status());
    }

    @Test
    void aKeyCannotCarryPermissionsItsCreatorLacks() {
        String token = userToken("escalate");
        ApiClient.Response tooMuch = create(token, "{\"name\":\"x\",\"permissions\":[\"nodes:create\"]}");
        assertEquals(403, tooMuch.status());
        // * is everything the account may do (Pterodactyl's keys), never more: it is anyone's to give.
        ApiClient.Response wildcard = create(token, "{\"name\":\"x\",\"permissions\":[\"*\"]}");
        assertEquals(201, wildcard.status(), wildcard.toString());
        assertEquals(403, api().get("/api/admin/users", wildcard.json().getString("key")).status(), "still only the account's");
        ApiClient.Response accountScopes = create(token, "{\"name\":\"x\",\"permissions\":[\"account:ssh-keys\",\"control.start\"]}");
        assertEquals(201, accountScopes.status(), "account scopes and server keys narrow the account: " + accountScopes);
        ApiClient.Response malformed = create(token, "{\"name\":\"x\",\"permissions\":[\"NOT A PERMISSION\"]}");
        assertEquals(400, malformed.status());
        assertEquals("permissions", malformed.json().getString("field"));
    }

    @Test
    void aKeyIsLimitedToItsPermissions() {
        String admin = adminToken();
        ApiClient.Response narrow = create(admin, "{\"name\":\"narrow\",\"permissions\":[\"servers:create\"]}");
        String key = narrow.json().getString("key");
        assertEquals(403, api().get("/api/admin/users", key).status(), "the admin's key lacks users:read");
        ApiClient.Response wide = create(admin, "{\"name\":\"wide\",\"permissions\":[\"users:*\"]}");
        assertEquals(200, api().get("/api/admin/users", wide.json().getString("key")).status());
    }

    @Test
    void expiredKeysStopWorking() throws InterruptedException {
        String token = userToken("expiry");
        ApiClient.Response past = create(token, "{\"name\":\"old\",\"permissions\":[],\"expiresAt\":\"2020-01-01T00:00:00Z\"}");
        assertEquals(400, past.status());
        assertEquals("expiresAt", past.json().getString("field"));

        Instant soon = Instant.now().plusSeconds(2);
        ApiClient.Response shortLived = create(token, "{\"name\":\"brief\",\"permissions\":[],\"expiresAt\":\"" + soon + "\"}");
        assertEquals(201, shortLived.status(), shortLived.toString());
        String key = shortLived.json().getString("key");
        assertEquals(200, api().get("/api/users/me", key).status());
        Thread.sleep(Math.max(0, soon.toEpochMilli() - System.currentTimeMillis()) + 500);
        assertEquals(401, api().get("/api/users/me", key).status());
    }
}
