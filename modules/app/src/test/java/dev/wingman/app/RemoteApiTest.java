package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.api.FakeWings;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.wingman.app.NodeTest.await;
import static dev.wingman.app.NodeTest.nodeBody;
import static dev.wingman.app.NodeTest.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API Wings calls, exercised by FakeWings the way Wings calls it. */
@HelidonTest
class RemoteApiTest extends PanelTest {
    @AddConfigSource
    static ConfigSource config() {
        // sftp-auth at its built-in limit (10 a minute), which the SFTP throttling test counts up to;
        // the test panel lifts every limit not set by name.
        Map<String, String> config = new HashMap<>(NodeTestSupport.fastNodes());
        config.put("wingman.rate-limits.sftp-auth.limit", "10");
        return panelConfig(config);
    }

    private record Node(String id, FakeWings wings, String tokenId) {
    }

    private Node node(String admin) {
        FakeWings wings = startWings();
        String id = api().post("/api/nodes", nodeBody(uniqueName("remote"), wings,
                "\"nodeType\":\"free_and_paid\",\"portRangeStart\":28000,\"portRangeEnd\":28100"), admin).json().getString("id");
        String tokenId = api().get("/api/nodes/" + id + "/credentials", admin).json().getString("tokenId");
        wings.panel(target.getUri().toString(), tokenId);
        return new Node(id, wings, tokenId);
    }

    private String egg(String admin) {
        return importEgg(admin);
    }

    private JsonObject create(String token, String egg, Node node) {
        ApiClient.Response created = api().post("/api/servers", "{\"name\":\"Remote\",\"eggId\":\"" + egg
                + "\",\"memory\":1024,\"disk\":4096,\"nodeId\":\"" + node.id + "\",\"environment\":{\"SERVER_JARFILE\":\"paper.jar\"}}",
                token);
        assertEquals(201, created.status(), created.toString());
        return created.json();
    }

    @Test
    void wingsFetchesTheConfigurationAndReportsTheInstall() {
        String admin = adminToken();
        Node node = node(admin);
        JsonObject server = create(admin, egg(admin), node);
        String uuid = server.getString("uuid");
        int port = server.getJsonArray("allocations").getJsonObject(0).getInt("port");

        JsonObject fetched = node.wings.server(uuid).configuration();
        JsonObject settings = fetched.getJsonObject("settings");
        assertEquals(uuid, settings.getString("uuid"));
        assertEquals("java -Xms128M -Xmx1024M -jar paper.jar", settings.getString("invocation"));
        assertEquals(1024, settings.getJsonObject("build").getInt("memory_limit"));
        assertEquals(4096, settings.getJsonObject("build").getInt("disk_space"));
        assertEquals(port, settings.getJsonObject("allocations").getJsonObject("default").getInt("port"));
        assertEquals("paper.jar", settings.getJsonObject("environment").getString("SERVER_JARFILE"));
        assertEquals(String.valueOf(port), settings.getJsonObject("environment").getString("SERVER_PORT"));
        assertEquals("ghcr.io/pterodactyl/yolks:java_21", settings.getJsonObject("container").getString("image"));
        JsonObject process = fetched.getJsonObject("process_configuration");
        assertEquals(")! For help, type ", process.getJsonObject("startup").getJsonArray("done").getString(0));
        assertEquals(Map.of("type", "command", "value", "stop"), Map.of("type", process.getJsonObject("stop").getString("type"),
                "value", process.getJsonObject("stop").getString("value")));
        JsonObject config = process.getJsonArray("configs").getJsonObject(0);
        assertEquals("server.properties", config.getString("file"));
        assertEquals(String.valueOf(port), config.getJsonArray("replace").getJsonObject(0).getString("replace_with"));

        await("the install is reported", () -> NodeTest.absent(api().get("/api/servers/" + server.getString("id"), admin)
                .json(), "status"));

        JsonObject script = call("GET", "/api/remote/servers/" + uuid + "/install", node, null).json();
        assertEquals("ghcr.io/pterodactyl/installers:alpine", script.getString("container_image"));
        assertEquals("ash", script.getString("entrypoint"));
        assertTrue(script.getString("script").contains("installing"));

        node.wings.failInstalls(true);
        JsonObject failing = create(admin, egg(admin), node);
        await("a failed install is recorded", () -> "install_failed".equals(api().get("/api/servers/" + failing.getString("id"),
                admin).json().getString("status", "")));
    }

