package dev.wingman.testkit.internal.wings;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static dev.wingman.testkit.internal.wings.Answers.error;
import static dev.wingman.testkit.internal.wings.Answers.json;

/**
 * The file routes of one server ({@code /api/servers/{uuid}/files/...}) over a real directory, as
 * Go Wings answers them: list-directory, contents, write (raw body), create-directory, rename,
 * copy, delete, chmod, compress (a {@code .tar.gz}), decompress ({@code .tar.gz}, {@code .tar},
 * {@code .zip}) and pull (recorded, then downloaded in the background), with Wings' status codes and messages. Every path is resolved inside the
 * server's directory; one that leaves it (by {@code ..} or through a symbolic link) is "not found",
 * as Wings answers.
 */
final class ServerFiles {
    static final String NOT_FOUND = "The requested resources was not found on the system.";
    static final String IS_DIRECTORY = "Cannot perform that action: file is a directory.";

    private ServerFiles() {
    }

    /** Answers {@code route} ("GET /files/list-directory" and so on) for {@code target}; false when it is no file route. */
    static boolean handle(ServerRequest req, ServerResponse res, String route, SimulatedServer target) {
        Path root = target.files();
        try {
            switch (route) {
                case "GET /files/list-directory" -> list(req, res, root);
                case "GET /files/contents" -> contents(req, res, root, target.contentsWithoutLength);
                case "POST /files/write" -> write(req, res, root);
                case "POST /files/create-directory" -> createDirectory(req, res, root);
                case "PUT /files/rename" -> rename(req, res, root);
                case "POST /files/copy" -> copy(req, res, root);
                case "POST /files/delete" -> delete(req, res, root);
                case "POST /files/chmod" -> chmod(req, res, root);
                case "POST /files/compress" -> compress(req, res, root);
                case "POST /files/decompress" -> decompress(req, res, root);
                case "POST /files/pull" -> pull(req, res, root, target);
                default -> {
                    return false;
                }
            }
        } catch (Outside | NoSuchFileException e) {
            error(res, 404, NOT_FOUND);
        } catch (NotDirectoryException e) {
            error(res, 400, "Part of the path being created is not a directory (ENOTDIR).");
        } catch (java.nio.file.FileSystemException e) {
            if (e.getReason() != null && e.getReason().contains("Not a directory")) {
                error(res, 400, "Part of the path being created is not a directory (ENOTDIR).");
            } else {
                error(res, 500, Answers.UNEXPECTED);
            }
        } catch (IOException e) {
            error(res, 500, Answers.UNEXPECTED);
        }
        return true;
    }

