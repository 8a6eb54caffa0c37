package dev.wingman.testkit.panel;

import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.api.TestServices;

import dev.wingman.auth.api.AdminAccounts;
import io.helidon.config.mp.MpConfigSources;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.client.WebTarget;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What every panel integration test needs: the running panel's address and a few account helpers.
 * A module's {@code @HelidonTest} class extends it and boots a panel of that module and the modules
 * below it (whatever its test class path holds): platform supplies the JAX-RS application, the
 * persistence unit, Flyway and the base configuration, and {@link #panelConfig} points the panel at
 * the shared test PostgreSQL and Redis.
 *
 * <pre>{@code
 * @HelidonTest
 * class PlanTest extends PanelTest {
 *     @AddConfigSource
 *     static ConfigSource config() {
 *         return panelConfig(Map.of());
 *     }
 * }
 * }</pre>
 */
public abstract class PanelTest {
    public static final String PASSWORD = "correct horse 42";

    @Inject
    protected WebTarget target;

    @Inject
    protected AdminAccounts adminAccounts;

    /** The shared test PostgreSQL and Redis, plus overrides for one test class. */
    public static ConfigSource panelConfig(Map<String, String> overrides) {
        Map<String, String> config = TestServices.get().panelConfig();
        config.putAll(overrides);
        return MpConfigSources.create(config);
    }

    public ApiClient api() {
        return new ApiClient(target.getUri());
    }

    public static String uniqueEmail(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** Registers an account and answers its e-mail. */
    public String register(String who) {
        String email = uniqueEmail(who);
        ApiClient.Response created = api().post("/api/users/register",
                "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"" + who + "\"}", null);
        assertEquals(201, created.status(), created.toString());
        return email;
    }

    public ApiClient.Response login(String email, String password) {
        return api().post("/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}", null);
    }

    public String token(String email) {
        ApiClient.Response response = login(email, PASSWORD);
        assertEquals(200, response.status(), response.toString());
        return response.json().getString("token");
    }

    /** A new ordinary account's session token. */
    public String userToken(String who) {
        return token(register(who));
    }

    /** A new administrator's session token. */
    public String adminToken() {
        String email = uniqueEmail("admin");
        adminAccounts.createAdmin(email, PASSWORD, "Admin");
        return token(email);
    }

    public String userId(String token) {
        JsonObject me = api().get("/api/users/me", token).json();
        return me.getString("id");
    }
}
