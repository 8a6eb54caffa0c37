package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.api.FakeWings;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.wingman.app.NodeTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client API's startup and settings endpoints: variables as the egg lets users see and edit
 * them, the Docker image among the egg's, rename and reinstall; every change Wings runs by reaches
 * FakeWings through the sync job.
 */
@HelidonTest
class ClientStartupTest extends PanelTest {
    private static final String JAVA_17 = "ghcr.io/pterodactyl/yolks:java_17";

    @AddConfigSource
    static ConfigSource config() {
        Map<String, String> config = new HashMap<>(NodeTestSupport.fastNodes());
        config.put("wingman.wings.read-timeout", "PT3S");
        return panelConfig(config);
    }

    private record Owned(String admin, String owner, String key, String serverId, String identifier, String uuid,
                         String nodeId, FakeWings wings) {
        String base() {
            return "/api/client/servers/" + identifier;
        }

        FakeWings.Server onWings() {
            return wings.server(uuid);
        }

        JsonObject wingsSettings() {
            return onWings().configuration().getJsonObject("settings");
        }
    }

    /** The test Paper egg with one more variable users see but may not change. */
    private String eggWithReadOnlyVariable(String admin) {
        JsonObject paper = Json.createReader(new StringReader(EggTest.paperEgg("Paper " + UUID.randomUUID().toString()
                .substring(0, 8)))).readObject();
        var variables = Json.createArrayBuilder(paper.getJsonArray("variables")).add(Json.createObjectBuilder()
                .add("name", "Region").add("description", "Where it runs.").add("env_variable", "REGION")
                .add("default_value", "eu").add("user_viewable", true).add("user_editable", false)
                .add("rules", "required|string").add("field_type", "text"));
        ApiClient.Response egg = api().post("/api/admin/eggs/import", Json.createObjectBuilder(paper).add("variables", variables)
                .build().toString(), admin);
        assertEquals(201, egg.status(), egg.toString());
        return egg.json().getString("id");
    }

    private Owned server(int ports) {
        String admin = adminToken();
        FakeWings wings = startWings();
        String node = attachedNode(admin, wings, "\"nodeType\":\"free_and_paid\",\"portRangeStart\":" + ports
                + ",\"portRangeEnd\":" + (ports + 50));
        String egg = eggWithReadOnlyVariable(admin);
        String owner = userToken("startup");
        ApiClient.Response created = api().post("/api/servers", "{\"name\":\"Startup\",\"eggId\":\"" + egg
                + "\",\"memory\":512,\"disk\":1024,\"nodeId\":\"" + node + "\"}", owner);
        assertEquals(201, created.status(), created.toString());
        JsonObject server = created.json();
        String id = server.getString("id");
        await("installed", () -> NodeTest.absent(api().get("/api/servers/" + id, owner).json(), "status"));
        return new Owned(admin, owner, apiKey(owner, "*"), id, server.getString("identifier"), server.getString("uuid"), node, wings);
    }

    private ApiClient.Response setVariable(Owned o, String key, String value, String token) {
        return api().put(o.base() + "/startup/variable", "{\"key\":\"" + key + "\",\"value\":\"" + value + "\"}", token);
    }

    private Map<String, String> values(Owned o) {
        ApiClient.Response listed = api().get(o.base() + "/startup", o.key);
        assertEquals(200, listed.status(), listed.toString());
        Map<String, String> values = new java.util.LinkedHashMap<>();
        listed.json().getJsonArray("data").getValuesAs(JsonObject.class).forEach(v -> values.put(
                v.getJsonObject("attributes").getString("env_variable"), v.getJsonObject("attributes").getString("server_value")));
        return values;
    }

    private JsonObject attributes(Owned o) {
        return api().get(o.base(), o.key).json().getJsonObject("attributes");
    }

    private List<String> events(Owned o) {
        return api().get(o.base() + "/activity?per_page=100", o.owner).json().getJsonArray("data")
                .getValuesAs(JsonObject.class).stream().map(e -> e.getJsonObject("attributes").getString("event")).toList();
    }

