package dev.wingman.app;

import dev.wingman.platform.api.ApiException;
import dev.wingman.servers.api.Eggs;
import dev.wingman.testkit.api.ApiClient;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Importing Pterodactyl eggs, what users and admins see of them, export, and environment validation. */
@HelidonTest
class EggTest extends PanelTest {
    @Inject
    Eggs eggs;

    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(Map.of());
    }

    static String paperEgg(String name) {
        try (InputStream in = EggTest.class.getResourceAsStream("/eggs/paper.json")) {
            JsonObject egg = Json.createReader(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8))).readObject();
            return Json.createObjectBuilder(egg).add("name", name).build().toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String uniqueName() {
        return "Paper " + UUID.randomUUID().toString().substring(0, 8);
    }

    private static List<String> envNames(JsonObject egg) {
        return egg.getJsonArray("variables").getValuesAs(JsonObject.class).stream().map(v -> v.getString("envVariable")).toList();
    }

    @Test
    void importBrowseExportReplaceDelete() {
        String admin = adminToken();
        String name = uniqueName();
        ApiClient.Response imported = api().post("/api/admin/eggs/import", paperEgg(name), admin);
        assertEquals(201, imported.status(), imported.toString());
        JsonObject egg = imported.json();
        String id = egg.getString("id");
        assertEquals(List.of("SERVER_JARFILE", "MINECRAFT_VERSION", "BUILD_NUMBER"), envNames(egg));
        assertEquals("ghcr.io/pterodactyl/yolks:java_21", egg.getJsonObject("dockerImages").getString("Java 21"));
        assertEquals(409, api().post("/api/admin/eggs/import", paperEgg(name.toUpperCase()), admin).status());

        String user = userToken("egguser");
        JsonObject seen = api().get("/api/eggs/" + id, user).json();
        assertEquals(List.of("SERVER_JARFILE", "MINECRAFT_VERSION"), envNames(seen), "users see only viewable variables");
        assertTrue(api().get("/api/eggs", user).array().getValuesAs(JsonObject.class).stream()
                .anyMatch(e -> e.getString("id").equals(id)));

        JsonObject export = api().get("/api/admin/eggs/" + id + "/export", admin).json();
        assertEquals("PTDL_v2", export.getJsonObject("meta").getString("version"));
        assertEquals("{\"done\":\")! For help, type \"}", export.getJsonObject("config").getString("startup"));
        assertEquals("stop", export.getJsonObject("config").getString("stop"));
        assertEquals(3, export.getJsonArray("variables").size());
        String roundTrip = Json.createObjectBuilder(export).add("name", uniqueName()).build().toString();
        assertEquals(201, api().post("/api/admin/eggs/import", roundTrip, admin).status(), "an export imports again");

        String changed = Json.createObjectBuilder(export).add("startup", "java -jar {{SERVER_JARFILE}} nogui").build().toString();
        ApiClient.Response replaced = api().put("/api/admin/eggs/" + id, changed, admin);
        assertEquals(200, replaced.status(), replaced.toString());
        assertEquals("java -jar {{SERVER_JARFILE}} nogui", replaced.json().getString("startup"));
        assertEquals(id, replaced.json().getString("id"));

        assertEquals(204, api().delete("/api/admin/eggs/" + id, admin).status());
        assertEquals(404, api().get("/api/eggs/" + id, user).status());
    }

    @Test
    void refusesWhatIsNotAUsableEgg() {
        String admin = adminToken();
        JsonObject base = Json.createReader(new StringReader(paperEgg(uniqueName()))).readObject();
        Map<String, String> broken = Map.of(
                Json.createObjectBuilder(base).remove("meta").build().toString(), "meta.version",
                Json.createObjectBuilder(base).remove("docker_images").build().toString(), "docker_images",
                Json.createObjectBuilder(base).remove("startup").build().toString(), "startup",
                Json.createObjectBuilder(base).add("variables", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("env_variable", "lower-case"))).build().toString(), "variables[0].env_variable",
                Json.createObjectBuilder(base).add("variables", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("env_variable", "SERVER_MEMORY"))).build().toString(), "variables[0].env_variable",
                Json.createObjectBuilder(base).add("variables", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("env_variable", "JAR").add("rules", "required|regex:/([a-z/"))).build().toString(), "variables[0].rules");
        broken.forEach((body, field) -> {
            ApiClient.Response response = api().post("/api/admin/eggs/import", body, admin);
            assertEquals(400, response.status(), field + " -> " + response);
            assertEquals(field, response.json().getString("field"));
        });

        // PTDL_v1 with a single image.
        String v1 = Json.createObjectBuilder(base).add("meta", Json.createObjectBuilder().add("version", "PTDL_v1"))
                .remove("docker_images").add("image", "quay.io/pterodactyl/core:java").build().toString();
        ApiClient.Response imported = api().post("/api/admin/eggs/import", v1, admin);
        assertEquals(201, imported.status(), imported.toString());
        assertEquals("quay.io/pterodactyl/core:java", imported.json().getJsonObject("dockerImages")
                .getString("quay.io/pterodactyl/core:java"));

        String user = userToken("eggpeer");
        assertEquals(403, api().post("/api/admin/eggs/import", paperEgg(uniqueName()), user).status());
        assertEquals(401, api().get("/api/eggs", null).status());
        assertEquals(403, api().get("/api/admin/eggs", user).status());
    }

    @Test
    void environmentIsResolvedAgainstTheRules() {
        String admin = adminToken();
        String id = api().post("/api/admin/eggs/import", paperEgg(uniqueName()), admin).json().getString("id");

        assertEquals(Map.of("SERVER_JARFILE", "server.jar", "MINECRAFT_VERSION", "latest", "BUILD_NUMBER", "latest"),
                eggs.resolveEnvironment(id, Map.of(), false), "defaults fill what is not given");
        assertEquals("paper.jar", eggs.resolveEnvironment(id, Map.of("SERVER_JARFILE", "paper.jar"), false).get("SERVER_JARFILE"));
        assertEquals("field", assertThrows(ApiException.class,
                () -> eggs.resolveEnvironment(id, Map.of("SERVER_JARFILE", "paper.zip"), false)).extra().keySet().iterator().next());
        ApiException notEditable = assertThrows(ApiException.class,
                () -> eggs.resolveEnvironment(id, Map.of("BUILD_NUMBER", "42"), false));
        assertEquals("environment.BUILD_NUMBER", notEditable.extra().get("field"));
        assertEquals("42", eggs.resolveEnvironment(id, Map.of("BUILD_NUMBER", "42"), true).get("BUILD_NUMBER"),
                "administrators may set hidden variables");
        ApiException unknown = assertThrows(ApiException.class, () -> eggs.resolveEnvironment(id, Map.of("NOPE", "1"), true));
        assertEquals("environment.NOPE", unknown.extra().get("field"));
        assertFalse(eggs.resolveEnvironment(id, Map.of("MINECRAFT_VERSION", ""), false).get("MINECRAFT_VERSION").length() > 0,
                "a nullable variable may be emptied");
    }
}
