package dev.wingman.app;

import dev.wingman.auth.api.AdminAccounts;
import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.api.FakeWings;
import dev.wingman.testkit.api.TestServices;
import io.helidon.config.mp.MpConfigSources;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.client.WebTarget;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.AfterAll;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What every panel integration test needs: the running panel's address and a few account helpers. */
abstract class PanelTest {
    static final String PASSWORD = "correct horse 42";
    /** The FakeWings agents the running test class started; stopped after it. */
    private static final List<FakeWings> WINGS = new CopyOnWriteArrayList<>();

    @Inject
    WebTarget target;

    @Inject
    AdminAccounts adminAccounts;

    /** The shared test PostgreSQL and Redis, plus overrides for one test class. */
    static ConfigSource panelConfig(Map<String, String> overrides) {
        Map<String, String> config = TestServices.get().panelConfig();
        config.putAll(overrides);
        return MpConfigSources.create(config);
    }

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

    /** Imports the test Paper egg under a fresh name and answers its id. */
    String importEgg(String admin) {
        ApiClient.Response egg = api().post("/api/admin/eggs/import",
                EggTest.paperEgg("Paper " + UUID.randomUUID().toString().substring(0, 8)), admin);
        assertEquals(201, egg.status(), egg.toString());
        return egg.json().getString("id");
    }

    ApiClient api() {
        return new ApiClient(target.getUri());
    }

    static String uniqueEmail(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** Registers an account and answers its e-mail. */
    String register(String who) {
        String email = uniqueEmail(who);
        ApiClient.Response created = api().post("/api/users/register",
                "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"" + who + "\"}", null);
        assertEquals(201, created.status(), created.toString());
        return email;
    }

    ApiClient.Response login(String email, String password) {
        return api().post("/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}", null);
    }

    String token(String email) {
        ApiClient.Response response = login(email, PASSWORD);
        assertEquals(200, response.status(), response.toString());
        return response.json().getString("token");
    }

    /** A new ordinary account's session token. */
    String userToken(String who) {
        return token(register(who));
    }

    /** A new administrator's session token. */
    String adminToken() {
        String email = uniqueEmail("admin");
        adminAccounts.createAdmin(email, PASSWORD, "Admin");
        return token(email);
    }

    String userId(String token) {
        JsonObject me = api().get("/api/users/me", token).json();
        return me.getString("id");
    }
}