    @Test
    void variablesAreShownAsTheEggAllowsAndChangedWithinItsRules() {
        Owned o = server(35000);
        ApiClient.Response startup = api().get(o.base() + "/startup", o.key);
        assertEquals(200, startup.status(), startup.toString());
        List<JsonObject> variables = startup.json().getJsonArray("data").getValuesAs(JsonObject.class);
        variables.forEach(v -> assertEquals("egg_variable", v.getString("object")));
        assertEquals(List.of("SERVER_JARFILE", "MINECRAFT_VERSION", "REGION"), variables.stream()
                .map(v -> v.getJsonObject("attributes").getString("env_variable")).toList(), "the hidden BUILD_NUMBER is not listed");
        JsonObject jar = variables.get(0).getJsonObject("attributes");
        assertEquals("Server Jar File", jar.getString("name"));
        assertEquals("server.jar", jar.getString("default_value"));
        assertEquals("server.jar", jar.getString("server_value"));
        assertTrue(jar.getBoolean("is_editable"));
        assertTrue(jar.getString("rules").startsWith("required|regex:"));
        assertFalse(variables.get(2).getJsonObject("attributes").getBoolean("is_editable"));
        JsonObject meta = startup.json().getJsonObject("meta");
        assertEquals("java -Xms128M -Xmx512M -jar server.jar", meta.getString("startup_command"));
        assertEquals("java -Xms128M -Xmx{{SERVER_MEMORY}}M -jar {{SERVER_JARFILE}}", meta.getString("raw_startup_command"));
        assertEquals(JAVA_17, meta.getJsonObject("docker_images").getString("Java 17"));

        int syncs = o.onWings().syncs();
        ApiClient.Response changed = setVariable(o, "SERVER_JARFILE", "paper.jar", o.key);
        assertEquals(200, changed.status(), changed.toString());
        assertEquals("egg_variable", changed.json().getString("object"));
        assertEquals("paper.jar", changed.json().getJsonObject("attributes").getString("server_value"));
        assertEquals("java -Xms128M -Xmx512M -jar paper.jar", changed.json().getJsonObject("meta").getString("startup_command"));
        await("Wings synced the variable", () -> o.onWings().syncs() > syncs
                && "paper.jar".equals(o.wingsSettings().getJsonObject("environment").getString("SERVER_JARFILE")));
        assertEquals("java -Xms128M -Xmx512M -jar paper.jar", o.wingsSettings().getString("invocation"));

        ApiClient.Response badJar = setVariable(o, "SERVER_JARFILE", "not a jar", o.key);
        assertEquals(422, badJar.status(), badJar.toString());
        assertEquals("value", badJar.json().getString("field"));
        ApiClient.Response tooLong = setVariable(o, "MINECRAFT_VERSION", "1".repeat(21), o.key);
        assertEquals(422, tooLong.status(), tooLong.toString());
        assertEquals("value", tooLong.json().getString("field"));
        ApiClient.Response hidden = setVariable(o, "BUILD_NUMBER", "1", o.key);
        assertEquals(400, hidden.status(), hidden.toString());
        assertEquals("The environment variable you are trying to edit does not exist.", hidden.json().getString("error"));
        assertEquals(400, setVariable(o, "NOT_A_VARIABLE", "1", o.key).status());
        ApiClient.Response readOnly = setVariable(o, "REGION", "us", o.key);
        assertEquals(400, readOnly.status(), readOnly.toString());
        assertEquals("The environment variable you are trying to edit is read-only.", readOnly.json().getString("error"));
        ApiClient.Response noKey = api().put(o.base() + "/startup/variable", "{\"value\":\"x\"}", o.key);
        assertEquals(422, noKey.status(), noKey.toString());
        assertEquals("key", noKey.json().getString("field"));
        assertEquals(Map.of("SERVER_JARFILE", "paper.jar", "MINECRAFT_VERSION", "latest", "REGION", "eu"), values(o),
                "nothing else changed");
        ApiClient.Response admin = api().get("/api/servers/" + o.serverId, o.admin);
        assertEquals("latest", admin.json().getJsonObject("environment").getString("BUILD_NUMBER"), "the hidden one neither");
        assertTrue(events(o).contains("server:startup.edit"), events(o).toString());
    }