    @Test
    void credentialsAreCheckedAndANodeSeesOnlyItsOwnServers() {
        String admin = adminToken();
        Node mine = node(admin);
        Node other = node(admin);
        String uuid = create(admin, egg(admin), mine).getString("uuid");

        ApiClient.Response missing = api().get("/api/remote/servers/" + uuid, null);
        assertEquals(401, missing.status());
        JsonObject error = missing.json().getJsonArray("errors").getJsonObject(0);
        assertEquals("401", error.getString("status"), "Pterodactyl's error envelope, status as a string");
        assertEquals("Access to this endpoint must include an Authorization header.", error.getString("detail"));
        assertEquals(400, api().send("GET", "/api/remote/servers/" + uuid, null, null,
                Map.of("Authorization", "Bearer no-dot-here")).status());
        assertEquals(403, api().send("GET", "/api/remote/servers/" + uuid, null, null,
                Map.of("Authorization", "Bearer " + mine.tokenId + ".wrong")).status());

        assertEquals(200, call("GET", "/api/remote/servers/" + uuid, mine, null).status());
        ApiClient.Response foreign = call("GET", "/api/remote/servers/" + uuid, other, null);
        assertEquals(404, foreign.status(), "another node's server does not exist for this node");
        assertEquals("NotFoundHttpException", foreign.json().getJsonArray("errors").getJsonObject(0).getString("code"));
        assertEquals(404, call("POST", "/api/remote/servers/" + uuid + "/install", other, "{\"successful\":true}").status());
    }

    @Test
    void nodeCredentialsAreCheckedBeforeTheBodyIsRead() {
        String admin = adminToken();
        Node node = node(admin);
        String uuid = create(admin, egg(admin), node).getString("uuid");
        Map<String, String> json = Map.of("Content-Type", "application/json");
        Map<String, String> wrong = Map.of("Content-Type", "application/json", "Authorization", "Bearer " + node.tokenId
                + ".wrong");
        String malformed = "{\"type\": \"password\", \"username\": ";
        for (String path : List.of("/api/remote/sftp/auth", "/api/remote/activity", "/api/remote/servers/" + uuid + "/install")) {
            ApiClient.Response missing = api().send("POST", path, malformed, null, json);
            assertEquals(401, missing.status(), path + " without credentials: " + missing);
            assertEquals("Access to this endpoint must include an Authorization header.", missing.json().getString("error"));
            ApiClient.Response refused = api().send("POST", path, malformed, null, wrong);
            assertEquals(403, refused.status(), path + " with a wrong token: " + refused);
            assertEquals("You are not authorized to access this resource.", refused.json().getString("error"));
        }
        // Under the 1 MiB body limit (over it, 413 answers first, from the declared length alone).
        String huge = "[" + "1,".repeat(400 * 1024) + "1]";
        assertEquals(401, api().send("POST", "/api/remote/activity", huge, null, json).status(), "a large body is not read");
        assertEquals(403, api().send("POST", "/api/remote/sftp/auth", "{\"type\":" + huge + "}", null, wrong).status());
        assertEquals(400, call("POST", "/api/remote/sftp/auth", node, malformed).status(),
                "with valid credentials the body is read, and found malformed");
    }

    @Test
    void bootListsEveryPageAndResetsUnfinishedInstalls() {
        String admin = adminToken();
        Node node = node(admin);
        node.wings.transitionDelay(Duration.ofSeconds(3));
        String egg = egg(admin);
        List<String> created = List.of(create(admin, egg, node).getString("uuid"), create(admin, egg, node).getString("uuid"),
                create(admin, egg, node).getString("uuid"));

        List<JsonObject> loaded = node.wings.boot();
        assertEquals(3, loaded.size(), "three servers over two pages of two, starting at page 0");
        assertTrue(loaded.stream().map(s -> s.getString("uuid")).toList().containsAll(created));
        String first = api().get("/api/servers?nodeId=" + node.id + "&all=true&sort=createdAt", admin).json().getJsonArray("data")
                .getJsonObject(0).getString("status", "");
        assertEquals("install_failed", first, "an install Wings was running when it rebooted did not finish");

        ApiClient.Response page = call("GET", "/api/remote/servers?page=0&per_page=2", node, null);
        JsonObject meta = page.json().getJsonObject("meta");
        assertEquals(1, meta.getInt("current_page"));
        assertEquals(2, meta.getInt("last_page"));
        assertEquals(2, meta.getInt("per_page"));
        assertEquals(3, meta.getInt("total"));
        assertFalse(page.json().getJsonArray("data").getJsonObject(0).getJsonObject("settings").isEmpty());
    }

