package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.api.FakeWings;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static dev.wingman.app.NodeTest.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client API's backups against FakeWings, which archives the server's real directory into its
 * own backup folder, reports to the panel's remote API with the node's credentials, restores and
 * serves signed downloads: every archive is read back, every restore checked on the disk.
 */
@HelidonTest
class ClientBackupsTest extends PanelTest {
    @AddConfigSource
    static ConfigSource config() {
        Map<String, String> config = new HashMap<>(NodeTestSupport.fastNodes());
        config.put("wingman.wings.read-timeout", "PT3S");
        // Seconds instead of hours, so that the sweep's failing of a backup never reported is seen here.
        config.put("wingman.backups.timeout", "PT10S");
        // Above the read timeout (a held delete is given up first), well below the timeout: each is seen on its own.
        config.put("wingman.backups.delete-timeout", "PT4S");
        config.put("wingman.backups.sweep-interval", "PT0.5S");
        config.put("wingman.backups.default-limit", "3");
        return panelConfig(config);
    }

    private record Owned(String admin, String owner, String key, String serverId, String identifier, String uuid,
                         String nodeId, String tokenId, FakeWings wings) {
        String base() {
            return "/api/client/servers/" + identifier + "/backups";
        }

        Path disk() {
            return wings.server(uuid).files();
        }

        Map<String, String> nodeCredentials() {
            return Map.of("Authorization", "Bearer " + tokenId + "." + wings.token(), "Content-Type", "application/json");
        }
    }

    private Owned server(int ports) {
        String admin = adminToken();
        FakeWings wings = startWings();
        String node = attachedNode(admin, wings, "\"nodeType\":\"free_and_paid\",\"portRangeStart\":" + ports
                + ",\"portRangeEnd\":" + (ports + 50));
        String tokenId = api().get("/api/nodes/" + node + "/credentials", admin).json().getString("tokenId");
        String egg = importEgg(admin);
        String owner = userToken("backups");
        String key = apiKey(owner, "*");
        JsonObject server = installedServer(owner, egg, node, "Backups");
        return new Owned(admin, owner, key, server.getString("id"), server.getString("identifier"), server.getString("uuid"),
                node, tokenId, wings);
    }


    private JsonObject create(Owned o, String body, String token) {
        ApiClient.Response created = api().post(o.base(), body, token);
        assertEquals(200, created.status(), created.toString());
        return created.json().getJsonObject("attributes");
    }

    private JsonObject backup(Owned o, String uuid) {
        ApiClient.Response got = api().get(o.base() + "/" + uuid, o.key);
        assertEquals(200, got.status(), got.toString());
        return got.json().getJsonObject("attributes");
    }

    /** Waits for the node's report: the backup's attributes once it completed. */
    private JsonObject completed(Owned o, String uuid) {
        await("backup " + uuid + " reported", () -> !backup(o, uuid).isNull("completed_at"));
        return backup(o, uuid);
    }

    private String status(Owned o) {
        JsonObject attributes = api().get("/api/client/servers/" + o.identifier, o.key).json().getJsonObject("attributes");
        return attributes.isNull("status") ? null : attributes.getString("status");
    }

    private List<String> events(Owned o) {
        return api().get("/api/client/servers/" + o.identifier + "/activity?per_page=100", o.owner).json().getJsonArray("data")
                .getValuesAs(JsonObject.class).stream().map(e -> e.getJsonObject("attributes").getString("event")).toList();
    }

    private static JsonObject claims(String url) {
        String jwt = url.substring(url.indexOf("token=") + 6);
        return jakarta.json.Json.createReader(new java.io.StringReader(new String(java.util.Base64.getUrlDecoder()
                .decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8))).readObject();
    }

