package dev.wingman.testkit.internal.wings;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.wingman.testkit.internal.wings.Answers.error;

/**
 * Wings' local backup adapter over the servers' real directories: {@code POST /backup} archives
 * the server's files into {@code <uuid>.tar.gz} in the node's backup folder (outside every
 * server's data) in the background, leaving out what the ignore patterns match (roughly as
 * .gitignore lines: a pattern without a slash matches a name at any depth, one with a slash a path
 * from the server's root, a trailing slash is dropped, {@code !} lines are not supported), then
 * reports {@code {checksum (sha1), checksum_type, size, successful, parts}} to the panel;
 * {@code POST /backup/{backup}/restore} empties the directory first when truncate_directory is
 * true, extracts the archive and reports; {@code DELETE /backup/{backup}} deletes it; and
 * {@code GET /download/backup?token=} streams it for a panel-signed link (checked as
 * {@link SignedTransfers} checks its links).
 */
public final class ServerBackups {
    private static final Pattern ROUTE = Pattern.compile("(POST|DELETE) /backup(?:/([^/]+)(/restore)?)?");
    static final String NOT_FOUND = "The requested backup was not found on this server.";

    private final Servers servers;
    private final PanelClient panel;
    private final SignedTransfers signed;
    private volatile boolean holdReports;
    private volatile boolean failBackups;
    private volatile boolean failDeletes;
    private volatile CountDownLatch deletes = new CountDownLatch(0);
    private Path directory;

    ServerBackups(Servers servers, PanelClient panel, SignedTransfers signed) {
        this.servers = servers;
        this.panel = panel;
        this.signed = signed;
    }

    /** Backups are made but never reported to the panel (a node that hangs mid-backup), while true. */
    public void holdReports(boolean hold) {
        this.holdReports = hold;
    }

    /** Deleting an archive answers 500, while true. */
    public void failDeletes(boolean fail) {
        this.failDeletes = fail;
    }

    /** Deletes of archives wait (before answering anything) until {@link #releaseDeletes()}. */
    public void holdDeletes() {
        deletes = new CountDownLatch(1);
    }

    public void releaseDeletes() {
        deletes.countDown();
    }

    /** Backups report failure to the panel, while true. */
    public void failBackups(boolean fail) {
        this.failBackups = fail;
    }