    @Test
    void sftpLoginsUseTheAccountPasswordOrKeysAndServerPermissions() {
        String admin = adminToken();
        Node node = node(admin);
        Node other = node(admin);
        String email = register("sftp");
        String owner = token(email);
        ApiClient.Response created = api().post("/api/servers", "{\"name\":\"Files\",\"eggId\":\"" + egg(admin)
                + "\",\"memory\":512,\"disk\":1024,\"nodeId\":\"" + node.id + "\"}", owner);
        assertEquals(201, created.status(), created.toString());
        String identifier = created.json().getString("identifier");
        String body = "{\"type\":\"password\",\"username\":\"" + email + "." + identifier + "\",\"password\":\"%s\","
                + "\"ip\":\"%s\"}";

        ApiClient.Response ok = call("POST", "/api/remote/sftp/auth", node, body.formatted(PASSWORD, "203.0.113.1"));
        assertEquals(200, ok.status(), ok.toString());
        assertEquals(userId(owner), ok.json().getString("user"));
        assertEquals(created.json().getString("uuid"), ok.json().getString("server"));
        assertEquals("*", ok.json().getJsonArray("permissions").getString(0));

        assertEquals(403, call("POST", "/api/remote/sftp/auth", node, body.formatted("wrong password 1", "203.0.113.1")).status());
        assertEquals(403, call("POST", "/api/remote/sftp/auth", other, body.formatted(PASSWORD, "203.0.113.1")).status(),
                "another node cannot log into this node's server");
        assertEquals(400, call("POST", "/api/remote/sftp/auth", node, "{\"type\":\"password\",\"username\":\"nobody\","
                + "\"password\":\"x\"}").status());
        // Key logins: Wings sends the offered key, authorized_keys style, as the password.
        String keyBody = body.replace("\"password\",\"username", "\"public_key\",\"username");
        String key = SshKeyTest.newKey("ed25519", "laptop");
        assertEquals(403, call("POST", "/api/remote/sftp/auth", node, keyBody.formatted(key, "203.0.113.1")).status(),
                "a key the account does not hold");
        String keyId = api().post("/api/ssh-keys", "{\"name\":\"Laptop\",\"publicKey\":\"" + key + "\"}", owner).json()
                .getString("id");
        ApiClient.Response byKey = call("POST", "/api/remote/sftp/auth", node, keyBody.formatted(
                key.replace(" laptop", " other-comment"), "203.0.113.1"));
        assertEquals(200, byKey.status(), byKey.toString());
        assertEquals(userId(owner), byKey.json().getString("user"));
        assertEquals(403, call("POST", "/api/remote/sftp/auth", node, keyBody.formatted("ssh-ed25519 AAAA", "203.0.113.1"))
                .status(), "a malformed key");
        assertEquals(204, api().delete("/api/ssh-keys/" + keyId, owner).status());
        assertEquals(403, call("POST", "/api/remote/sftp/auth", node, keyBody.formatted(key, "203.0.113.1")).status(),
                "a removed key no longer logs in");
        String stranger = register("sftpstranger");
        assertEquals(403, call("POST", "/api/remote/sftp/auth", node, ("{\"type\":\"password\",\"username\":\"" + stranger
                + "." + identifier + "\",\"password\":\"" + PASSWORD + "\"}")).status(), "no file.sftp on this server");

    }

    /** The one answer to every refused login: same status, same body. */
    private static final String REFUSED_DETAIL = "Authorization credentials were not correct, please try again.";

