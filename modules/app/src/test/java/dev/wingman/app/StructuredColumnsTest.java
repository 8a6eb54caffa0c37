package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.api.FakeWings;
import dev.wingman.testkit.api.TestServices;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.wingman.app.NodeTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What entities keep as lists and ordered maps are jsonb and text[] columns Hibernate maps, and an
 * order that matters (an egg's images, a server's variables) survives the database, which sorts
 * the keys of a jsonb object.
 */
@HelidonTest
class StructuredColumnsTest extends PanelTest {
    /** Labels in an order jsonb would not keep as object keys (it sorts them, shorter first). */
    private static final List<String> LABELS = List.of("Java 21", "Java 8", "Beta", "Java 17");
    /** The test egg's variables, in its order (jsonb would put BUILD_NUMBER first). */
    private static final List<String> VARIABLES = List.of("SERVER_JARFILE", "MINECRAFT_VERSION", "BUILD_NUMBER");

    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(NodeTestSupport.fastNodes());
    }

    /** An egg with {@link #LABELS} and a server of it, installed on FakeWings. */
    private record Made(String admin, String owner, String egg, JsonObject server, FakeWings wings) {
        String id() {
            return server.getString("id");
        }
    }

    private Made server() {
        String admin = adminToken();
        var images = Json.createObjectBuilder();
        LABELS.forEach(label -> images.add(label, "example.test/" + label.toLowerCase().replace(' ', '_')));
        JsonObject paper = Json.createReader(new StringReader(EggTest.paperEgg("Ordered " + UUID.randomUUID()))).readObject();
        ApiClient.Response imported = api().post("/api/admin/eggs/import",
                Json.createObjectBuilder(paper).add("docker_images", images).build().toString(), admin);
        assertEquals(201, imported.status(), imported.toString());
        String egg = imported.json().getString("id");
        FakeWings wings = startWings();
        String node = attachedNode(admin, wings, "\"nodeType\":\"free_and_paid\",\"portRangeStart\":32000,\"portRangeEnd\":32100");
        String owner = userToken("orderly");
        ApiClient.Response created = api().post("/api/servers", "{\"name\":\"Ordered\",\"eggId\":\"" + egg
                + "\",\"memory\":1024,\"disk\":4096,\"nodeId\":\"" + node + "\",\"environment\":{\"MINECRAFT_VERSION\":\"1.21\"}}", owner);
        assertEquals(201, created.status(), created.toString());
        String id = created.json().getString("id");
        await("installed", () -> NodeTest.absent(api().get("/api/servers/" + id, owner).json(), "status"));
        return new Made(admin, owner, egg, created.json(), wings);
    }

    @Test
    void anEggsImagesAndAServersVariablesComeBackInTheirOrder() throws Exception {
        Made made = server();
        String admin = made.admin();
        String egg = made.egg();
        String owner = made.owner();
        String id = made.id();
        String uuid = made.server().getString("uuid");
        assertEquals(LABELS, new ArrayList<>(api().get("/api/eggs/" + egg, admin).json().getJsonObject("dockerImages").keySet()));
        assertEquals(LABELS, new ArrayList<>(api().get("/api/admin/eggs/" + egg + "/export", admin).json()
                .getJsonObject("docker_images").keySet()), "the export keeps the egg's order");
        assertEquals(VARIABLES, api().get("/api/admin/eggs/" + egg + "/export", admin).json().getJsonArray("variables")
                .getValuesAs(JsonObject.class).stream().map(v -> v.getString("env_variable")).toList());
        assertEquals(1, count("select count(*) from eggs where id = ? and docker_images = cast(? as jsonb)", egg,
                "[" + String.join(",", LABELS.stream().map(l -> "{\"label\":\"" + l + "\",\"image\":\"example.test/"
                        + l.toLowerCase().replace(' ', '_') + "\"}").toList()) + "]"),
                "stored as an array of pairs in the egg's order");

        assertEquals("example.test/java_21", made.server().getString("dockerImage"), "the egg's first image is the default");

        JsonObject environment = api().get("/api/servers/" + id, admin).json().getJsonObject("environment");
        assertEquals(VARIABLES, new ArrayList<>(environment.keySet()));
        assertEquals("1.21", environment.getString("MINECRAFT_VERSION"));
        assertEquals(VARIABLES, new ArrayList<>(made.wings().server(uuid).configuration().getJsonObject("settings")
                .getJsonObject("environment").keySet()).subList(0, VARIABLES.size()), "Wings reads them in the egg's order");

        ApiClient.Response changed = api().send("PATCH", "/api/servers/" + id,
                "{\"environment\":{\"SERVER_JARFILE\":\"paper.jar\"}}", owner, Map.of());
        assertEquals(200, changed.status(), changed.toString());
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("SERVER_JARFILE", "paper.jar");
        expected.put("MINECRAFT_VERSION", "1.21");
        expected.put("BUILD_NUMBER", "latest");
        JsonObject after = api().get("/api/servers/" + id, admin).json().getJsonObject("environment");
        assertEquals(VARIABLES, new ArrayList<>(after.keySet()), "a change keeps the order");
        expected.forEach((name, value) -> assertEquals(value, after.getString(name), name));
        assertEquals(1, count("select count(*) from servers where id = ? and environment = cast(? as jsonb)", id,
                "[{\"name\":\"SERVER_JARFILE\",\"value\":\"paper.jar\"},{\"name\":\"MINECRAFT_VERSION\",\"value\":\"1.21\"},"
                        + "{\"name\":\"BUILD_NUMBER\",\"value\":\"latest\"}]"), "stored as an array of pairs in the egg's order");
    }

    /**
     * Audit details are read back by JSON-B, as before they were mapped: a number is a BigDecimal,
     * so Wings' {@code 1.50} shows as Pterodactyl's "1.50" (Jackson, Hibernate's default when it is on
     * the class path, would answer "1.5").
     */
    @Test
    void activityDetailsReadAsBeforeTheyWereMapped() {
        Made made = server();
        String uuid = made.server().getString("uuid");
        made.wings().sendActivity(List.of(Json.createObjectBuilder().add("user", userId(made.owner())).add("server", uuid)
                .add("event", "server:file.write").add("metadata", Json.createObjectBuilder()
                        .add("ratio", new java.math.BigDecimal("1.50")).add("count", 3).add("files", "/a.txt").addNull("none"))
                .add("ip", "198.51.100.7").add("timestamp", "2026-11-23T10:00:00Z").build()));
        JsonObject properties = api().get("/api/client/servers/" + made.server().getString("identifier")
                        + "/activity?filter[event]=server:file.write", made.owner()).json().getJsonArray("data").getJsonObject(0)
                .getJsonObject("attributes").getJsonObject("properties");
        assertEquals("1.50", properties.getString("ratio"));
        assertEquals("3", properties.getString("count"));
        assertEquals("/a.txt", properties.getString("files"));
        assertTrue(properties.isNull("none"));
    }

    @Test
    void listsAreJsonbAndTextArraysAndEggConfigurationStaysText() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        for (String column : List.of("features", "docker_images", "file_denylist", "variables")) {
            expected.put("eggs." + column, "jsonb");
        }
        expected.put("servers.environment", "jsonb");
        expected.put("server_subusers.permissions", "jsonb");
        expected.put("node_operations.results", "jsonb");
        expected.put("audit_log.details", "jsonb");
        expected.put("nodes.ipv4_addresses", "_text");
        expected.put("organisation_dns_zones.name_servers", "_text");
        for (String column : List.of("config_files", "config_startup", "config_logs", "config_stop")) {
            expected.put("eggs." + column, "text");
        }
        Map<String, String> actual = new LinkedHashMap<>();
        try (Connection db = DriverManager.getConnection(TestServices.get().panelConfig().get("wingman.database.url"));
             PreparedStatement query = db.prepareStatement("select udt_name from information_schema.columns"
                     + " where table_schema = current_schema() and table_name = ? and column_name = ?")) {
            for (String column : expected.keySet()) {
                String[] parts = column.split("\\.");
                query.setString(1, parts[0]);
                query.setString(2, parts[1]);
                try (ResultSet row = query.executeQuery()) {
                    assertTrue(row.next(), column);
                    actual.put(column, row.getString(1));
                }
            }
        }
        assertEquals(expected, actual);
    }

    private static long count(String sql, String... parameters) throws Exception {
        try (Connection db = DriverManager.getConnection(TestServices.get().panelConfig().get("wingman.database.url"));
             PreparedStatement query = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setString(i + 1, parameters[i]);
            }
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