    private static java.net.http.HttpResponse<byte[]> fetch(String url) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).GET()
                .build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    }

    private static List<String> entries(byte[] tarGz) throws Exception {
        List<String> names = new ArrayList<>();
        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                new org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream(new ByteArrayInputStream(tarGz)))) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        return names;
    }

    @Test
    void aBackupIsMadeDownloadedAndRestoredWithTheSameBytes() throws Exception {
        Owned o = server(34000);
        byte[] world = new byte[70_000];
        new java.util.Random(13).nextBytes(world);
        Files.createDirectories(o.disk().resolve("world"));
        Files.write(o.disk().resolve("world/level.dat"), world);
        Files.writeString(o.disk().resolve("server.properties"), "motd=Hello\n");
        Files.createDirectories(o.disk().resolve("logs"));
        Files.writeString(o.disk().resolve("logs/latest.log"), "log line\n");
        Files.createDirectories(o.disk().resolve("cache"));
        Files.writeString(o.disk().resolve("cache/x.bin"), "cached");

        JsonObject pending = create(o, "{\"name\":\"Nightly\",\"ignored\":\"*.log\\ncache/\\n\",\"is_locked\":false}", o.key);
        String uuid = pending.getString("uuid");
        assertEquals("Nightly", pending.getString("name"));
        assertEquals(List.of("*.log", "cache/"), pending.getJsonArray("ignored_files").getValuesAs(jakarta.json.JsonString.class)
                .stream().map(jakarta.json.JsonString::getString).toList());
        assertTrue(pending.getString("created_at").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00"), pending.toString());

        JsonObject done = completed(o, uuid);
        assertTrue(done.getBoolean("is_successful"), done.toString());
        assertFalse(done.getBoolean("is_locked"));
        Path archive = o.wings.backupArchive(uuid);
        assertTrue(Files.isRegularFile(archive), "kept in the node's backup folder");
        assertFalse(archive.startsWith(o.disk()), "outside the server's data");
        String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(archive)));
        assertEquals("sha1:" + sha1, done.getString("checksum"));
        assertEquals(Files.size(archive), done.getJsonNumber("bytes").longValue());

        ApiClient.Response list = api().get(o.base(), o.key);
        assertEquals(200, list.status(), list.toString());
        assertEquals("list", list.json().getString("object"));
        assertEquals("backup", list.json().getJsonArray("data").getJsonObject(0).getString("object"));
        assertEquals(1, list.json().getJsonObject("meta").getInt("backup_count"));
        assertEquals(1, list.json().getJsonObject("meta").getJsonObject("pagination").getInt("total"));

        ApiClient.Response link = api().get(o.base() + "/" + uuid + "/download", o.key);
        assertEquals(200, link.status(), link.toString());
        assertEquals("signed_url", link.json().getString("object"));
        String url = link.json().getJsonObject("attributes").getString("url");
        assertTrue(url.startsWith(o.wings.url().replaceAll("/$", "") + "/download/backup?token="), url);
        JsonObject claims = claims(url);
        assertEquals(uuid, claims.getString("backup_uuid"));
        assertEquals(o.uuid, claims.getString("server_uuid"));
        assertEquals(userId(o.owner), claims.getString("user_uuid"));
        var downloaded = fetch(url);
        assertEquals(200, downloaded.statusCode(), "the node accepts the panel's signature");
        assertEquals(sha1, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(downloaded.body())),
                "the archive the checksum names");
        List<String> names = entries(downloaded.body());
        assertTrue(names.contains("world/level.dat") && names.contains("server.properties"), names.toString());
        assertFalse(names.contains("logs/latest.log"), "*.log is ignored: " + names);
        assertFalse(names.stream().anyMatch(n -> n.startsWith("cache")), "cache/ is ignored: " + names);
        assertEquals(404, fetch(url).statusCode(), "a link is used once");

        // The world is lost and the settings changed; a restore (truncating) brings back what the backup held.
        Files.delete(o.disk().resolve("world/level.dat"));
        Files.writeString(o.disk().resolve("server.properties"), "motd=Changed\n");
        Files.writeString(o.disk().resolve("new.txt"), "made after the backup");
        o.wings.holdBackupReports(true);
        try {
            assertEquals(204, api().post(o.base() + "/" + uuid + "/restore", "{\"truncate\":true}", o.key).status());
            assertEquals("restoring_backup", status(o));
            ApiClient.Response busy = api().post(o.base(), "{}", o.key);
            assertEquals(409, busy.status(), busy.toString());
            assertThat(busy.body(), containsString("restoring from a backup"));
            assertEquals(409, api().post(o.base() + "/" + uuid + "/restore", "{}", o.key).status());
            assertEquals(409, api().delete(o.base() + "/" + uuid, o.key).status());
            // A reinstall would run the install script over the files being restored: refused by both APIs.
            ApiClient.Response reinstall = api().post("/api/client/servers/" + o.identifier + "/settings/reinstall", "", o.key);
            assertEquals(409, reinstall.status(), reinstall.toString());
            assertThat(reinstall.body(), containsString("restoring from a backup"));
            ApiClient.Response adminReinstall = api().post("/api/servers/" + o.serverId + "/reinstall", "", o.admin);
            assertEquals(409, adminReinstall.status(), adminReinstall.toString());
            assertEquals("restoring_backup", status(o), "still restoring");
            await("restored on the node", () -> Files.exists(o.disk().resolve("world/level.dat")));
        } finally {
            o.wings.holdBackupReports(false);
        }
        // The node's report (held above, sent here as Wings sends it) makes the server usable again.
        assertEquals(204, api().send("POST", "/api/remote/backups/" + uuid + "/restore", "{\"successful\":true}", null,
                o.nodeCredentials()).status());
        assertEquals(null, status(o));
        assertArrayEquals(world, Files.readAllBytes(o.disk().resolve("world/level.dat")), "the same bytes");
        assertEquals("motd=Hello\n", Files.readString(o.disk().resolve("server.properties")));
        assertFalse(Files.exists(o.disk().resolve("new.txt")), "truncated first");

        List<String> events = events(o);
        for (String event : List.of("server:backup.start", "server:backup.complete", "server:backup.download",
                "server:backup.restore", "server:backup.restore-complete")) {
            assertTrue(events.contains(event), event + " in " + events);
        }
    }

    @Test
    void theLimitIsEnforcedLockedBackupsStayAndRotationMakesRoom() {
        Owned o = server(34100);
        assertEquals(200, api().send("PATCH", "/api/servers/" + o.serverId, "{\"backupLimit\":2}", o.admin, Map.of()).status());
        assertEquals(2, api().get("/api/client/servers/" + o.identifier, o.key).json().getJsonObject("attributes")
                .getJsonObject("feature_limits").getInt("backups"));
        String first = create(o, "{\"name\":\"first\"}", o.key).getString("uuid");
        assertFalse(completed(o, first).getBoolean("is_locked"));
        ApiClient.Response bodiless = api().send("POST", o.base(), null, o.key, Map.of("Content-Type", "application/json"));
        assertEquals(200, bodiless.status(), "no body at all, as Nodeactyl posts it: " + bodiless);
        String second = bodiless.json().getJsonObject("attributes").getString("uuid");
        assertThat(backup(o, second).getString("name"), containsString("Backup at "));
        completed(o, second);

        ApiClient.Response full = api().post(o.base(), "{\"name\":\"third\"}", o.key);
        assertEquals(409, full.status(), full.toString());
        assertThat(full.body(), containsString("reached its limit of 2 backups"));

        // Rotating deletes a backup: a subuser with backup.create but not backup.delete may not.
        String creatorEmail = register("backup-rotator");
        assertEquals(200, api().post("/api/client/servers/" + o.identifier + "/users", "{\"email\":\"" + creatorEmail
                + "\",\"permissions\":[\"backup.create\",\"backup.read\"]}", o.owner).status());
        ApiClient.Response rotating = api().post(o.base(), "{\"name\":\"third\",\"rotate\":true}", token(creatorEmail));
        assertEquals(403, rotating.status(), rotating.toString());
        assertEquals(200, api().get(o.base() + "/" + first, o.key).status(), "nothing was rotated out");
        assertTrue(Files.exists(o.wings.backupArchive(first)), "the oldest archive is still on the node");
        assertEquals(2, api().get(o.base(), o.key).json().getJsonObject("meta").getInt("backup_count"));

        ApiClient.Response locked = api().post(o.base() + "/" + first + "/lock", "", o.key);
        assertEquals(200, locked.status(), locked.toString());
        assertTrue(locked.json().getJsonObject("attributes").getBoolean("is_locked"));
        ApiClient.Response refused = api().delete(o.base() + "/" + first, o.key);
        assertEquals(409, refused.status(), refused.toString());
        assertThat(refused.body(), containsString("locked"));
        assertTrue(Files.exists(o.wings.backupArchive(first)), "a locked backup stays on the node");

        // Rotation deletes the oldest unlocked backup (the second; the first is locked).
        String third = create(o, "{\"name\":\"third\",\"rotate\":true}", o.key).getString("uuid");
        completed(o, third);
        assertEquals(404, api().get(o.base() + "/" + second, o.key).status());
        assertFalse(Files.exists(o.wings.backupArchive(second)), "deleted on the node");
        assertEquals(2, api().get(o.base(), o.key).json().getJsonObject("meta").getInt("backup_count"));

        assertFalse(api().post(o.base() + "/" + first + "/lock", "", o.key).json().getJsonObject("attributes")
                .getBoolean("is_locked"), "the toggle unlocks");
        assertEquals(204, api().delete(o.base() + "/" + first, o.key).status());
        assertFalse(Files.exists(o.wings.backupArchive(first)));
        assertEquals(404, api().get(o.base() + "/" + first, o.key).status());

        assertEquals(200, api().send("PATCH", "/api/servers/" + o.serverId, "{\"backupLimit\":0}", o.admin, Map.of()).status());
        ApiClient.Response none = api().post(o.base(), "{}", o.key);
        assertEquals(400, none.status(), none.toString());
        assertThat(none.body(), containsString("not allowed to create any backups"));
        List<String> events = events(o);
        for (String event : List.of("server:backup.lock", "server:backup.unlock", "server:backup.delete")) {
            assertTrue(events.contains(event), event + " in " + events);
        }
    }

    @Test
    void eachEndpointNeedsItsKeyOtherTenantsSeeNothingAndBadInputChangesNothing() {
        Owned o = server(34200);
        String uuid = create(o, "{\"name\":\"kept\"}", o.key).getString("uuid");
        completed(o, uuid);

        String readerEmail = register("backup-reader");
        assertEquals(200, api().post("/api/client/servers/" + o.identifier + "/users", "{\"email\":\"" + readerEmail
                + "\",\"permissions\":[\"backup.read\"]}", o.owner).status());
        String reader = token(readerEmail);
        assertEquals(200, api().get(o.base(), reader).status(), "backup.read lists");
        assertEquals(200, api().get(o.base() + "/" + uuid, reader).status());
        assertEquals(403, api().post(o.base(), "{}", reader).status(), "creating needs backup.create");
        assertEquals(403, api().get(o.base() + "/" + uuid + "/download", reader).status(), "backup.download");
        assertEquals(403, api().post(o.base() + "/" + uuid + "/restore", "{}", reader).status(), "backup.restore");
        assertEquals(403, api().post(o.base() + "/" + uuid + "/lock", "", reader).status(), "backup.delete");
        assertEquals(403, api().delete(o.base() + "/" + uuid, reader).status(), "backup.delete");

        String creatorEmail = register("backup-creator");
        assertEquals(200, api().post("/api/client/servers/" + o.identifier + "/users", "{\"email\":\"" + creatorEmail
                + "\",\"permissions\":[\"backup.create\",\"backup.read\"]}", o.owner).status());
        JsonObject made = create(o, "{\"is_locked\":true}", token(creatorEmail));
        assertFalse(made.getBoolean("is_locked"), "locking at creation needs backup.delete too");
        completed(o, made.getString("uuid"));
        assertTrue(create(o, "{\"is_locked\":true}", o.key).getBoolean("is_locked"), "the owner holds backup.delete");

        String readKey = apiKey(o.owner, "backup.read");
        assertEquals(200, api().get(o.base(), readKey).status());
        assertEquals(403, api().post(o.base(), "{}", readKey).status(), "the key's scope lacks backup.create");

        String stranger = userToken("backup-stranger");
        assertEquals(404, api().get(o.base(), stranger).status(), "another tenant's server is not found");
        assertEquals(404, api().post(o.base(), "{}", stranger).status());
        assertEquals(404, api().delete(o.base() + "/" + uuid, stranger).status());

        ApiClient.Response longName = api().post(o.base(), "{\"name\":\"" + "n".repeat(192) + "\"}", o.key);
        assertEquals(422, longName.status(), longName.toString());
        assertEquals("name", longName.json().getString("field"));
        ApiClient.Response nul = api().post(o.base(), "{\"ignored\":\"a\\u0000b\"}", o.key);
        assertEquals(422, nul.status(), nul.toString());
        assertEquals("ignored", nul.json().getString("field"));
        ApiClient.Response perPage = api().get(o.base() + "?per_page=51", o.key);
        assertEquals(422, perPage.status(), perPage.toString());
        assertEquals("per_page", perPage.json().getString("field"));
        // (page - 1) * per_page overflowed an int (then a negative offset, 500): a page past the cap names page.
        ApiClient.Response hugePage = api().get(o.base() + "?page=2147483647", o.key);
        assertEquals(422, hugePage.status(), hugePage.toString());
        assertEquals("page", hugePage.json().getString("field"));
        assertEquals(200, api().get(o.base() + "?page=1000000", o.key).status(), "the cap itself is a page (empty)");
        ApiClient.Response adminPage = api().get("/api/servers?page=2147483647&perPage=20", o.admin);
        assertEquals(400, adminPage.status(), "every paged list (PageRequest) refuses it: " + adminPage);
        assertEquals("page", adminPage.json().getString("field"));
        assertEquals(400, api().post(o.base(), "{\"name\":[1]}", o.key).status(), "a name that is no string");
        assertEquals(404, api().get(o.base() + "/not-a-uuid", o.key).status());
        assertEquals(404, api().get(o.base() + "/" + java.util.UUID.randomUUID(), o.key).status());
        assertEquals(3, api().get(o.base(), o.key).json().getJsonObject("meta").getInt("backup_count"), "nothing more was made");

        assertTrue(Files.exists(o.wings.backupArchive(uuid)));
        // An archive the node cannot delete stops the server's deletion (Wings 404s every route of a deleted
        // server, so the archive could never be deleted afterwards): nothing is lost track of.
        o.wings.failBackupDeletes(true);
        try {
            ApiClient.Response refused = api().delete("/api/servers/" + o.serverId, o.owner);
            assertEquals(502, refused.status(), refused.toString());
        } finally {
            o.wings.failBackupDeletes(false);
        }
        assertEquals(200, api().get("/api/servers/" + o.serverId, o.owner).status(), "the server is kept");
        assertEquals(200, api().get(o.base() + "/" + uuid, o.key).status(), "and so are its backups");
        assertTrue(Files.exists(o.wings.backupArchive(uuid)));
        assertTrue(Files.exists(o.disk()), "its files too");
        assertEquals(204, api().delete("/api/servers/" + o.serverId, o.owner).status());
        assertFalse(Files.exists(o.wings.backupArchive(uuid)), "a deleted server's backups are deleted on its node");
        assertEquals(404, api().get(o.base() + "/" + uuid, o.owner).status());
    }

    @Test
    void onlyTheServersNodeReportsItsBackupsAndOnlyOnce() {
        Owned o = server(34300);
        Owned other = server(34350);
        String uuid = create(o, "{}", o.key).getString("uuid");
        completed(o, uuid);
        String report = "{\"checksum\":\"00\",\"checksum_type\":\"sha1\",\"size\":1,\"successful\":true,\"parts\":[]}";
        ApiClient.Response foreign = api().send("POST", "/api/remote/backups/" + uuid, report, null, other.nodeCredentials());
        assertEquals(404, foreign.status(), "another node's backup does not exist for it: " + foreign);
        assertEquals(404, api().send("POST", "/api/remote/backups/" + uuid + "/restore", "{\"successful\":true}", null,
                other.nodeCredentials()).status());
        assertEquals(401, api().send("POST", "/api/remote/backups/" + uuid, report, null,
                Map.of("Content-Type", "application/json")).status());
        ApiClient.Response again = api().send("POST", "/api/remote/backups/" + uuid, report, null, o.nodeCredentials());
        assertEquals(400, again.status(), "already completed: " + again);
        assertThat(backup(o, uuid).getString("checksum"), org.hamcrest.Matchers.not(containsString("sha1:00")));

        // No transfer while Wings restores the server or makes a backup of it (the archive stays on this node).
        String pending;
        o.wings.holdBackupReports(true);
        try {
            assertEquals(204, api().post(o.base() + "/" + uuid + "/restore", "{}", o.key).status());
            ApiClient.Response restoring = api().post("/api/servers/" + o.serverId + "/transfer",
                    "{\"nodeId\":\"" + other.nodeId + "\"}", o.admin);
            assertEquals(409, restoring.status(), restoring.toString());
            assertThat(restoring.body(), containsString("restoring from a backup"));
            assertEquals(204, api().send("POST", "/api/remote/backups/" + uuid + "/restore", "{\"successful\":true}", null,
                    o.nodeCredentials()).status());
            pending = create(o, "{}", o.key).getString("uuid");
            assertTrue(backup(o, pending).isNull("completed_at"));
            ApiClient.Response making = api().post("/api/servers/" + o.serverId + "/transfer",
                    "{\"nodeId\":\"" + other.nodeId + "\"}", o.admin);
            assertEquals(409, making.status(), making.toString());
            assertThat(making.body(), containsString("backup of this server is still being made"));
        } finally {
            o.wings.holdBackupReports(false);
        }
        assertEquals(404, api().get("/api/servers/" + o.serverId + "/transfer", o.admin).status(), "no transfer was begun");

        // Once the backup is over (the sweep fails the one never reported) the server moves; its backups stay
        // on the node that made them: listed, deletable, but neither restored nor downloaded from the new node.
        completed(o, pending);
        ApiClient.Response moved = api().post("/api/servers/" + o.serverId + "/transfer", "{\"nodeId\":\"" + other.nodeId
                + "\"}", o.admin);
        assertEquals(202, moved.status(), moved.toString());
        await("transferred", () -> "completed".equals(api().get("/api/servers/" + o.serverId + "/transfer", o.admin).json()
                .getString("state")));
        assertEquals(200, api().get(o.base() + "/" + uuid, o.key).status(), "still listed");
        ApiClient.Response restore = api().post(o.base() + "/" + uuid + "/restore", "{}", o.key);
        assertEquals(409, restore.status(), restore.toString());
        assertThat(restore.body(), containsString("This backup is on another node"));
        assertEquals(409, api().get(o.base() + "/" + uuid + "/download", o.key).status());
        assertEquals(null, status(o), "the server was not touched");
        assertEquals(404, api().send("POST", "/api/remote/backups/" + uuid + "/restore", "{\"successful\":true}", null,
                other.nodeCredentials()).status(), "the new node does not hold it");
        assertEquals(204, api().delete(o.base() + "/" + uuid, o.key).status(), "its row can go");
        assertEquals(404, api().get(o.base() + "/" + uuid, o.key).status());
    }

    @Test
    void aBackupNeverReportedIsFailedByTheSweepAndAFailedReportUnlocks() {
        Owned o = server(34400);
        o.wings.holdBackupReports(true);
        String stuck;
        try {
            stuck = create(o, "{\"name\":\"stuck\"}", o.key).getString("uuid");
            assertTrue(backup(o, stuck).isNull("completed_at"), "pending");
            JsonObject failed = completed(o, stuck);
            assertFalse(failed.getBoolean("is_successful"), failed.toString());
        } finally {
            o.wings.holdBackupReports(false);
        }
        assertTrue(events(o).contains("server:backup.fail"), events(o).toString());
        String report = "{\"checksum\":\"ab\",\"checksum_type\":\"sha1\",\"size\":1,\"successful\":true}";
        assertEquals(400, api().send("POST", "/api/remote/backups/" + stuck, report, null, o.nodeCredentials()).status(),
                "a late report does not revive it");
        assertEquals(0, api().get(o.base(), o.key).json().getJsonObject("meta").getInt("backup_count"), "failed ones do not count");

        // A restore the node never reports is ended by the sweep too: the server is usable again.
        String made = create(o, "{\"name\":\"made\"}", o.key).getString("uuid");
        assertTrue(completed(o, made).getBoolean("is_successful"));
        o.wings.holdBackupReports(true);
        try {
            assertEquals(204, api().post(o.base() + "/" + made + "/restore", "{}", o.key).status());
            assertEquals("restoring_backup", status(o));
            await("the restore given up", () -> status(o) == null);
        } finally {
            o.wings.holdBackupReports(false);
        }
        assertTrue(events(o).contains("server:backup.restore-failed"), events(o).toString());
        assertEquals(204, api().delete(o.base() + "/" + made, o.key).status(), "the backup is no longer restoring");

        o.wings.failBackups(true);
        try {
            JsonObject failed = completed(o, create(o, "{\"is_locked\":true}", o.key).getString("uuid"));
            assertFalse(failed.getBoolean("is_successful"));
            assertFalse(failed.getBoolean("is_locked"), "a failed backup is unlocked");
            assertTrue(failed.isNull("checksum"));
            assertEquals(204, api().delete(o.base() + "/" + failed.getString("uuid"), o.key).status());
        } finally {
            o.wings.failBackups(false);
        }
    }

    /**
     * While the node deletes a backup's archive the backup is deleting: it is still listed as made,
     * but a restore from it, a second delete and a rotation that would pick it are 409, and the node
     * is asked once.
     */
    @Test
    void aBackupBeingDeletedIsNeitherRestoredNorDeletedAgainNorRotatedOut() throws Exception {
        Owned o = server(34600);
        assertEquals(200, api().send("PATCH", "/api/servers/" + o.serverId, "{\"backupLimit\":1}", o.admin, Map.of()).status());
        String uuid = create(o, "{\"name\":\"going\"}", o.key).getString("uuid");
        completed(o, uuid);
        String route = "DELETE /api/servers/" + o.uuid + "/backup/" + uuid;
        CompletableFuture<ApiClient.Response> first;
        ExecutorService sender = Executors.newSingleThreadExecutor(); // the common pool may have no free worker
        o.wings.holdBackupDeletes();
        try {
            first = CompletableFuture.supplyAsync(() -> api().delete(o.base() + "/" + uuid, o.key), sender);
            await("the node is deleting the archive", () -> o.wings.requests(route) == 1);
            // Quick: the panel gives up on the held delete after its read timeout (3 s here).
            ApiClient.Response restore = api().post(o.base() + "/" + uuid + "/restore", "{}", o.key);
            assertEquals(409, restore.status(), restore.toString());
            assertThat(restore.body(), containsString("being deleted"));
            ApiClient.Response second = api().delete(o.base() + "/" + uuid, o.key);
            assertEquals(409, second.status(), second.toString());
            assertThat(second.body(), containsString("already being deleted"));
            ApiClient.Response rotating = api().post(o.base(), "{\"rotate\":true}", o.key);
            assertEquals(409, rotating.status(), "the only backup is already being deleted: " + rotating);
            assertThat(rotating.body(), containsString("reached its limit of 1 backups"));
            assertTrue(backup(o, uuid).getBoolean("is_successful"), "listed as made until it is gone");
        } finally {
            o.wings.releaseBackupDeletes();
            sender.shutdown();
        }
        assertEquals(204, first.get(30, TimeUnit.SECONDS).status());
        assertEquals(1, o.wings.requests(route), "the node was asked once");
        assertEquals(404, api().get(o.base() + "/" + uuid, o.key).status());
        assertFalse(Files.exists(o.wings.backupArchive(uuid)));
        assertEquals(null, status(o), "no restore began");
    }

    /**
     * A delete the node refuses, or one left deleting by an instance that died (written here as it
     * would have left it), leaves the backup as it was, to be deleted again.
     */
    @Test
    void aRefusedOrAbandonedDeleteLeavesTheBackupToBeDeletedAgain() {
        Owned o = server(34700);
        String uuid = create(o, "{\"name\":\"kept\"}", o.key).getString("uuid");
        completed(o, uuid);
        o.wings.failBackupDeletes(true);
        try {
            ApiClient.Response refused = api().delete(o.base() + "/" + uuid, o.key);
            // The node's failure, not the panel's: a 500 is what the panel answers for its own bugs.
            assertEquals(502, refused.status(), "Wings' 500 is a node error: " + refused);
            assertThat(refused.json().getString("error"), containsString("(code: 500)"));
            assertEquals(o.nodeId, refused.json().getString("node"));
        } finally {
            o.wings.failBackupDeletes(false);
        }
        o.wings.server(o.uuid).broken(true); // its power actions fail with Wings' 500
        try {
            ApiClient.Response power = api().post("/api/client/servers/" + o.identifier + "/power", "{\"signal\":\"start\"}",
                    o.key);
            assertEquals(502, power.status(), "as every other client route answers it: " + power);
            assertThat(power.json().getString("error"), containsString("(code: 500)"));
        } finally {
            o.wings.server(o.uuid).broken(false);
        }
        assertTrue(backup(o, uuid).getBoolean("is_successful"), "succeeded again");
        assertTrue(Files.exists(o.wings.backupArchive(uuid)));
        assertEquals(200, api().get(o.base() + "/" + uuid + "/download", o.key).status(), "usable again");

        String failed;
        o.wings.failBackups(true);
        try {
            failed = create(o, "{}", o.key).getString("uuid");
            assertFalse(completed(o, failed).getBoolean("is_successful"));
        } finally {
            o.wings.failBackups(false);
        }
        sql("update server_backups set state = 'deleting', updated_at = now() where uuid in ('" + uuid + "', '" + failed + "')");
        assertEquals(409, api().delete(o.base() + "/" + uuid, o.key).status(), "deleting, for the sweep's delete timeout (4 s here)");
        assertEquals(409, api().get(o.base() + "/" + uuid + "/download", o.key).status());
        assertTrue(backup(o, uuid).getBoolean("is_successful"));
        assertFalse(backup(o, failed).getBoolean("is_successful"), "a failed one stays unsuccessful while deleting");
        assertEquals(1, api().get(o.base(), o.key).json().getJsonObject("meta").getInt("backup_count"),
                "a failed one does not count while deleting either");
        await("put back by the sweep", () -> api().get(o.base() + "/" + uuid + "/download", o.key).status() == 200);
        assertTrue(backup(o, uuid).getBoolean("is_successful"));
        assertFalse(backup(o, failed).getBoolean("is_successful"));
        await("the failed one put back too, and deletable", () -> api().delete(o.base() + "/" + failed, o.key).status() == 204);
        assertEquals(204, api().delete(o.base() + "/" + uuid, o.key).status());
        assertFalse(Files.exists(o.wings.backupArchive(uuid)));
        assertEquals(0, api().get(o.base(), o.key).json().getJsonObject("meta").getInt("backup_count"));

        // Left deleting for longer than the delete timeout: put back at the sweep's next run (every 0.5 s here), not
        // once wingman.backups.timeout (10 s here, 6 h by default: how long an archive may take) has passed as well.
        String left = create(o, "{\"name\":\"left\"}", o.key).getString("uuid");
        completed(o, left);
        sql("update server_backups set state = 'deleting', updated_at = now() - interval '5 seconds' where uuid = '" + left + "'");
        long since = System.nanoTime();
        await("put back after the delete timeout", () -> api().get(o.base() + "/" + left + "/download", o.key).status() == 200);
        long tookMillis = (System.nanoTime() - since) / 1_000_000;
        assertTrue(tookMillis < 3_000, "put back " + tookMillis + " ms later: 4 s after it began deleting, not 10 s");
        assertEquals(204, api().delete(o.base() + "/" + left, o.key).status());
    }

    @Test
    void aHungNodeAnswersFast503NamingItAndKeepsNothing() {
        Owned o = server(34500);
        o.wings.mode(FakeWings.Mode.HANG);
        try {
            ApiClient.Response open = null;
            for (int i = 0; i < 8 && (open == null || open.status() != 503); i++) {
                open = api().post(o.base(), "{}", o.key);
            }
            assertEquals(503, open.status(), open.toString());
            assertEquals(o.nodeId, open.json().getString("node"));
            long started = System.nanoTime();
            ApiClient.Response again = api().post(o.base(), "{}", o.key);
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(503, again.status(), again.toString());
            assertEquals(o.nodeId, again.json().getString("node"));
            assertTrue(tookMillis < 900, "not tried while the breaker is open: " + tookMillis + " ms");
        } finally {
            o.wings.mode(FakeWings.Mode.UP);
        }
        assertEquals(0, api().get(o.base(), o.key).json().getJsonObject("meta").getJsonObject("pagination").getInt("total"),
                "no backup is kept for a node that did not take it");
    }
}