    private void assertRefused(ApiClient.Response response, String why) {
        assertEquals(403, response.status(), why + ": " + response);
        assertEquals(REFUSED_DETAIL, response.json().getString("error"), why);
        assertEquals(1, response.json().getJsonArray("errors").size(), why);
        assertEquals(Map.of("code", "AccessDeniedHttpException", "status", "403", "detail", REFUSED_DETAIL),
                Map.copyOf(response.json().getJsonArray("errors").getJsonObject(0).entrySet().stream().collect(
                        java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> ((jakarta.json.JsonString) e.getValue())
                                .getString()))), why);
        assertEquals(Set.of("error", "errors"), response.json().keySet(), why);
    }

    private String sftpBody(String type, String username, String secret, String ip) {
        return jakarta.json.Json.createObjectBuilder().add("type", type).add("username", username).add("password", secret)
                .add("ip", ip).build().toString();
    }

    @Test
    void everySftpRefusalLooksTheSameAndTwoFactorAccountsUseKeys() throws Exception {
        String admin = adminToken();
        Node node = node(admin);
        String egg = egg(admin);
        String email = register("sftpsame");
        String owner = token(email);
        String ownerId = userId(owner);
        JsonObject server = api().post("/api/servers", "{\"name\":\"Same\",\"eggId\":\"" + egg
                + "\",\"memory\":512,\"disk\":1024,\"nodeId\":\"" + node.id + "\"}", owner).json();
        String username = email + "." + server.getString("identifier");
        String stranger = register("sftpnoperm");

        assertRefused(call("POST", "/api/remote/sftp/auth", node, sftpBody("password", username, "wrong password 1",
                "203.0.113.1")), "a wrong password");
        assertRefused(call("POST", "/api/remote/sftp/auth", node, sftpBody("password", stranger + "."
                + server.getString("identifier"), PASSWORD, "203.0.113.1")), "the right password without file.sftp");
        assertRefused(call("POST", "/api/remote/sftp/auth", node, sftpBody("password", "nobody-" + email + "."
                + server.getString("identifier"), PASSWORD, "203.0.113.1")), "an unknown account");
        assertRefused(call("POST", "/api/remote/sftp/auth", node, sftpBody("password", email + ".zzzzzzzz", PASSWORD,
                "203.0.113.1")), "an unknown server");

        assertEquals(200, api().post("/api/servers/" + server.getString("id") + "/suspend", null, admin).status());
        assertRefused(call("POST", "/api/remote/sftp/auth", node, sftpBody("password", username, PASSWORD, "203.0.113.1")),
                "a suspended server");
        assertEquals(200, api().post("/api/servers/" + server.getString("id") + "/unsuspend", null, admin).status());

        assertEquals(200, api().put("/api/admin/users/" + ownerId, "{\"suspended\":true}", admin).status());
        assertRefused(call("POST", "/api/remote/sftp/auth", node, sftpBody("password", username, PASSWORD, "203.0.113.1")),
                "a suspended account");
        assertEquals(200, api().put("/api/admin/users/" + ownerId, "{\"suspended\":false}", admin).status());
        String owner2 = token(email);
        assertEquals(200, call("POST", "/api/remote/sftp/auth", node, sftpBody("password", username, PASSWORD,
                "203.0.113.1")).status(), "unsuspended, the password works again");

        // Two-factor accounts: a password alone is one factor, so SFTP takes their keys only.
        String key = SshKeyTest.newKey("ed25519", "laptop");
        assertEquals(201, api().post("/api/ssh-keys", "{\"name\":\"Laptop\",\"publicKey\":\"" + key + "\"}", owner2)
                .status());
        ApiClient.Response setup = api().post("/api/auth/2fa/setup", null, owner2);
        assertEquals(200, setup.status(), setup.toString());
        assertEquals(200, api().post("/api/auth/2fa/verify", "{\"code\":\"" + TwoFactorTest.code(
                setup.json().getString("secret"), java.time.Instant.now()) + "\"}", owner2).status());
        assertRefused(call("POST", "/api/remote/sftp/auth", node, sftpBody("password", username, PASSWORD, "203.0.113.1")),
                "the right password of a two-factor account");
        ApiClient.Response byKey = call("POST", "/api/remote/sftp/auth", node, sftpBody("public_key", username, key,
                "203.0.113.1"));
        assertEquals(200, byKey.status(), "a two-factor account logs in with its key: " + byKey);
        assertEquals(ownerId, byKey.json().getString("user"));
    }

    @Test
    void sftpGuessingIsLimitedPerAccountAndNodeWhateverAddressWingsReports() {
        String admin = adminToken();
        Node node = node(admin);
        Node other = node(admin);
        String egg = egg(admin);
        String email = register("sftplimit");
        String owner = token(email);
        String identifier = api().post("/api/servers", "{\"name\":\"Limited\",\"eggId\":\"" + egg
                + "\",\"memory\":512,\"disk\":1024,\"nodeId\":\"" + node.id + "\"}", owner).json().getString("identifier");
        int status = 0;
        // 10 a minute; up to 21 tries in case the fixed window turns over meanwhile.
        for (int attempts = 0; attempts < 21 && status != 429; attempts++) {
            // A caller holding a node token can claim any client address: a new one for every guess.
            status = call("POST", "/api/remote/sftp/auth", node, sftpBody("password", email + "." + identifier,
                    "guess " + attempts, "198.51.100." + attempts)).status();
        }
        assertEquals(429, status, "guessing is throttled per account and node, not per reported address");
        assertEquals(429, call("POST", "/api/remote/sftp/auth", node, sftpBody("password", email + "." + identifier,
                PASSWORD, "192.0.2.7")).status(), "even with the right password, until the window ends");
        assertRefused(call("POST", "/api/remote/sftp/auth", other, sftpBody("password", email + "." + identifier, PASSWORD,
                "192.0.2.7")), "another node counts its own attempts (and does not have this server)");
    }

    private ApiClient.Response call(String method, String path, Node node, String body) {
        return api().send(method, path, body, null, Map.of("Authorization", "Bearer " + node.tokenId + "." + node.wings.token()));
    }
}
