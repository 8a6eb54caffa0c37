package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.api.FakeWings;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.wingman.app.NodeTest.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client API's file endpoints against FakeWings, whose file routes work on a real directory
 * per server: every change is read back from the disk, every file read is put there first.
 */
@HelidonTest
class ClientFilesTest extends PanelTest {
    /** Smaller than the 4 MiB default, so that the limit is tested without 4 MiB files. */
    private static final int MAX_EDIT = 64 * 1024;
    /** Room for one 8 MiB write (the large-body limit, tested below) and little more, so the budget is tested with small files. */
    private static final int SPOOL_BUDGET = 12 * 1024 * 1024;
    private static final Path SPOOL;

    static {
        try {
            SPOOL = Files.createTempDirectory("wingman-spool-test");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AddConfigSource
    static ConfigSource config() {
        Map<String, String> config = new HashMap<>(NodeTestSupport.fastNodes());
        config.put("wingman.files.max-edit-size", String.valueOf(MAX_EDIT));
        // Archives and server creation do real work on FakeWings: a loaded two-core machine can take
        // longer than the 1 s the node tests allow (the hung node still opens its breaker).
        config.put("wingman.wings.read-timeout", "PT3S");
        // Tests raise every limit by default; this one is Pterodactyl's own number, tested here.
        config.put("wingman.rate-limits.file-pull.limit", "10");
        config.put("wingman.files.spool-dir", SPOOL.resolve("spool").toString()); // created by the panel
        config.put("wingman.files.spool-budget", String.valueOf(SPOOL_BUDGET));
        return panelConfig(config);
    }

    private record Owned(String admin, String owner, String key, String serverId, String identifier, String uuid,
                         String nodeId, FakeWings wings) {
        String base() {
            return "/api/client/servers/" + identifier + "/files";
        }

        Path disk() {
            return wings.server(uuid).files();
        }
    }

    private Owned server(int ports) {
        String admin = adminToken();
        FakeWings wings = startWings();
        String node = attachedNode(admin, wings, "\"nodeType\":\"free_and_paid\",\"portRangeStart\":" + ports
                + ",\"portRangeEnd\":" + (ports + 50));
        String egg = importEgg(admin);
        String owner = userToken("files");
        String key = apiKey(owner, "*");
        JsonObject server = installedServer(owner, egg, node, "Files");
        return new Owned(admin, owner, key, server.getString("id"), server.getString("identifier"), server.getString("uuid"),
                node, wings);
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private ApiClient.Response write(Owned o, String file, String content, String token) {
        return api().send("POST", o.base() + "/write?file=" + q(file), content, token, Map.of("Content-Type", "text/plain"));
    }

    private List<String> names(Owned o, String directory, String token) {
        ApiClient.Response listed = api().get(o.base() + "/list?directory=" + q(directory), token);
        assertEquals(200, listed.status(), listed.toString());
        return listed.json().getJsonArray("data").getValuesAs(JsonObject.class).stream()
                .map(f -> f.getJsonObject("attributes").getString("name")).toList();
    }

    private List<String> events(Owned o) {
        return api().get("/api/client/servers/" + o.identifier + "/activity?per_page=100", o.owner).json().getJsonArray("data")
                .getValuesAs(JsonObject.class).stream().map(e -> e.getJsonObject("attributes").getString("event")).toList();
    }

    @Test
    void filesAreWrittenListedReadRenamedCopiedAndDeletedOnTheNode() throws Exception {
        Owned o = server(33000);
        assertEquals(204, write(o, "/config/server.properties", "motd=Hello\nmax-players=10\n", o.key).status());
        Path properties = o.disk().resolve("config/server.properties");
        assertEquals("motd=Hello\nmax-players=10\n", Files.readString(properties), "written to the server's directory");

        ApiClient.Response root = api().get(o.base() + "/list", o.key);
        assertEquals(200, root.status(), root.toString());
        assertEquals("list", root.json().getString("object"));
        JsonObject folder = root.json().getJsonArray("data").getJsonObject(0);
        assertEquals("file_object", folder.getString("object"));
        assertEquals("config", folder.getJsonObject("attributes").getString("name"));
        assertFalse(folder.getJsonObject("attributes").getBoolean("is_file"));
        assertEquals("inode/directory", folder.getJsonObject("attributes").getString("mimetype"));
        JsonObject file = api().get(o.base() + "/list?directory=%2Fconfig", o.key).json().getJsonArray("data")
                .getJsonObject(0).getJsonObject("attributes");
        assertEquals("server.properties", file.getString("name"));
        assertTrue(file.getBoolean("is_file"));
        assertEquals(26, file.getInt("size"));
        assertThat(file.getString("mimetype"), containsString("text/plain"));
        assertTrue(file.getString("mode").matches("-[rwx-]{9}"), file.toString());
        assertTrue(file.getString("mode_bits").matches("[0-7]{3}"), file.toString());
        assertTrue(file.getString("modified_at").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00"), file.toString());

        ApiClient.Response contents = api().get(o.base() + "/contents?file=" + q("config/server.properties"), o.key);
        assertEquals(200, contents.status(), contents.toString());
        assertEquals("motd=Hello\nmax-players=10\n", contents.body());
        assertThat(contents.header("Content-Type"), containsString("text/plain"));

        assertEquals(204, api().post(o.base() + "/create-folder", "{\"root\":\"/config\",\"name\":\"old\"}", o.key).status());
        assertTrue(Files.isDirectory(o.disk().resolve("config/old")));
        assertEquals(204, api().put(o.base() + "/rename", "{\"root\":\"/config\",\"files\":[{\"from\":\"server.properties\","
                + "\"to\":\"old/server.properties\"},{\"from\":\"not-there\",\"to\":\"x\"}]}", o.key).status());
        assertFalse(Files.exists(properties));
        assertTrue(Files.exists(o.disk().resolve("config/old/server.properties")), "moved; a missing source skipped");

        assertEquals(204, api().post(o.base() + "/copy", "{\"location\":\"/config/old/server.properties\"}", o.key).status());
        assertEquals(204, api().post(o.base() + "/copy", "{\"location\":\"/config/old/server.properties\"}", o.key).status());
        assertEquals(List.of("server copy 1.properties", "server copy.properties", "server.properties"),
                names(o, "/config/old", o.key));
        assertEquals("motd=Hello\nmax-players=10\n", Files.readString(o.disk().resolve("config/old/server copy.properties")));

        ApiClient.Response exists = api().put(o.base() + "/rename", "{\"root\":\"/config/old\",\"files\":[{\"from\":"
                + "\"server.properties\",\"to\":\"server copy.properties\"}]}", o.key);
        assertEquals(400, exists.status(), exists.toString());
        assertThat(exists.json().getString("error"), containsString("(code: 400)"));

        assertEquals(204, api().post(o.base() + "/delete", "{\"root\":\"/\",\"files\":[\"config\"]}", o.key).status());
        assertFalse(Files.exists(o.disk().resolve("config")), "deleted with everything in it");
        assertEquals(List.of(), names(o, "/", o.key));

        assertEquals(List.of("server:file.delete", "server:file.copy", "server:file.copy", "server:file.rename",
                "server:file.create-directory", "server:file.read", "server:file.write"), events(o).stream()
                .filter(e -> e.startsWith("server:file.")).toList(), "logged as Pterodactyl names them");
    }

    @Test
    void badPathsAndBadBodiesAreRefusedAndChangeNothing() throws Exception {
        Owned o = server(33100);
        Files.writeString(o.disk().resolve("keep.txt"), "keep");
        Path outside = o.disk().getParent().resolve("outside-" + o.uuid + ".txt");
        Files.writeString(outside, "secret");
        try {
            ApiClient.Response escape = api().get(o.base() + "/contents?file=" + q("../" + outside.getFileName()), o.key);
            assertEquals(404, escape.status(), "no path leaves the server's directory: " + escape);
            assertEquals(404, write(o, "../../escaped.txt", "x", o.key).status());
            assertEquals(404, api().post(o.base() + "/delete", "{\"root\":\"/..\",\"files\":[\"" + outside.getFileName()
                    + "\"]}", o.key).status());
            assertEquals("secret", Files.readString(outside), "the file outside is untouched");
        } finally {
            Files.deleteIfExists(outside);
        }
        assertEquals(422, api().get(o.base() + "/contents", o.key).status(), "file is required");
        assertEquals(422, write(o, "", "x", o.key).status());
        assertEquals(422, api().post(o.base() + "/delete", "{\"root\":\"/\",\"files\":[]}", o.key).status());
        assertEquals(422, api().put(o.base() + "/rename", "{\"root\":\"/\"}", o.key).status());
        assertEquals(422, api().post(o.base() + "/create-folder", "{\"root\":\"/\"}", o.key).status());
        assertEquals(422, api().post(o.base() + "/copy", "{}", o.key).status());
        assertEquals(400, api().post(o.base() + "/delete", "{\"files\":\"keep.txt\"}", o.key).status(), "files is a list");
        assertEquals(400, api().post(o.base() + "/delete", "[\"keep.txt\"]", o.key).status());
        ApiClient.Response directory = api().get(o.base() + "/contents?file=%2F", o.key);
        assertEquals(400, directory.status(), directory.toString());
        assertEquals(404, api().get(o.base() + "/contents?file=missing.txt", o.key).status());
        assertEquals(404, api().get(o.base() + "/list?directory=%2Fmissing", o.key).status());
        assertEquals(List.of("keep.txt"), names(o, "/", o.key));
        assertEquals("keep", Files.readString(o.disk().resolve("keep.txt")));
    }

    @Test
    void contentsAreLimitedToTheEditorSize() throws Exception {
        Owned o = server(33200);
        byte[] fits = new byte[MAX_EDIT];
        java.util.Arrays.fill(fits, (byte) 'a');
        Files.write(o.disk().resolve("fits.txt"), fits);
        byte[] large = new byte[MAX_EDIT + 1];
        java.util.Arrays.fill(large, (byte) 'b');
        Files.write(o.disk().resolve("large.txt"), large);

        ApiClient.Response ok = api().get(o.base() + "/contents?file=fits.txt", o.key);
        assertEquals(200, ok.status());
        assertEquals(MAX_EDIT, ok.body().length());
        ApiClient.Response tooLarge = api().get(o.base() + "/contents?file=large.txt", o.key);
        assertEquals(400, tooLarge.status(), tooLarge.toString());
        assertEquals("The file you are attempting to open is too large to view in the file editor.",
                tooLarge.json().getString("error"));
        assertEquals(200, api().get("/api/client/servers/" + o.identifier + "/resources", o.key).status(),
                "a refused large file says nothing against the node");
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private URI uri(String path) {
        return URI.create(target.getUri().toString().replaceAll("/$", "") + path);
    }

    private HttpResponse<byte[]> read(Owned o, String file) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(o.base() + "/contents?file=" + q(file))).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + o.key).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Writes {@code bytes} with a declared Content-Length, or chunked (no length known up front). */
    private HttpResponse<String> upload(Owned o, String file, byte[] bytes, boolean chunked) throws Exception {
        HttpRequest.BodyPublisher body = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
                : HttpRequest.BodyPublishers.ofByteArray(bytes);
        return HTTP.send(HttpRequest.newBuilder(uri(o.base() + "/write?file=" + q(file))).timeout(Duration.ofSeconds(60))
                // As curl does for large bodies: the panel must answer the 100-continue while relaying.
                .version(HttpClient.Version.HTTP_1_1).expectContinue(!chunked)
                .header("Authorization", "Bearer " + o.key).header("Content-Type", "application/octet-stream")
                .POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void contentsAreRelayedByteForByteAndAFileSentWithoutALengthIsStillLimited() throws Exception {
        Owned o = server(33250);
        byte[] exact = new byte[MAX_EDIT];
        new Random(7).nextBytes(exact);
        Files.write(o.disk().resolve("exact.bin"), exact);
        byte[] over = java.util.Arrays.copyOf(exact, MAX_EDIT + 1);
        Files.write(o.disk().resolve("over.bin"), over);
        Files.write(o.disk().resolve("empty.bin"), new byte[0]);

        HttpResponse<byte[]> declared = read(o, "exact.bin");
        assertEquals(200, declared.statusCode());
        assertArrayEquals(exact, declared.body(), "byte for byte at the limit");
        assertEquals(String.valueOf(MAX_EDIT), declared.headers().firstValue("Content-Length").orElse(null),
                "Wings' length is passed on");

        o.wings.server(o.uuid).contentsWithoutLength(true);
        HttpResponse<byte[]> chunked = read(o, "exact.bin");
        assertEquals(200, chunked.statusCode());
        assertArrayEquals(exact, chunked.body(), "byte for byte at the limit, without a length from Wings");
        HttpResponse<byte[]> empty = read(o, "empty.bin");
        assertEquals(200, empty.statusCode());
        assertEquals(0, empty.body().length);
        HttpResponse<byte[]> tooLarge = read(o, "over.bin");
        assertEquals(400, tooLarge.statusCode(), "one byte over the limit, no length declared: refused before answering");
        assertEquals("The file you are attempting to open is too large to view in the file editor.",
                jakarta.json.Json.createReader(new ByteArrayInputStream(tooLarge.body())).readObject().getString("error"));
        HttpResponse<byte[]> missing = read(o, "missing.bin");
        assertEquals(404, missing.statusCode(), "Wings' errors keep their JSON form");
        o.wings.server(o.uuid).contentsWithoutLength(false);
        assertEquals(400, read(o, "over.bin").statusCode(), "declared by Wings: refused by its length");
        assertEquals(200, api().get("/api/client/servers/" + o.identifier + "/resources", o.key).status(),
                "refused large files say nothing against the node");
    }

    @Test
    void writesStreamToTheNodeWithOrWithoutALengthUpToTheLargeBodyLimit() throws Exception {
        Owned o = server(33260);
        byte[] large = new byte[3 * 1024 * 1024]; // over the panel-wide 1 MiB body limit, under the 8 MiB one for files
        new Random(11).nextBytes(large);
        HttpResponse<String> declared = upload(o, "declared.bin", large, false);
        assertEquals(204, declared.statusCode(), declared.body());
        assertArrayEquals(large, Files.readAllBytes(o.disk().resolve("declared.bin")));
        HttpResponse<String> chunked = upload(o, "chunked.bin", large, true);
        assertEquals(204, chunked.statusCode(), chunked.body());
        assertArrayEquals(large, Files.readAllBytes(o.disk().resolve("chunked.bin")), "a chunked body reaches Wings whole");
        assertEquals(204, upload(o, "empty.bin", new byte[0], false).statusCode());
        assertEquals(0, Files.size(o.disk().resolve("empty.bin")));

        byte[] tooLarge = new byte[8 * 1024 * 1024 + 1];
        for (boolean chunking : new boolean[] {false, true}) {
            HttpResponse<String> refused = upload(o, "huge.bin", tooLarge, chunking);
            assertEquals(413, refused.statusCode(), (chunking ? "chunked: " : "declared: ") + refused.body());
            assertFalse(Files.exists(o.disk().resolve("huge.bin")), "nothing written");
        }
        assertEquals(200, api().get("/api/client/servers/" + o.identifier + "/resources", o.key).status(),
                "a refused upload says nothing against the node");
    }

    /** The request head of a raw upload to the panel, so that a test controls when each byte of the body is sent. */
    private java.net.Socket rawWrite(Owned o, String file, String headers) throws Exception {
        java.net.Socket socket = new java.net.Socket(target.getUri().getHost(), target.getUri().getPort());
        socket.setSoTimeout(30_000);
        socket.getOutputStream().write(("POST " + o.base() + "/write?file=" + q(file) + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + o.key + "\r\nContent-Type: application/octet-stream\r\n" + headers + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        return socket;
    }

    /** The status line and headers of the next answer on a raw connection. */
    private static String answerHead(java.net.Socket socket) throws Exception {
        java.io.InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static List<Path> spoolFiles() throws Exception {
        Path dir = SPOOL.resolve("spool");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.toList();
        }
    }

    @Test
    void writesSpoolingAtOnceShareTheSpoolBudgetAndLeaveNoSpoolFile() throws Exception {
        Owned o = server(33270);
        int mib = 1024 * 1024;
        byte[] first = new byte[7 * mib];
        new Random(5).nextBytes(first);
        try (java.net.Socket held = rawWrite(o, "held.bin", "Transfer-Encoding: chunked\r\n")) {
            java.io.OutputStream out = held.getOutputStream();
            out.write((Integer.toHexString(first.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(first);
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            // The uploader stalls with 7 MiB of its chunked body spooled (and taken from the 12 MiB budget).
            await("the first write spooled", () -> {
                try {
                    List<Path> spooled = spoolFiles();
                    return spooled.size() == 1 && Files.size(spooled.get(0)) == first.length;
                } catch (Exception e) {
                    return false;
                }
            });

            // Declared too large for what is left: refused before a byte of it is read (no 100 Continue).
            try (java.net.Socket declared = rawWrite(o, "declared.bin", "Content-Length: " + 6 * mib
                    + "\r\nExpect: 100-continue\r\n")) {
                String head = answerHead(declared);
                assertTrue(head.startsWith("HTTP/1.1 503"), head);
                assertThat(head.toLowerCase(java.util.Locale.ROOT), containsString("retry-after: 5"));
            }
            // Chunked: refused once it reaches the budget, its partial spool file deleted.
            HttpResponse<String> chunked = upload(o, "chunked.bin", new byte[6 * mib], true);
            assertEquals(503, chunked.statusCode(), chunked.body());
            assertEquals("5", chunked.headers().firstValue("Retry-After").orElse(null));
            assertThat(jakarta.json.Json.createReader(new java.io.StringReader(chunked.body())).readObject().getString("error"),
                    containsString("too many file writes at once"));
            assertEquals(1, spoolFiles().size(), "only the stalled write's file: " + spoolFiles());
            assertFalse(Files.exists(o.disk().resolve("declared.bin")));
            assertFalse(Files.exists(o.disk().resolve("chunked.bin")), "the node is never asked");
            assertEquals(204, write(o, "small.txt", "fits beside it", o.key).status(), "what fits is taken");

            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String head = answerHead(held);
            assertTrue(head.startsWith("HTTP/1.1 204"), head);
        }
        assertArrayEquals(first, Files.readAllBytes(o.disk().resolve("held.bin")));
        assertEquals(List.of(), spoolFiles(), "every spool file deleted once its write ended");

        // The budget is given back: the same writes fit now, with and without a length.
        byte[] six = new byte[6 * mib];
        new Random(6).nextBytes(six);
        assertEquals(204, upload(o, "declared.bin", six, false).statusCode());
        assertEquals(204, upload(o, "chunked.bin", six, true).statusCode());
        assertArrayEquals(six, Files.readAllBytes(o.disk().resolve("chunked.bin")));
        assertEquals(List.of(), spoolFiles());
    }

    @Test
    void eachEndpointNeedsItsKeyForSubusersAndKeysAndOtherTenantsSeeNothing() throws Exception {
        Owned o = server(33300);
        Files.writeString(o.disk().resolve("a.txt"), "A");
        String readerEmail = register("reader");
        assertEquals(200, api().post("/api/client/servers/" + o.identifier + "/users", "{\"email\":\"" + readerEmail
                + "\",\"permissions\":[\"file.read\"]}", o.owner).status());
        String reader = token(readerEmail);
        assertEquals(List.of("a.txt"), names(o, "/", reader), "file.read lists");
        assertEquals(403, api().get(o.base() + "/contents?file=a.txt", reader).status(), "reading needs file.read-content");
        assertEquals(403, write(o, "a.txt", "changed", reader).status(), "writing needs file.update");
        assertEquals(403, write(o, "new.txt", "new", reader).status());
        assertEquals(403, api().post(o.base() + "/create-folder", "{\"name\":\"d\"}", reader).status(), "file.create");
        assertEquals(403, api().post(o.base() + "/copy", "{\"location\":\"a.txt\"}", reader).status(), "file.create");
        assertEquals(403, api().put(o.base() + "/rename", "{\"files\":[{\"from\":\"a.txt\",\"to\":\"b.txt\"}]}", reader)
                .status(), "file.update");
        assertEquals(403, api().post(o.base() + "/delete", "{\"files\":[\"a.txt\"]}", reader).status(), "file.delete");
        assertEquals(List.of("a.txt"), names(o, "/", o.key), "nothing changed");
        assertEquals("A", Files.readString(o.disk().resolve("a.txt")));

        String editorEmail = register("editor");
        assertEquals(200, api().post("/api/client/servers/" + o.identifier + "/users", "{\"email\":\"" + editorEmail
                + "\",\"permissions\":[\"file.read-content\",\"file.update\"]}", o.owner).status());
        String editor = token(editorEmail);
        assertEquals(204, write(o, "a.txt", "edited", editor).status(), "file.update writes");
        assertEquals("edited", api().get(o.base() + "/contents?file=a.txt", editor).body());
        assertEquals(403, api().get(o.base() + "/list", editor).status(), "listing needs file.read");

        String readOnlyKey = apiKey(o.owner, "file.read", "file.read-content");
        assertEquals(200, api().get(o.base() + "/list", readOnlyKey).status());
        assertEquals(403, write(o, "a.txt", "by key", readOnlyKey).status(), "the key's scope lacks file.update");
        assertEquals(403, api().post(o.base() + "/delete", "{\"files\":[\"a.txt\"]}", readOnlyKey).status());
        assertEquals("edited", Files.readString(o.disk().resolve("a.txt")));

        String stranger = userToken("stranger");
        assertEquals(404, api().get(o.base() + "/list", stranger).status(), "another tenant's server is not found");
        assertEquals(404, write(o, "a.txt", "x", stranger).status());
        assertEquals(404, api().post(o.base() + "/delete", "{\"files\":[\"a.txt\"]}", stranger).status());
        assertEquals("edited", Files.readString(o.disk().resolve("a.txt")));
    }

    @Test
    void aHungNodeAnswersFast503NamingIt() throws Exception {
        Owned o = server(33400);
        Files.writeString(o.disk().resolve("a.txt"), "A");
        o.wings.mode(FakeWings.Mode.HANG);
        try {
            ApiClient.Response open = null;
            for (int i = 0; i < 8 && (open == null || open.status() != 503); i++) {
                open = api().get(o.base() + "/list", o.key);
            }
            assertEquals(503, open.status(), open.toString());
            assertEquals(o.nodeId, open.json().getString("node"));
            long started = System.nanoTime();
            ApiClient.Response writing = write(o, "a.txt", "B", o.key);
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(503, writing.status(), writing.toString());
            assertEquals(o.nodeId, writing.json().getString("node"));
            assertEquals("5", writing.header("Retry-After"));
            assertTrue(tookMillis < 900, "not tried while the breaker is open: " + tookMillis + " ms");
            assertEquals(503, api().post(o.base() + "/delete", "{\"files\":[\"a.txt\"]}", o.key).status());
        } finally {
            o.wings.mode(FakeWings.Mode.UP);
        }
        assertEquals("A", Files.readString(o.disk().resolve("a.txt")));
    }

    @Test
    void archivesAreMadeAndExtractedOnTheNodeAndModesChange() throws Exception {
        Owned o = server(33500);
        Files.writeString(o.disk().resolve("a.txt"), "alpha");
        Files.createDirectories(o.disk().resolve("world/region"));
        Files.writeString(o.disk().resolve("world/region/r.0.0.mca"), "region data");

        ApiClient.Response compressed = api().post(o.base() + "/compress", "{\"root\":\"/\",\"files\":[\"a.txt\",\"world\","
                + "\"missing\"]}", o.key);
        assertEquals(200, compressed.status(), compressed.toString());
        assertEquals("file_object", compressed.json().getString("object"));
        JsonObject archive = compressed.json().getJsonObject("attributes");
        String name = archive.getString("name");
        assertTrue(name.matches("archive-.+\\.tar\\.gz"), name);
        assertEquals("application/tar+gzip", archive.getString("mimetype"));
        assertEquals(Files.size(o.disk().resolve(name)), archive.getJsonNumber("size").longValue(), "the archive is on disk");

        assertEquals(204, api().post(o.base() + "/delete", "{\"root\":\"/\",\"files\":[\"a.txt\",\"world\"]}", o.key).status());
        assertEquals(204, api().post(o.base() + "/create-folder", "{\"root\":\"/\",\"name\":\"restored\"}", o.key).status());
        assertEquals(204, api().put(o.base() + "/rename", "{\"root\":\"/\",\"files\":[{\"from\":\"" + name
                + "\",\"to\":\"restored/" + name + "\"}]}", o.key).status());
        assertEquals(204, api().post(o.base() + "/decompress", "{\"root\":\"/restored\",\"file\":\"" + name + "\"}", o.key)
                .status());
        assertEquals("alpha", Files.readString(o.disk().resolve("restored/a.txt")), "extracted what was compressed");
        assertEquals("region data", Files.readString(o.disk().resolve("restored/world/region/r.0.0.mca")));

        ApiClient.Response notAnArchive = api().post(o.base() + "/decompress", "{\"root\":\"/restored\",\"file\":\"a.txt\"}",
                o.key);
        assertEquals(400, notAnArchive.status(), notAnArchive.toString());
        Path outside = o.disk().getParent().resolve("slip-" + o.uuid + ".txt");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(o.disk().resolve("slip.zip")))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("fine.txt"));
            zip.write("fine".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new java.util.zip.ZipEntry("../" + outside.getFileName()));
            zip.write("escaped".getBytes(StandardCharsets.UTF_8));
        }
        try {
            ApiClient.Response slip = api().post(o.base() + "/decompress", "{\"root\":\"/\",\"file\":\"slip.zip\"}", o.key);
            assertEquals(404, slip.status(), "an entry leaving the server's directory refuses the archive: " + slip);
            assertFalse(Files.exists(outside), "nothing written outside");
            assertFalse(Files.exists(o.disk().resolve("fine.txt")), "nor inside: the archive was refused as a whole");
        } finally {
            Files.deleteIfExists(outside);
        }

        assertEquals(204, api().post(o.base() + "/chmod", "{\"root\":\"/restored\",\"files\":[{\"file\":\"a.txt\","
                + "\"mode\":\"750\"}]}", o.key).status());
        assertEquals("rwxr-x---", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(o.disk().resolve("restored/a.txt"))));
        assertEquals("750", api().get(o.base() + "/list?directory=%2Frestored", o.key).json().getJsonArray("data")
                .getValuesAs(JsonObject.class).stream().map(f -> f.getJsonObject("attributes"))
                .filter(f -> f.getString("name").equals("a.txt")).findFirst().orElseThrow().getString("mode_bits"), "listed");
        assertEquals(422, api().post(o.base() + "/chmod", "{\"files\":[{\"file\":\"a.txt\",\"mode\":\"999\"}]}", o.key).status());
        assertEquals(422, api().post(o.base() + "/compress", "{\"files\":[]}", o.key).status());
        assertEquals(422, api().post(o.base() + "/decompress", "{\"root\":\"/\"}", o.key).status());

        String email = register("archiver");
        assertEquals(200, api().post("/api/client/servers/" + o.identifier + "/users", "{\"email\":\"" + email
                + "\",\"permissions\":[\"file.read\",\"file.create\"]}", o.owner).status());
        String friend = token(email);
        assertEquals(403, api().post(o.base() + "/compress", "{\"files\":[\"restored\"]}", friend).status(), "file.archive");
        assertEquals(403, api().post(o.base() + "/decompress", "{\"file\":\"restored/" + name + "\"}", friend).status());
        assertEquals(403, api().post(o.base() + "/chmod", "{\"files\":[{\"file\":\"restored/a.txt\",\"mode\":\"777\"}]}",
                friend).status(), "file.update");
        assertEquals("rwxr-x---", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(o.disk().resolve("restored/a.txt"))), "unchanged");
        assertEquals(1, names(o, "/restored", o.key).stream().filter(n -> n.startsWith("archive-")).count(), "no second archive");
        assertEquals(0, names(o, "/", o.key).stream().filter(n -> n.startsWith("archive-")).count());

        List<String> events = events(o);
        assertTrue(events.contains("server:file.compress") && events.contains("server:file.decompress"), events.toString());
    }

    private static JsonObject claims(String url) {
        String jwt = url.substring(url.indexOf("token=") + 6);
        return jakarta.json.Json.createReader(new java.io.StringReader(new String(java.util.Base64.getUrlDecoder()
                .decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8))).readObject();
    }

    private static java.net.http.HttpResponse<byte[]> fetch(java.net.http.HttpRequest request) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void signedLinksDownloadOnceAndUploadStraightToTheNode() throws Exception {
        Owned o = server(33600);
        byte[] binary = {0, 1, 2, (byte) 0xFF, (byte) 0xC3, 0x28};
        Files.createDirectories(o.disk().resolve("plugins"));
        Files.write(o.disk().resolve("plugins/tool.jar"), binary);

        ApiClient.Response link = api().get(o.base() + "/download?file=" + q("/plugins/tool.jar"), o.key);
        assertEquals(200, link.status(), link.toString());
        assertEquals("signed_url", link.json().getString("object"));
        String url = link.json().getJsonObject("attributes").getString("url");
        assertTrue(url.startsWith(o.wings.url().replaceAll("/$", "") + "/download/file?token="), url);
        JsonObject claims = claims(url);
        assertEquals("/plugins/tool.jar", claims.getString("file_path"));
        assertEquals(o.uuid, claims.getString("server_uuid"));
        assertEquals(userId(o.owner), claims.getString("user_uuid"));
        assertEquals(16, claims.getString("unique_id").length());
        assertEquals(900, claims.getJsonNumber("exp").longValue() - claims.getJsonNumber("iat").longValue(), "15 minutes");
        assertEquals(jakarta.json.JsonValue.ValueType.ARRAY, claims.get("aud").getValueType());

        var downloaded = fetch(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).GET().build());
        assertEquals(200, downloaded.statusCode(), "the node accepts the panel's signature");
        assertEquals(java.util.Arrays.toString(binary), java.util.Arrays.toString(downloaded.body()));
        assertThat(downloaded.headers().firstValue("Content-Disposition").orElse(""), containsString("tool.jar"));
        assertEquals(404, fetch(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).GET().build()).statusCode(),
                "a link is used once");
        String forged = url.substring(0, url.length() - 3) + (url.endsWith("AAA") ? "BBB" : "AAA");
        assertEquals(401, fetch(java.net.http.HttpRequest.newBuilder(java.net.URI.create(forged)).GET().build()).statusCode());
        assertTrue(events(o).contains("server:file.download"));

        ApiClient.Response uploadLink = api().get(o.base() + "/upload", o.key);
        assertEquals(200, uploadLink.status(), uploadLink.toString());
        String upload = uploadLink.json().getJsonObject("attributes").getString("url");
        assertTrue(upload.startsWith(o.wings.url().replaceAll("/$", "") + "/upload/file?token="), upload);
        assertFalse(claims(upload).containsKey("file_path"));
        String boundary = "----wingman" + System.nanoTime();
        byte[] multipart = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"motd.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nWelcome!\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        var uploaded = fetch(java.net.http.HttpRequest.newBuilder(java.net.URI.create(upload + "&directory=" + q("/plugins")))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(multipart)).build());
        assertEquals(200, uploaded.statusCode(), new String(uploaded.body(), StandardCharsets.UTF_8));
        assertEquals("Welcome!", Files.readString(o.disk().resolve("plugins/motd.txt")));

        assertEquals(422, api().get(o.base() + "/download", o.key).status(), "file is required");
        String reader = apiKey(o.owner, "file.read");
        assertEquals(403, api().get(o.base() + "/download?file=a.txt", reader).status(), "needs file.read-content");
        assertEquals(403, api().get(o.base() + "/upload", reader).status(), "needs file.create");
        assertEquals(404, api().get(o.base() + "/upload", userToken("outsider")).status());
    }

    @Test
    void aSuspendedServersFilesAreUnavailable() throws Exception {
        Owned o = server(33700);
        Files.writeString(o.disk().resolve("a.txt"), "A");
        assertEquals(200, api().post("/api/servers/" + o.serverId + "/suspend", null, o.admin).status());
        ApiClient.Response listed = api().get(o.base() + "/list", o.key);
        assertEquals(409, listed.status(), listed.toString());
        assertEquals(409, write(o, "a.txt", "B", o.key).status());
        assertEquals(409, api().post(o.base() + "/delete", "{\"files\":[\"a.txt\"]}", o.key).status());
        assertEquals(409, api().get(o.base() + "/download?file=a.txt", o.key).status());
        assertEquals("A", Files.readString(o.disk().resolve("a.txt")));
    }

    @Test
    void pullsOnlyFromPublicAddressesAndTheNodeIsNeverAskedOtherwise() {
        Owned o = server(33800);
        ApiClient.Response pulled = api().post(o.base() + "/pull", "{\"url\":\"https://93.184.215.14/plugins/tool.jar\","
                + "\"directory\":\"/plugins\",\"filename\":\"tool.jar\"}", o.key);
        assertEquals(204, pulled.status(), pulled.toString());
        List<JsonObject> pulls = o.wings.server(o.uuid).pulls();
        assertEquals(1, pulls.size());
        assertEquals("https://93.184.215.14/plugins/tool.jar", pulls.get(0).getString("url"));
        assertEquals("/plugins", pulls.get(0).getString("root"));
        assertEquals("tool.jar", pulls.get(0).getString("file_name"));
        assertTrue(events(o).contains("server:file.pull"));

        for (String url : List.of("http://127.0.0.1:8080/x", "http://localhost/x", "http://169.254.169.254/latest/meta-data/",
                "http://10.1.2.3/x", "http://[::1]/x", "http://[fd00::1]/x", "ftp://93.184.215.14/x",
                "http://user:secret@93.184.215.14/x")) {
            ApiClient.Response refused = api().post(o.base() + "/pull", "{\"url\":\"" + url + "\"}", o.key);
            assertEquals(422, refused.status(), url + ": " + refused);
            assertEquals("url", refused.json().getString("field"));
        }
        assertEquals(403, api().post(o.base() + "/pull", "{\"url\":\"https://93.184.215.14/a\"}", apiKey(o.owner, "file.read"))
                .status(), "needs file.create");
        assertEquals(1, o.wings.server(o.uuid).pulls().size(), "no refused URL reached the node");
        ApiClient.Response limited = api().post(o.base() + "/pull", "{\"url\":\"https://93.184.215.14/b\"}", o.key);
        assertEquals(429, limited.status(), "10 pulls in 5 minutes, as Pterodactyl: " + limited);
    }

    @Test
    void pullRefusesAPathForAFileNameAndPrivateAddressesHiddenInOtherSpellings() {
        Owned o = server(33900);
        for (String body : List.of("{\"url\":\"https://93.184.215.14/a\",\"filename\":\"../../etc/cron.d/x\"}",
                "{\"url\":\"http://2130706433/\"}", "{\"url\":\"http://0.0.0.0/\"}", "{\"url\":\"http://100.64.0.1/\"}",
                "{\"url\":\"http://[::ffff:127.0.0.1]/\"}", "{\"url\":\"not a url\"}", "{}")) {
            ApiClient.Response refused = api().post(o.base() + "/pull", body, o.key);
            assertEquals(422, refused.status(), body + ": " + refused);
        }
        assertEquals(0, o.wings.server(o.uuid).pulls().size());
    }
}