    /** The node's backup folder (Wings' system.backup_directory), created on first use. */
    public synchronized Path directory() {
        if (directory == null) {
            try {
                directory = Files.createTempDirectory("fakewings-backups-").toRealPath();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return directory;
    }

    /** The archive of a backup (which may not exist). */
    public Path archive(String backupUuid) {
        return directory().resolve(backupUuid + ".tar.gz");
    }

    /** Answers a backup route of {@code target}; false when {@code route} is none. */
    boolean handle(ServerRequest req, ServerResponse res, String route, SimulatedServer target) {
        Matcher m = ROUTE.matcher(route);
        if (!m.matches()) {
            return false;
        }
        String backup = m.group(2);
        if (backup == null) {
            if (m.group(1).equals("POST")) {
                create(req, res, target);
                return true;
            }
            return false;
        }
        if (!Answers.UUID_V4.matcher(backup).matches()) {
            error(res, 404, NOT_FOUND);
        } else if (m.group(3) != null && m.group(1).equals("POST")) {
            restore(req, res, target, backup);
        } else if (m.group(3) == null && m.group(1).equals("DELETE")) {
            try {
                deletes.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failDeletes) {
                error(res, 500, Answers.UNEXPECTED);
                return true;
            }
            try {
                if (!Files.deleteIfExists(archive(backup))) {
                    error(res, 404, NOT_FOUND);
                    return true;
                }
            } catch (IOException e) {
                error(res, 500, Answers.UNEXPECTED);
                return true;
            }
            res.status(Status.NO_CONTENT_204).send();
        } else {
            return false;
        }
        return true;
    }

    private void create(ServerRequest req, ServerResponse res, SimulatedServer target) {
        JsonObject body = Answers.body(req, res);
        if (body == null) {
            return;
        }
        String uuid = body.getString("uuid", "");
        if (!"wings".equals(body.getString("adapter", "")) || !Answers.UUID_V4.matcher(uuid).matches()) {
            error(res, 500, Answers.UNEXPECTED); // Go Wings: an unknown adapter is an unexpected error
            return;
        }
        Predicate<Path> ignored = ignored(body.getString("ignore", ""));
        res.status(Status.ACCEPTED_202).send();
        Thread.ofVirtual().start(() -> {
            Path archive = archive(uuid);
            boolean made = false;
            String checksum = "";
            long size = 0;
            try {
                if (!failBackups) {
                    Path root = target.files();
                    List<Path> sources = new ArrayList<>();
                    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
                        entries.forEach(sources::add);
                    }
                    ServerFiles.tarGz(archive, root, sources, ignored);
                    checksum = sha1(archive);
                    size = Files.size(archive);
                    made = true;
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("FakeWings: backup " + uuid + " failed: " + e);
            }
            if (!holdReports) {
                panel.reportBackup(uuid, made, checksum, size);
            }
        });
    }

    private void restore(ServerRequest req, ServerResponse res, SimulatedServer target, String backup) {
        JsonObject body = Answers.body(req, res);
        if (body == null) {
            return;
        }
        Path archive = archive(backup);
        if (!Files.isRegularFile(archive)) {
            error(res, 404, NOT_FOUND);
            return;
        }
        boolean truncate = body.getBoolean("truncate_directory", false);
        res.status(Status.ACCEPTED_202).send();
        Thread.ofVirtual().start(() -> {
            boolean restored = false;
            try {
                Path root = target.files();
                List<Object[]> entries = ServerFiles.entries(root, root, archive);
                if (entries != null) {
                    if (truncate) {
                        try (DirectoryStream<Path> children = Files.newDirectoryStream(root)) {
                            for (Path child : children) {
                                ServerFiles.deleteTree(child);
                            }
                        }
                    }
                    ServerFiles.extract(entries);
                    restored = true;
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("FakeWings: restore of " + backup + " failed: " + e);
            }
            if (!holdReports) {
                panel.reportRestore(backup, restored);
            }
        });
    }

    /** {@code GET /download/backup?token=}: the archive named by the token's backup_uuid, of its server_uuid. */
    void download(ServerRequest req, ServerResponse res) {
        JsonObject claims = signed.claims(req, res);
        if (claims == null) {
            return;
        }
        String backup = claims.getString("backup_uuid", "");
        if (servers.get(claims.getString("server_uuid", "")) == null || !Answers.UUID_V4.matcher(backup).matches()
                || !Files.isRegularFile(archive(backup))) {
            error(res, 404, NOT_FOUND);
            return;
        }
        try {
            byte[] bytes = Files.readAllBytes(archive(backup));
            res.header(HeaderNames.CONTENT_TYPE, "application/octet-stream");
            res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + backup + ".tar.gz\"");
            res.status(Status.OK_200).send(bytes);
        } catch (IOException e) {
            error(res, 500, Answers.UNEXPECTED);
        }
    }

    /** What the ignore lines leave out, matched against a path relative to the server's root. */
    private static Predicate<Path> ignored(String ignore) {
        List<Predicate<Path>> rules = new ArrayList<>();
        for (String line : ignore.split("\r?\n")) {
            String pattern = line.strip();
            if (pattern.isEmpty() || pattern.startsWith("#") || pattern.startsWith("!")) {
                continue;
            }
            while (pattern.endsWith("/") && pattern.length() > 1) {
                pattern = pattern.substring(0, pattern.length() - 1);
            }
            boolean anchored = pattern.contains("/");
            while (pattern.startsWith("/")) {
                pattern = pattern.substring(1);
            }
            if (pattern.isEmpty()) {
                continue;
            }
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            rules.add(anchored ? matcher::matches : p -> p.getFileName() != null && matcher.matches(p.getFileName()));
        }
        return p -> rules.stream().anyMatch(rule -> rule.test(p));
    }

    private static String sha1(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-1");
            try (var in = Files.newInputStream(file)) {
                byte[] buffer = new byte[65536];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body Wings reports a backup with. */
    static JsonObject report(boolean successful, String checksum, long size) {
        return Json.createObjectBuilder().add("checksum", checksum).add("checksum_type", "sha1").add("size", size)
                .add("successful", successful).add("parts", Json.createArrayBuilder()).build();
    }
}