    @Test
    void theImageIsOneOfTheEggsAndRenameAndReinstallReachWings() {
        Owned o = server(35100);
        int syncs = o.onWings().syncs();
        assertEquals(204, api().put(o.base() + "/settings/docker-image", "{\"docker_image\":\"" + JAVA_17 + "\"}", o.key).status());
        assertEquals(JAVA_17, attributes(o).getString("docker_image"));
        await("Wings runs the new image", () -> o.onWings().syncs() > syncs
                && JAVA_17.equals(o.wingsSettings().getJsonObject("container").getString("image")));
        ApiClient.Response foreign = api().put(o.base() + "/settings/docker-image", "{\"docker_image\":\"evil/miner:latest\"}", o.key);
        assertEquals(400, foreign.status(), foreign.toString());
        ApiClient.Response missing = api().put(o.base() + "/settings/docker-image", "{}", o.key);
        assertEquals(422, missing.status(), missing.toString());
        assertEquals("docker_image", missing.json().getString("field"));
        assertEquals(JAVA_17, attributes(o).getString("docker_image"), "unchanged");

        int beforeRename = o.onWings().syncs();
        assertEquals(204, api().post(o.base() + "/settings/rename", "{\"name\":\"Survival\",\"description\":\"For friends\"}",
                o.key).status());
        assertEquals("Survival", attributes(o).getString("name"));
        assertEquals("For friends", attributes(o).getString("description"));
        await("Wings has the new name", () -> o.onWings().syncs() > beforeRename
                && "Survival".equals(o.wingsSettings().getJsonObject("meta").getString("name")));
        ApiClient.Response longName = api().post(o.base() + "/settings/rename", "{\"name\":\"" + "n".repeat(192) + "\"}", o.key);
        assertEquals(422, longName.status(), longName.toString());
        assertEquals("name", longName.json().getString("field"));
        ApiClient.Response noName = api().post(o.base() + "/settings/rename", "{\"description\":\"x\"}", o.key);
        assertEquals(422, noName.status(), noName.toString());
        assertEquals("Survival", attributes(o).getString("name"), "unchanged");
        assertEquals("For friends", attributes(o).getString("description"));

        // The install takes a while on this node, so the installing status can be seen.
        o.wings.transitionDelay(Duration.ofSeconds(3));
        try {
            ApiClient.Response reinstall = api().post(o.base() + "/settings/reinstall", "", o.key);
            assertEquals(202, reinstall.status(), reinstall.toString());
            assertEquals(1, o.onWings().reinstalls());
            assertTrue(attributes(o).getBoolean("is_installing"));
            assertEquals(409, api().post(o.base() + "/settings/rename", "{\"name\":\"During\"}", o.key).status(),
                    "other actions wait for the install");
            assertEquals(409, setVariable(o, "SERVER_JARFILE", "other.jar", o.key).status());
            assertEquals(409, api().post(o.base() + "/settings/reinstall", "", o.key).status(), "already installing");
            await("Wings reported the install", () -> !attributes(o).getBoolean("is_installing"));
        } finally {
            o.wings.transitionDelay(Duration.ofMillis(20));
        }
        assertEquals(204, api().post(o.base() + "/settings/rename", "{\"name\":\"After\"}", o.key).status());
        List<String> events = events(o);
        for (String event : List.of("server:startup.image", "server:settings.rename", "server:settings.reinstall")) {
            assertTrue(events.contains(event), event + " in " + events);
        }
    }