    /** The path inside the server's directory, or {@link Outside}. */
    static Path resolve(Path root, String path) throws IOException {
        Path resolved = root.resolve(strip(path == null ? "" : path)).normalize();
        if (!resolved.startsWith(root) || path != null && path.indexOf('\0') >= 0) {
            throw new Outside();
        }
        // Symbolic links are followed only while they stay inside: the deepest existing ancestor must.
        Path existing = resolved;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null || !existing.toRealPath().startsWith(root.toRealPath())) {
            throw new Outside();
        }
        return resolved;
    }

    private static String strip(String path) {
        String trimmed = path.strip();
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        return trimmed;
    }

    /** A path that leaves the server's directory. */
    static final class Outside extends IOException {
        Outside() {
            super(null, null);
        }
    }

    private static void list(ServerRequest req, ServerResponse res, Path root) throws IOException {
        Path directory = resolve(root, req.query().first("directory").orElse("/"));
        if (!Files.isDirectory(directory)) {
            throw new NoSuchFileException(directory.toString());
        }
        // Each entry's attributes are read once: sorting on Files.isDirectory would stat every entry log n times.
        record Entry(Path path, PosixFileAttributes attributes) {
        }
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path path : stream) {
                entries.add(new Entry(path, Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)));
            }
        }
        // Wings sorts directories first, then by name.
        entries.sort(Comparator.comparing((Entry e) -> !e.attributes().isDirectory())
                .thenComparing(e -> e.path().getFileName().toString()));
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (Entry entry : entries) {
            list.add(stat(entry.path(), entry.attributes()));
        }
        json(res, 200, list.build());
    }

    /** Wings' FileStat. */
    static JsonObject stat(Path path) throws IOException {
        return stat(path, Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    }

    private static JsonObject stat(Path path, PosixFileAttributes attributes) throws IOException {
        boolean directory = attributes.isDirectory();
        Set<PosixFilePermission> permissions = attributes.permissions();
        return Json.createObjectBuilder()
                .add("name", path.getFileName().toString())
                .add("created", attributes.creationTime().toInstant().atOffset(ZoneOffset.UTC).toString())
                .add("modified", attributes.lastModifiedTime().toInstant().atOffset(ZoneOffset.UTC).toString())
                .add("mode", (directory ? "d" : "-") + PosixFilePermissions.toString(permissions))
                .add("mode_bits", Integer.toOctalString(bits(permissions)))
                .add("size", directory ? 4096 : attributes.size())
                .add("directory", directory)
                .add("file", attributes.isRegularFile())
                .add("symlink", attributes.isSymbolicLink())
                .add("mime", directory ? "inode/directory" : attributes.isRegularFile() ? mime(path) : "inode/symlink")
                .build();
    }

    private static int bits(Set<PosixFilePermission> permissions) {
        int bits = 0;
        for (PosixFilePermission p : permissions) {
            bits |= 1 << (8 - p.ordinal());
        }
        return bits;
    }

    /** Text that decodes as UTF-8 is text/plain, as Wings' detection calls it; anything else is octet-stream. */
    private static String mime(Path file) throws IOException {
        byte[] head;
        try (var in = Files.newInputStream(file)) {
            head = in.readNBytes(512);
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(head));
            for (byte b : head) {
                if (b == 0) {
                    return "application/octet-stream";
                }
            }
            return "text/plain; charset=utf-8";
        } catch (CharacterCodingException e) {
            return head.length >= 510 ? "text/plain; charset=utf-8" : "application/octet-stream"; // may end mid-character
        }
    }

    private static void contents(ServerRequest req, ServerResponse res, Path root, boolean withoutLength) throws IOException {
        Path file = resolve(root, req.query().first("file").orElse(""));
        if (Files.isDirectory(file)) {
            error(res, 400, IS_DIRECTORY);
            return;
        }
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        res.header("X-Mime-Type", mime(file));
        res.header(HeaderNames.CONTENT_TYPE, "application/octet-stream");
        res.status(Status.OK_200);
        if (withoutLength) {
            try (var out = res.outputStream(); var in = Files.newInputStream(file)) {
                in.transferTo(out);
                out.flush(); // the head goes now, before the length is known: chunked, however small the file
            }
            return;
        }
        res.send(Files.readAllBytes(file));
    }

    private static void write(ServerRequest req, ServerResponse res, Path root) throws IOException {
        Path file = resolve(root, req.query().first("file").orElse(""));
        if (req.headers().contentLength().isEmpty()) {
            error(res, 400, "Missing Content-Length");
            return;
        }
        if (Files.isDirectory(file)) {
            error(res, 400, IS_DIRECTORY);
            return;
        }
        byte[] bytes = req.content().hasEntity() ? req.content().as(byte[].class) : new byte[0];
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        res.status(Status.NO_CONTENT_204).send();
    }

    private static void createDirectory(ServerRequest req, ServerResponse res, Path root) throws IOException {
        JsonObject body = Answers.body(req, res);
        if (body == null) {
            return;
        }
        Path parent = resolve(root, body.getString("path", "/"));
        Path directory = resolve(root, root.relativize(parent).resolve(strip(body.getString("name", ""))).toString());
        try {
            Files.createDirectories(directory);
        } catch (FileAlreadyExistsException e) {
            throw new NotDirectoryException(directory.toString());
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    /** The objects of an array field, or none when the field is missing or not an array (Wings' 422 follows). */
    private static List<JsonObject> objects(JsonObject body, String field) {
        return body.get(field) instanceof jakarta.json.JsonArray array ? array.getValuesAs(JsonObject.class) : List.of();
    }

    private static void rename(ServerRequest req, ServerResponse res, Path root) throws IOException {
        JsonObject body = Answers.body(req, res);
        if (body == null) {
            return;
        }
        List<JsonObject> files = objects(body, "files");
        if (files.isEmpty()) {
            error(res, 422, "No files to move or rename were provided.");
            return;
        }
        String base = strip(body.getString("root", "/"));
        for (JsonObject rename : files) {
            Path from = resolve(root, base + "/" + rename.getString("from", ""));
            Path to = resolve(root, base + "/" + rename.getString("to", ""));
            if (!Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
                continue; // Wings skips a source that is not there
            }
            if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
                error(res, 400, "Cannot move or rename file, destination already exists.");
                return;
            }
            Files.createDirectories(to.getParent());
            Files.move(from, to);
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    private static void copy(ServerRequest req, ServerResponse res, Path root) throws IOException {
        JsonObject body = Answers.body(req, res);
        if (body == null) {
            return;
        }
        Path source = resolve(root, body.getString("location", ""));
        if (Files.isDirectory(source)) {
            error(res, 400, IS_DIRECTORY);
            return;
        }
        if (!Files.isRegularFile(source)) {
            throw new NoSuchFileException(source.toString());
        }
        String name = source.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        Path copy = source.resolveSibling(stem + " copy" + extension);
        for (int i = 1; Files.exists(copy, LinkOption.NOFOLLOW_LINKS); i++) {
            copy = source.resolveSibling(stem + " copy " + i + extension);
        }
        Files.copy(source, copy);
        res.status(Status.NO_CONTENT_204).send();
    }

    private static void delete(ServerRequest req, ServerResponse res, Path root) throws IOException {
        JsonObject body = Answers.body(req, res);
        if (body == null) {
            return;
        }
        List<String> files = body.get("files") instanceof jakarta.json.JsonArray a
                ? a.stream().filter(v -> v.getValueType() == JsonValue.ValueType.STRING).map(v -> ((JsonString) v).getString()).toList()
                : List.of();
        if (files.isEmpty()) {
            error(res, 422, "No files were specified for deletion.");
            return;
        }
        String base = strip(body.getString("root", "/"));
        for (String name : files) {
            Path target = resolve(root, base + "/" + name);
            if (target.equals(root)) {
                error(res, 400, "Cannot delete the root server directory.");
                return;
            }
            deleteTree(target);
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    private static void chmod(ServerRequest req, ServerResponse res, Path root) throws IOException {
        JsonObject body = Answers.body(req, res);
        if (body == null) {
            return;
        }
        List<JsonObject> files = objects(body, "files");
        if (files.isEmpty()) {
            error(res, 422, "No files to chmod were provided.");
            return;
        }
        String base = strip(body.getString("root", "/"));
        for (JsonObject change : files) {
            String mode = change.getString("mode", "");
            if (!mode.matches("[0-7]{3,4}")) {
                error(res, 400, "Invalid file mode.");
                return;
            }
            Path file = resolve(root, base + "/" + change.getString("file", ""));
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new NoSuchFileException(file.toString());
            }
            Files.setPosixFilePermissions(file, permissions(Integer.parseInt(mode, 8)));
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    private static Set<PosixFilePermission> permissions(int bits) {
        Set<PosixFilePermission> permissions = java.util.EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : PosixFilePermission.values()) {
            if ((bits & (1 << (8 - p.ordinal()))) != 0) {
                permissions.add(p);
            }
        }
        return permissions;
    }

    /** Wings names archives archive-<RFC 3339 time without colons>.tar.gz and answers the new file's FileStat. */
    private static void compress(ServerRequest req, ServerResponse res, Path root) throws IOException {
        JsonObject body = Answers.body(req, res);
        if (body == null) {
            return;
        }
        List<String> files = body.get("files") instanceof jakarta.json.JsonArray a
                ? a.stream().filter(v -> v.getValueType() == JsonValue.ValueType.STRING).map(v -> ((JsonString) v).getString()).toList()
                : List.of();
        if (files.isEmpty()) {
            error(res, 422, "No files were passed through to be compressed.");
            return;
        }
        Path directory = resolve(root, body.getString("root", "/"));
        List<Path> sources = new ArrayList<>();
        for (String name : files) {
            Path source = resolve(root, root.relativize(directory).resolve(strip(name)).toString());
            if (Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
                sources.add(source); // Wings leaves out what is not there
            }
        }
        String stamp = java.time.OffsetDateTime.now(ZoneOffset.UTC).withNano(0).toString().replace(":", "");
        Path archive = directory.resolve("archive-" + stamp + ".tar.gz");
        for (int i = 1; Files.exists(archive); i++) {
            archive = directory.resolve("archive-" + stamp + "-" + i + ".tar.gz");
        }
        tarGz(archive, directory, sources, p -> false);
        JsonObject stat = Json.createObjectBuilder(stat(archive)).add("mime", "application/tar+gzip").build();
        json(res, 200, stat);
    }

    /**
     * Writes {@code sources} (files and folders, recursively) into a new {@code .tar.gz}, named
     * relative to {@code base}, leaving out what {@code skip} matches (with everything under it).
     * Symbolic links are never followed out of the server's directory: they are left out.
     */
    static void tarGz(Path archive, Path base, List<Path> sources, java.util.function.Predicate<Path> skip) throws IOException {
        try (var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                new org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream(Files.newOutputStream(archive)))) {
            out.setLongFileMode(org.apache.commons.compress.archivers.tar.TarArchiveOutputStream.LONGFILE_POSIX);
            for (Path source : sources) {
                try (Stream<Path> walk = Files.walk(source)) {
                    for (Path p : walk.toList()) {
                        if (Files.isSymbolicLink(p) || p.equals(base) || skipped(base, p, skip)) {
                            continue;
                        }
                        var entry = out.createArchiveEntry(p, base.relativize(p).toString());
                        out.putArchiveEntry(entry);
                        if (Files.isRegularFile(p)) {
                            Files.copy(p, out);
                        }
                        out.closeArchiveEntry();
                    }
                }
            }
        }
    }

    /** Whether {@code skip} matches the path or a folder it is in (below {@code base}). */
    private static boolean skipped(Path base, Path path, java.util.function.Predicate<Path> skip) {
        for (Path p = path; p != null && !p.equals(base) && p.startsWith(base); p = p.getParent()) {
            if (skip.test(base.relativize(p))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads every entry of {@code archive} as it would land under {@code directory} (inside
     * {@code root}) before anything is written: an entry leaving the server's directory is
     * {@link Outside}; an archive that cannot be read is null.
     */
    static List<Object[]> entries(Path root, Path directory, Path archive) throws IOException {
        List<Object[]> entries = new ArrayList<>();
        try (var in = open(archive)) {
            if (in == null) {
                return null;
            }
            org.apache.commons.compress.archivers.ArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                Path target = resolve(root, root.relativize(directory).resolve(entry.getName()).toString());
                entries.add(new Object[]{target, entry.isDirectory(), entry.isDirectory() ? null : in.readAllBytes()});
            }
        } catch (Outside e) {
            throw e;
        } catch (IOException e) {
            return null;
        }
        return entries;
    }

    /** Writes what {@link #entries} read. */
    static void extract(List<Object[]> entries) throws IOException {
        for (Object[] entry : entries) {
            Path target = (Path) entry[0];
            if ((Boolean) entry[1]) {
                Files.createDirectories(target);
            } else {
                Files.createDirectories(target.getParent());
                Files.write(target, (byte[]) entry[2]);
            }
        }
    }

    private static void decompress(ServerRequest req, ServerResponse res, Path root) throws IOException {
        JsonObject body = Answers.body(req, res);
        if (body == null) {
            return;
        }
        Path directory = resolve(root, body.getString("root", "/"));
        Path archive = resolve(root, root.relativize(directory).resolve(strip(body.getString("file", ""))).toString());
        if (!Files.isRegularFile(archive)) {
            throw new NoSuchFileException(archive.toString());
        }
        // Everything is checked before anything is written: an entry leaving the directory refuses the archive.
        List<Object[]> entries = entries(root, directory, archive);
        if (entries == null) {
            error(res, 400, "The archive provided is in a format Wings does not understand.");
            return;
        }
        extract(entries);
        res.status(Status.NO_CONTENT_204).send();
    }

    /** The archive's entries, by its name: .tar.gz / .tgz, .tar, .zip; null for any other. */
    private static org.apache.commons.compress.archivers.ArchiveInputStream<?> open(Path archive) throws IOException {
        String name = archive.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        var in = new java.io.BufferedInputStream(Files.newInputStream(archive));
        if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
            return new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                    new org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream(in));
        }
        if (name.endsWith(".tar")) {
            return new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(in);
        }
        if (name.endsWith(".zip")) {
            return new org.apache.commons.compress.archivers.zip.ZipArchiveInputStream(in);
        }
        in.close();
        return null;
    }

    /**
     * Wings' remote download: 202 with an identifier, then the URL fetched in the background into
     * the directory (as file_name, or the URL's last segment). Each request is recorded first; a
     * download that fails is dropped, as Wings drops it.
     */
    private static void pull(ServerRequest req, ServerResponse res, Path root, SimulatedServer target) throws IOException {
        JsonObject body = Answers.body(req, res);
        if (body == null) {
            return;
        }
        java.net.URI uri;
        try {
            uri = new java.net.URI(body.getString("url", ""));
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            error(res, 400, "The URL provided is not valid.");
            return;
        }
        Path directory = resolve(root, body.getString("root", body.getString("directory", "/")));
        String path = uri.getPath() == null ? "" : uri.getPath();
        String name = body.getString("file_name", path.substring(path.lastIndexOf('/') + 1));
        Path file = resolve(root, root.relativize(directory).resolve(name.isBlank() ? "download" : name).toString());
        target.pulls.add(body);
        String identifier = java.util.UUID.randomUUID().toString();
        json(res, 202, Json.createObjectBuilder().add("identifier", identifier).build());
        java.net.URI from = uri;
        Thread.ofVirtual().start(() -> {
            try (var client = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(2)).build()) {
                var answer = client.send(java.net.http.HttpRequest.newBuilder(from).timeout(java.time.Duration.ofSeconds(10)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                if (answer.statusCode() == 200) {
                    Files.createDirectories(file.getParent());
                    Files.write(file, answer.body());
                }
            } catch (IOException | RuntimeException e) {
                // Wings drops a failed download; the panel is not told
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Deletes a file, or a directory with everything in it (links are removed, never followed). */
    static void deleteTree(Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> walk = Files.walk(target)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        } else {
            Files.delete(target);
        }
    }
}
