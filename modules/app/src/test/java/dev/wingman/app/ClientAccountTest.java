package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pterodactyl's client account API ({@code /api/client/account}) over Wingman's accounts. */
@HelidonTest
class ClientAccountTest extends PanelTest {
    private static final String NEW_PASSWORD = "another horse 43";

    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(Map.of(
                "wingman.rate-limits.email-change.limit", "6",
                "wingman.rate-limits.password-change.limit", "6",
                "wingman.rate-limits.2fa-verify.limit", "8"));
    }

    private String key(String token, String... scope) {
        StringBuilder list = new StringBuilder();
        for (String s : scope) {
            list.append(list.isEmpty() ? "" : ",").append('"').append(s).append('"');
        }
        ApiClient.Response created = api().post("/api/apikeys", "{\"name\":\"k\",\"permissions\":[" + list + "]}", token);
        assertEquals(201, created.status(), created.toString());
        return created.json().getString("key");
    }

    private static void assertField(ApiClient.Response response, int status, String field) {
        assertEquals(status, response.status(), response.toString());
        assertEquals(field, response.json().getString("field"), response.toString());
    }

    private JsonObject account(String token) {
        ApiClient.Response response = api().get("/api/client/account", token);
        assertEquals(200, response.status(), response.toString());
        assertEquals("user", response.json().getString("object"));
        return response.json().getJsonObject("attributes");
    }

    @Test
    void detailsInPterodactylsShape() {
        String email = uniqueEmail("ada");
        assertEquals(201, api().post("/api/users/register", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD
                + "\",\"name\":\"Ada King Lovelace\"}", null).status());
        String token = token(email);
        JsonObject user = account(token);
        assertTrue(user.getJsonNumber("id").longValue() > 0, "an integer id: " + user);
        assertEquals(userId(token), user.getString("uuid"));
        assertFalse(user.getBoolean("admin"));
        assertEquals(email.substring(0, email.indexOf('@')), user.getString("username"));
        assertEquals(email, user.getString("email"));
        assertEquals("Ada", user.getString("first_name"));
        assertEquals("King Lovelace", user.getString("last_name"));
        assertEquals("en", user.getString("language"));
        assertFalse(user.getBoolean("2fa_enabled"));
        assertTrue(account(adminToken()).getBoolean("admin"));
        // Reading the account needs no scope, as GET /api/users/me.
        assertEquals(email, account(key(token)).getString("email"));
        assertTrue(account(userToken("other")).getJsonNumber("id").longValue() != user.getJsonNumber("id").longValue());
    }

    @Test
    void emailChangeNeedsThePassword() {
        String email = register("mover");
        String token = token(email);
        String taken = register("taken");
        String next = uniqueEmail("moved");

        ApiClient.Response wrong = api().put("/api/client/account/email", "{\"email\":\"" + next + "\",\"password\":\"nope nope 1\"}",
                token);
        assertField(wrong, 400, "password");
        assertField(api().put("/api/client/account/email", "{\"email\":\"" + taken + "\",\"password\":\"" + PASSWORD + "\"}", token),
                422, "email");
        assertField(api().put("/api/client/account/email", "{\"email\":\"not-an-address\",\"password\":\"" + PASSWORD + "\"}", token),
                422, "email");
        assertField(api().put("/api/client/account/email", "{\"email\":\"" + next + "\"}", token), 422, "password");
        assertEquals(email, account(token).getString("email"), "nothing changed");

        ApiClient.Response moved = api().put("/api/client/account/email", "{\"email\":\"" + next + "\",\"password\":\"" + PASSWORD
                + "\"}", token);
        assertEquals(204, moved.status(), moved.toString());
        assertEquals(next, account(token).getString("email"), "the session stays");
        assertEquals(401, login(email, PASSWORD).status());
        assertEquals(200, login(next, PASSWORD).status());
    }

    @Test
    void passwordChangeEndsOtherSessions() {
        String email = register("changer");
        String token = token(email);
        String other = token(email);
        String body = "{\"current_password\":\"%s\",\"password\":\"%s\",\"password_confirmation\":\"%s\"}";

        assertField(api().put("/api/client/account/password", body.formatted("wrong horse 1", NEW_PASSWORD, NEW_PASSWORD), token),
                400, "current_password");
        assertField(api().put("/api/client/account/password", body.formatted(PASSWORD, NEW_PASSWORD, "typo horse 43"), token),
                422, "password");
        assertField(api().put("/api/client/account/password", body.formatted(PASSWORD, "short", "short"), token), 422, "password");
        assertField(api().put("/api/client/account/password", "{\"password\":\"" + NEW_PASSWORD + "\"}", token), 422,
                "current_password");
        assertEquals(200, api().get("/api/client/account", other).status(), "nothing changed yet");

        ApiClient.Response changed = api().put("/api/client/account/password", body.formatted(PASSWORD, NEW_PASSWORD, NEW_PASSWORD),
                token);
        assertEquals(204, changed.status(), changed.toString());
        assertEquals(401, api().get("/api/client/account", other).status(), "the other session ended");
        assertEquals(200, api().get("/api/client/account", token).status(), "the one that changed it stays");
        assertEquals(401, login(email, PASSWORD).status());
        assertEquals(200, login(email, NEW_PASSWORD).status());
    }

    @Test
    void apiKeysMadeHereWorkUntilDeleted() {
        String token = userToken("keys");
        ApiClient.Response created = api().post("/api/client/account/api-keys", "{\"description\":\"Nodeactyl\",\"allowed_ips\":[]}",
                token);
        assertEquals(200, created.status(), created.toString());
        JsonObject attributes = created.json().getJsonObject("attributes");
        assertEquals("api_key", created.json().getString("object"));
        assertEquals("Nodeactyl", attributes.getString("description"));
        assertEquals(0, attributes.getJsonArray("allowed_ips").size());
        assertEquals(JsonValue.NULL, attributes.get("last_used_at"));
        assertThat(attributes.getString("created_at"), containsString("+00:00"));
        String identifier = attributes.getString("identifier");
        String secret = created.json().getJsonObject("meta").getString("secret_token");

        // The key acts for the account on the client API, with its full authority.
        assertEquals(200, api().get("/api/client", secret).status());
        assertEquals(200, api().get("/api/client/account/api-keys", secret).status());
        assertEquals(List.of("*"), api().get("/api/apikeys", token).array().stream()
                .map(v -> v.asJsonObject().getJsonArray("permissions").getString(0)).toList(), "scope *");

        ApiClient.Response listed = api().get("/api/client/account/api-keys", token);
        assertEquals(200, listed.status());
        assertThat(listed.body(), not(containsString(secret)));
        assertThat(listed.body(), not(containsString("secret")));
        JsonObject shown = listed.json().getJsonArray("data").getJsonObject(0);
        assertEquals("api_key", shown.getString("object"));
        assertEquals(identifier, shown.getJsonObject("attributes").getString("identifier"));

        assertField(api().post("/api/client/account/api-keys", "{\"description\":\"x\",\"allowed_ips\":[\"10.0.0.1\"]}", token),
                422, "allowed_ips");
        assertField(api().post("/api/client/account/api-keys", "{\"allowed_ips\":[]}", token), 422, "description");
        assertEquals(1, api().get("/api/client/account/api-keys", token).json().getJsonArray("data").size(), "none made");

        assertEquals(404, api().delete("/api/client/account/api-keys/missing", token).status());
        assertEquals(404, api().delete("/api/client/account/api-keys/" + identifier, userToken("stranger")).status(),
                "someone else's key");
        assertEquals(204, api().delete("/api/client/account/api-keys/" + identifier, token).status());
        assertEquals(401, api().get("/api/client", secret).status(), "a deleted key stops working");
        assertEquals(0, api().get("/api/client/account/api-keys", token).json().getJsonArray("data").size());
    }

    @Test
    void twentyFiveKeysAtMost() {
        String token = userToken("many");
        for (int i = 0; i < 25; i++) {
            assertEquals(200, api().post("/api/client/account/api-keys", "{\"description\":\"k" + i + "\"}", token).status());
        }
        ApiClient.Response more = api().post("/api/client/account/api-keys", "{\"description\":\"one more\"}", token);
        assertEquals(409, more.status(), more.toString());
    }

    @Test
    void keysNeedTheAccountSecurityScope() {
        String token = userToken("scoped");
        String narrow = key(token, "control.start", "account:ssh-keys");
        String body = "{\"password\":\"" + PASSWORD + "\",\"email\":\"" + uniqueEmail("x") + "\",\"code\":\"123456\"}";
        for (String[] call : List.of(new String[] {"GET", "/api-keys"}, new String[] {"POST", "/api-keys"},
                new String[] {"DELETE", "/api-keys/any"}, new String[] {"PUT", "/email"}, new String[] {"PUT", "/password"},
                new String[] {"GET", "/two-factor"}, new String[] {"POST", "/two-factor"}, new String[] {"DELETE", "/two-factor"},
                new String[] {"POST", "/two-factor/disable"}, new String[] {"GET", "/activity"})) {
            ApiClient.Response refused = api().send(call[0], "/api/client/account" + call[1], call[0].equals("GET") ? null : body,
                    narrow, Map.of());
            assertEquals(403, refused.status(), call[0] + " " + call[1] + ": " + refused);
        }
        assertEquals(200, api().get("/api/client/account", narrow).status());
        assertEquals(200, api().get("/api/client/account/ssh-keys", narrow).status());

        // account:security reaches them, but a key cannot make one that may do more than itself.
        String security = key(token, "account:security");
        assertEquals(200, api().get("/api/client/account/api-keys", security).status());
        assertEquals(200, api().get("/api/client/account/activity", security).status());
        assertEquals(403, api().post("/api/client/account/api-keys", "{\"description\":\"wider\"}", security).status());
        String everything = key(token, "*");
        assertEquals(200, api().post("/api/client/account/api-keys", "{\"description\":\"same\"}", everything).status());
    }

    @Test
    void twoFactorWithARealCode() throws Exception {
        String email = register("totp");
        String token = token(email);
        ApiClient.Response setup = api().get("/api/client/account/two-factor", token);
        assertEquals(200, setup.status(), setup.toString());
        String secret = setup.json().getJsonObject("data").getString("secret");
        assertThat(setup.json().getJsonObject("data").getString("image_url_data"), startsWith("otpauth://totp/Wingman:"));
        String code = TwoFactorTest.code(secret, Instant.now().minusSeconds(30));

        assertField(api().post("/api/client/account/two-factor", "{\"code\":\"" + code + "\",\"password\":\"wrong horse 1\"}",
                token), 400, "password");
        assertField(api().post("/api/client/account/two-factor", "{\"code\":\"000000\",\"password\":\"" + PASSWORD + "\"}", token),
                400, "code");
        assertField(api().post("/api/client/account/two-factor", "{\"code\":\"" + code + "\"}", token), 422, "password");
        assertFalse(account(token).getBoolean("2fa_enabled"));

        ApiClient.Response enabled = api().post("/api/client/account/two-factor", "{\"code\":\"" + code + "\",\"password\":\""
                + PASSWORD + "\"}", token);
        assertEquals(200, enabled.status(), enabled.toString());
        assertEquals("recovery_tokens", enabled.json().getString("object"));
        List<String> tokens = enabled.json().getJsonObject("attributes").getJsonArray("tokens")
                .getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList();
        assertEquals(10, tokens.size());
        assertTrue(account(token).getBoolean("2fa_enabled"));
        assertTrue(login(email, PASSWORD).json().getBoolean("twoFactorRequired"), "login now asks for the code");
        assertEquals(409, api().get("/api/client/account/two-factor", token).status(), "enabled already");

        // Disabling: the password, and (unlike Pterodactyl) a second factor too.
        assertField(api().send("DELETE", "/api/client/account/two-factor", "{\"password\":\"" + PASSWORD + "\"}", token, Map.of()),
                422, "code");
        assertField(api().send("DELETE", "/api/client/account/two-factor", "{\"password\":\"wrong horse 1\",\"recovery_code\":\""
                + tokens.get(0) + "\"}", token, Map.of()), 400, "password");
        assertTrue(account(token).getBoolean("2fa_enabled"), "still on");
        ApiClient.Response disabled = api().post("/api/client/account/two-factor/disable", "{\"password\":\"" + PASSWORD
                + "\",\"recovery_code\":\"" + tokens.get(0) + "\"}", token);
        assertEquals(204, disabled.status(), disabled.toString());
        assertFalse(account(token).getBoolean("2fa_enabled"));
        assertNotNull(login(email, PASSWORD).json().getString("token"), "a plain login again");
    }

    @Test
    void activityOfTheAccount() {
        String token = userToken("active");
        String viaKey = key(token, "*");
        String identifier = api().post("/api/client/account/api-keys", "{\"description\":\"bot\"}", viaKey).json()
                .getJsonObject("attributes").getString("identifier");
        assertEquals(204, api().put("/api/client/account/email", "{\"email\":\"" + uniqueEmail("renamed") + "\",\"password\":\""
                + PASSWORD + "\"}", token).status());
        assertEquals(204, api().delete("/api/client/account/api-keys/" + identifier, token).status());

        ApiClient.Response all = api().get("/api/client/account/activity", token);
        assertEquals(200, all.status(), all.toString());
        List<String> events = all.json().getJsonArray("data").getValuesAs(JsonObject.class).stream()
                .map(e -> e.getJsonObject("attributes").getString("event")).toList();
        assertEquals(List.of("user:api-key.delete", "user:account.email-changed", "user:api-key.create", "user:api-key.create"),
                events, "newest first");
        JsonObject first = all.json().getJsonArray("data").getJsonObject(0);
        assertEquals("activity_log", first.getString("object"));
        assertEquals("127.0.0.1", first.getJsonObject("attributes").getString("ip"), "the actor's own address");
        assertFalse(first.getJsonObject("attributes").getBoolean("is_api"));
        assertEquals(identifier, first.getJsonObject("attributes").getJsonObject("properties").getString("identifier"));
        assertEquals(4, all.json().getJsonObject("meta").getJsonObject("pagination").getInt("total"));

        ApiClient.Response created = api().get("/api/client/account/activity?filter[event]=user:api-key.create&sort=timestamp"
                + "&per_page=1", token);
        assertEquals(200, created.status(), created.toString());
        assertEquals(2, created.json().getJsonObject("meta").getJsonObject("pagination").getInt("total"));
        JsonObject byKey = created.json().getJsonArray("data").getJsonObject(0).getJsonObject("attributes");
        assertFalse(byKey.getBoolean("is_api"), "the first key was made with the session");
        JsonObject second = api().get("/api/client/account/activity?filter[event]=user:api-key.create&sort=timestamp&per_page=1"
                + "&page=2", token).json().getJsonArray("data").getJsonObject(0).getJsonObject("attributes");
        assertTrue(second.getBoolean("is_api"), "the second one with the key");
        assertEquals(400, api().get("/api/client/account/activity?sort=email", token).status());
        assertEquals(0, api().get("/api/client/account/activity", userToken("quiet")).json().getJsonArray("data").size(),
                "only one's own");
    }

    @Test
    void sensitiveChangesAreRateLimitedPerAccount() {
        String email = register("limited");
        String token = token(email);
        for (int i = 0; i < 6; i++) {
            assertEquals(400, api().put("/api/client/account/email", "{\"email\":\"" + uniqueEmail("n") + "\",\"password\":\"wrong "
                    + "horse " + i + "\"}", token).status());
        }
        ApiClient.Response email429 = api().put("/api/client/account/email", "{\"email\":\"" + uniqueEmail("n")
                + "\",\"password\":\"" + PASSWORD + "\"}", token);
        assertEquals(429, email429.status(), email429.toString());
        assertNotNull(email429.header("Retry-After"));

        String body = "{\"current_password\":\"wrong horse 1\",\"password\":\"" + NEW_PASSWORD + "\",\"password_confirmation\":\""
                + NEW_PASSWORD + "\"}";
        for (int i = 0; i < 6; i++) {
            assertEquals(400, api().put("/api/client/account/password", body, token).status());
        }
        assertEquals(429, api().put("/api/client/account/password", body, token).status());
        assertEquals(429, api().put("/api/users/me", "{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"" + NEW_PASSWORD
                + "\"}", token).status(), "one password-change budget for both endpoints");

        String twoFactor = "{\"code\":\"000000\",\"password\":\"" + PASSWORD + "\"}";
        assertEquals(200, api().get("/api/client/account/two-factor", token).status());
        for (int i = 0; i < 8; i++) {
            assertEquals(400, api().post("/api/client/account/two-factor", twoFactor, token).status());
        }
        assertEquals(429, api().post("/api/client/account/two-factor", twoFactor, token).status());
        assertEquals(204, api().put("/api/client/account/email", "{\"email\":\"" + uniqueEmail("n") + "\",\"password\":\""
                + PASSWORD + "\"}", userToken("fresh")).status(), "per account");
    }
}