    @Test
    void anImageSetByAnAdministratorIsTheirsToChange() {
        Owned o = server(35200);
        ApiClient.Response set = api().send("PATCH", "/api/servers/" + o.serverId, "{\"dockerImage\":\"custom/image:1\"}", o.admin,
                Map.of("Content-Type", "application/json"));
        assertEquals(200, set.status(), set.toString());
        ApiClient.Response refused = api().put(o.base() + "/settings/docker-image", "{\"docker_image\":\"" + JAVA_17 + "\"}", o.key);
        assertEquals(400, refused.status(), refused.toString());
        assertEquals("custom/image:1", attributes(o).getString("docker_image"));
    }

    @Test
    void eachEndpointNeedsItsKeyForSubusersAndKeysAndOtherTenantsSeeNothing() {
        Owned o = server(35300);
        String readerEmail = register("reader");
        assertEquals(200, api().post(o.base() + "/users", "{\"email\":\"" + readerEmail
                + "\",\"permissions\":[\"startup.read\"]}", o.owner).status());
        String reader = token(readerEmail);
        assertEquals(200, api().get(o.base() + "/startup", reader).status(), "startup.read lists");
        assertEquals(403, setVariable(o, "SERVER_JARFILE", "paper.jar", reader).status(), "startup.update");
        assertEquals(403, api().put(o.base() + "/settings/docker-image", "{\"docker_image\":\"" + JAVA_17 + "\"}", reader)
                .status(), "startup.docker-image");
        assertEquals(403, api().post(o.base() + "/settings/rename", "{\"name\":\"x\"}", reader).status(), "settings.rename");
        assertEquals(403, api().post(o.base() + "/settings/reinstall", "", reader).status(), "settings.reinstall");

        String readOnlyKey = apiKey(o.owner, "startup.read");
        assertEquals(200, api().get(o.base() + "/startup", readOnlyKey).status());
        assertEquals(403, setVariable(o, "SERVER_JARFILE", "paper.jar", readOnlyKey).status(), "the key's scope lacks it");
        assertEquals(403, api().post(o.base() + "/settings/reinstall", "", readOnlyKey).status());

        String stranger = userToken("stranger");
        assertEquals(404, api().get(o.base() + "/startup", stranger).status(), "another tenant's server is not found");
        assertEquals(404, setVariable(o, "SERVER_JARFILE", "paper.jar", stranger).status());
        assertEquals(404, api().post(o.base() + "/settings/rename", "{\"name\":\"x\"}", stranger).status());
        assertEquals(404, api().post(o.base() + "/settings/reinstall", "", stranger).status());
        assertEquals("server.jar", values(o).get("SERVER_JARFILE"), "nothing changed");
        assertEquals("Startup", attributes(o).getString("name"));
        assertEquals(0, o.onWings().reinstalls());
    }

    @Test
    void onAHungNodeChangesStandAndReinstallAnswersFast503NamingIt() {
        Owned o = server(35400);
        o.wings.mode(FakeWings.Mode.HANG);
        try {
            ApiClient.Response open = null;
            for (int i = 0; i < 8 && (open == null || open.status() != 503); i++) {
                open = api().post(o.base() + "/settings/reinstall", "", o.key);
            }
            assertEquals(503, open.status(), open.toString());
            assertEquals(o.nodeId, open.json().getString("node"));
            assertEquals("5", open.header("Retry-After"));
            assertFalse(attributes(o).getBoolean("is_installing"), "a reinstall the node did not take leaves the status");
            assertEquals(0, o.onWings().reinstalls(), "none was answered");

            ApiClient.Response changed = setVariable(o, "SERVER_JARFILE", "hung.jar", o.key);
            assertEquals(200, changed.status(), changed.toString());
            assertEquals("hung.jar", values(o).get("SERVER_JARFILE"), "saved whatever the node does");
        } finally {
            o.wings.mode(FakeWings.Mode.UP);
        }
        await("the sync job delivered the variable once the node answered", () -> o.onWings().configuration() != null
                && "hung.jar".equals(o.wingsSettings().getJsonObject("environment").getString("SERVER_JARFILE")));
    }
}
