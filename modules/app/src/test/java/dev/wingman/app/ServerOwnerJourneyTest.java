package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.api.FakeWings;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static dev.wingman.app.NodeTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server owner's everyday work, only through the HTTP API (the node's disk is never touched
 * here): edit a config file, upload a world through the signed link, archive and unpack it, back
 * it up, lose it, restore it and get the same bytes back, set a nightly restart with a backup
 * before it, create a database that works on the machine's MariaDB, add a port; and a subuser who
 * sees only what their keys allow.
 */
@HelidonTest
class ServerOwnerJourneyTest extends PanelTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @AddConfigSource
    static ConfigSource config() {
        Map<String, String> config = new HashMap<>(NodeTestSupport.fastNodes());
        // Archives and backups do real work on FakeWings; a loaded two-core machine can be slow.
        config.put("wingman.wings.read-timeout", "PT3S");
        return panelConfig(config);
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Follows a signed download link the panel handed out, straight to the node, as a browser would. */
    private byte[] download(String base, String file, String key) throws Exception {
        ApiClient.Response link = api().get(base + "/files/download?file=" + q(file), key);
        assertEquals(200, link.status(), link.toString());
        HttpResponse<byte[]> fetched = HTTP.send(HttpRequest.newBuilder(URI.create(link.json().getJsonObject("attributes")
                .getString("url"))).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, fetched.statusCode());
        return fetched.body();
    }

    private String sha256Of(String base, String file, String key) throws Exception {
        return sha256(download(base, file, key));
    }

    private String status(String base, String key) {
        JsonObject attributes = api().get(base, key).json().getJsonObject("attributes");
        return attributes.isNull("status") ? null : attributes.getString("status");
    }

    @Test
    void anOwnerRunsTheirServerThroughTheApi() throws Exception {
        String admin = adminToken();
        FakeWings wings = startWings();
        String node = attachedNode(admin, wings, "\"nodeType\":\"free_and_paid\",\"portRangeStart\":36000,\"portRangeEnd\":36050");
        String egg = importEgg(admin);
        String ownerEmail = register("owner");
        String owner = token(ownerEmail);
        String key = apiKey(owner, "*");
        JsonObject server = installedServer(owner, egg, node, "Journey");
        String base = "/api/client/servers/" + server.getString("identifier");
        assertEquals(200, api().send("PATCH", "/api/servers/" + server.getString("id"),
                "{\"databaseLimit\":1,\"allocationLimit\":2,\"backupLimit\":2}", admin, Map.of()).status());

        // A config file, edited in place.
        assertEquals(204, api().send("POST", base + "/files/write?file=" + q("/server.properties"), "motd=Hello\n", key,
                Map.of("Content-Type", "text/plain")).status());
        assertEquals(204, api().send("POST", base + "/files/write?file=" + q("/server.properties"), "motd=Welcome\nmax-players=20\n",
                key, Map.of("Content-Type", "text/plain")).status());
        assertEquals("motd=Welcome\nmax-players=20\n", api().get(base + "/files/contents?file=" + q("/server.properties"), key).body());

        // A world, uploaded through the signed link straight to the node.
        byte[] world = new byte[256 * 1024];
        new Random(42).nextBytes(world);
        String upload = api().get(base + "/files/upload", key).json().getJsonObject("attributes").getString("url");
        String boundary = "journey" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"level.dat\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] multipart = new byte[head.length + world.length + tail.length];
        System.arraycopy(head, 0, multipart, 0, head.length);
        System.arraycopy(world, 0, multipart, head.length, world.length);
        System.arraycopy(tail, 0, multipart, head.length + world.length, tail.length);
        HttpResponse<String> uploaded = HTTP.send(HttpRequest.newBuilder(URI.create(upload + "&directory=" + q("/world")))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, uploaded.statusCode(), uploaded.body());
        String checksum = sha256(world);
        assertEquals(checksum, sha256Of(base, "/world/level.dat", key), "read back as uploaded");

        // Archived, lost, unpacked: the same bytes.
        ApiClient.Response archived = api().post(base + "/files/compress", "{\"root\":\"/\",\"files\":[\"world\"]}", key);
        assertEquals(200, archived.status(), archived.toString());
        String archive = archived.json().getJsonObject("attributes").getString("name");
        assertEquals(204, api().post(base + "/files/delete", "{\"root\":\"/\",\"files\":[\"world\"]}", key).status());
        assertEquals(404, api().get(base + "/files/list?directory=" + q("/world"), key).status(), "gone");
        assertEquals(204, api().post(base + "/files/decompress", "{\"root\":\"/\",\"file\":\"" + archive + "\"}", key).status());
        assertEquals(checksum, sha256Of(base, "/world/level.dat", key), "unpacked as archived");

        // Backed up, lost, restored: the same bytes.
        ApiClient.Response started = api().post(base + "/backups", "{\"name\":\"before the update\"}", key);
        assertEquals(200, started.status(), started.toString());
        String backup = started.json().getJsonObject("attributes").getString("uuid");
        await("the backup reported", () -> !api().get(base + "/backups/" + backup, key).json().getJsonObject("attributes")
                .isNull("completed_at"));
        assertTrue(api().get(base + "/backups/" + backup, key).json().getJsonObject("attributes").getBoolean("is_successful"));
        assertEquals(204, api().post(base + "/files/delete", "{\"root\":\"/\",\"files\":[\"world\",\"" + archive + "\"]}", key)
                .status());
        assertEquals(204, api().post(base + "/backups/" + backup + "/restore", "{\"truncate\":true}", key).status());
        await("the restore reported", () -> status(base, key) == null);
        assertEquals(checksum, sha256Of(base, "/world/level.dat", key), "restored as backed up");
        assertEquals("motd=Welcome\nmax-players=20\n", api().get(base + "/files/contents?file=" + q("/server.properties"), key)
                .body());

        // A nightly restart at 04:00 Berlin time with a backup first, run once now to see it work.
        ApiClient.Response nightly = api().post(base + "/schedules", "{\"name\":\"Nightly restart\",\"minute\":\"0\","
                + "\"hour\":\"4\",\"day_of_month\":\"*\",\"month\":\"*\",\"day_of_week\":\"*\",\"is_active\":true,"
                + "\"only_when_online\":false,\"timezone\":\"Europe/Berlin\"}", key);
        assertEquals(200, nightly.status(), nightly.toString());
        long schedule = nightly.json().getJsonObject("attributes").getJsonNumber("id").longValue();
        String next = nightly.json().getJsonObject("attributes").getString("next_run_at");
        assertEquals(4, java.time.OffsetDateTime.parse(next).atZoneSameInstant(java.time.ZoneId.of("Europe/Berlin")).getHour(),
                "next at 04:00 in Berlin: " + next);
        assertEquals(200, api().post(base + "/schedules/" + schedule + "/tasks", "{\"action\":\"backup\",\"payload\":\"\","
                + "\"time_offset\":0,\"continue_on_failure\":false}", key).status());
        assertEquals(200, api().post(base + "/schedules/" + schedule + "/tasks", "{\"action\":\"power\",\"payload\":\"restart\","
                + "\"time_offset\":1,\"continue_on_failure\":false}", key).status());
        int restarts = java.util.Collections.frequency(wings.server(server.getString("uuid")).powerLog(), "restart");
        assertEquals(202, api().post(base + "/schedules/" + schedule + "/execute", null, key).status());
        await("the scheduled restart", () -> java.util.Collections.frequency(wings.server(server.getString("uuid")).powerLog(),
                "restart") > restarts);
        assertEquals(2, api().get(base + "/backups", key).json().getJsonArray("data").size(), "the schedule's backup came first");

        // A database on the machine's MariaDB, usable with the credentials the panel gave.
        ClientDatabasesTest.MariaDb mariadb = ClientDatabasesTest.MariaDb.fromEnvironment();
        ApiClient.Response host = api().post("/api/admin/database-hosts", "{\"name\":\"journey-" + UUID.randomUUID()
                + "\",\"host\":\"" + mariadb.host() + "\",\"port\":" + mariadb.port() + ",\"username\":\"" + mariadb.user()
                + "\",\"password\":\"" + mariadb.password() + "\"}", admin);
        assertEquals(201, host.status(), host.toString());
        ApiClient.Response database = api().post(base + "/databases", "{\"database\":\"world\",\"remote\":\"%\"}", key);
        assertEquals(200, database.status(), database.toString());
        JsonObject made = database.json().getJsonObject("attributes");
        String password = made.getJsonObject("relationships").getJsonObject("password").getJsonObject("attributes")
                .getString("password");
        try {
            try (Connection c = mariadb.connect(made.getString("username"), password, made.getString("name"));
                 var statement = c.createStatement()) {
                statement.execute("create table players (name varchar(16))");
                statement.execute("insert into players values ('steve')");
            }
        } finally {
            assertEquals(204, api().delete(base + "/databases/" + made.getString("id"), key).status());
            assertEquals(204, api().delete("/api/admin/database-hosts/" + host.json().getString("id"), admin).status());
        }

        // A second port, which Wings is told about.
        int syncs = wings.server(server.getString("uuid")).syncs();
        ApiClient.Response port = api().post(base + "/network/allocations", "{}", key);
        assertEquals(200, port.status(), port.toString());
        assertEquals(2, api().get(base + "/network/allocations", key).json().getJsonArray("data").size());
        await("Wings re-read the server", () -> wings.server(server.getString("uuid")).syncs() > syncs);

        // A subuser who may read files, nothing more.
        String helperEmail = register("helper");
        String helper = token(helperEmail);
        assertEquals(200, api().post(base + "/users", "{\"email\":\"" + helperEmail + "\",\"permissions\":[\"file.read\","
                + "\"file.read-content\"]}", key).status());
        assertEquals(200, api().get(base + "/files/list", helper).status());
        assertEquals("motd=Welcome\nmax-players=20\n", api().get(base + "/files/contents?file=" + q("/server.properties"), helper)
                .body());
        for (String[] refused : List.of(new String[] {"POST", base + "/files/write?file=%2Fx.txt"},
                new String[] {"GET", base + "/backups"}, new String[] {"POST", base + "/backups"},
                new String[] {"GET", base + "/databases"}, new String[] {"POST", base + "/network/allocations"},
                new String[] {"GET", base + "/startup"}, new String[] {"POST", base + "/settings/reinstall"})) {
            ApiClient.Response answer = api().send(refused[0], refused[1], refused[0].equals("POST") ? "{}" : null, helper,
                    Map.of("Content-Type", "application/json"));
            assertEquals(403, answer.status(), String.join(" ", refused) + ": " + answer);
        }
    }
}
