package dev.wingman.servers.internal.client;

import dev.wingman.nodes.api.Wings;
import dev.wingman.nodes.api.WingsException;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.AuditTrail;
import dev.wingman.platform.api.CappedInputStream;
import dev.wingman.platform.api.Caller;
import dev.wingman.servers.api.ServersPermissions;
import dev.wingman.servers.internal.AuditTrailScopes;
import dev.wingman.servers.internal.Server;
import dev.wingman.servers.internal.ServerActivity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The file actions of Pterodactyl's client API on one server ({@code /files/...}): each checks the
 * caller's permission key as Pterodactyl's FileController does, refuses a server that is
 * installing, suspended or being transferred (409), checks the input, calls the server's node
 * through the guarded Wings client (so a hung node answers 503 naming it), and records writes in
 * the server's activity log with Pterodactyl's event names. Paths are passed to Wings, which
 * confines them to the server's directory; Wings' refusals keep their status, as Pterodactyl's
 * DaemonConnectionException does.
 */
@ApplicationScoped
public class ClientFiles {
    /** Longest path or name accepted: Linux's PATH_MAX. */
    static final int MAX_PATH = 4096;
    /** Most entries one request may name. */
    static final int MAX_ENTRIES = 1000;

    @Inject
    ClientServers actions;

    @Inject
    Wings wings;

    @Inject
    AuditTrail audit;

    @Inject
    SignedLinks links;

    @Inject
    WriteSpool spool;

    /** Pterodactyl's files.max_edit_size: the largest file the contents endpoint returns. */
    @Inject
    @ConfigProperty(name = "wingman.files.max-edit-size", defaultValue = "4194304")
    long maxEditSize;

    public List<Wings.FileStat> list(ClientServers.Access access, String directory) {
        actions.require(access, "file.read");
        ClientServers.available(access.server());
        String path = path("directory", directory == null ? "/" : directory);
        return call(() -> wings.listDirectory(access.server().nodeId, uuid(access), path));
    }

    /**
     * Opens the file on its node for relaying, with Pterodactyl's editor limit. Wings declares the
     * length (and a file over the limit is refused before any byte); for an answer without one,
     * the first {@link #HELD} bytes are read before answering, so that a small file over the limit
     * is still the 400 JSON error, and the rest is cut off at the limit as it streams.
     */
    public FileRelay contents(Caller caller, ClientServers.Access access, String file) {
        actions.require(access, "file.read-content");
        ClientServers.available(access.server());
        String path = required("file", file);
        Wings.FileStream stream;
        try {
            stream = call(() -> wings.fileContents(access.server().nodeId, uuid(access), path, maxEditSize));
        } catch (Wings.FileTooLargeException e) {
            throw tooLargeToEdit();
        }
        byte[] head = new byte[0];
        if (stream.length().isEmpty()) {
            try {
                head = stream.body().readNBytes((int) Math.min(maxEditSize, HELD) + 1);
            } catch (CappedInputStream.Exceeded e) {
                stream.close();
                throw tooLargeToEdit();
            } catch (IOException e) {
                stream.close();
                if (e.getCause() instanceof WingsException failure) {
                    throw ClientServers.daemonError(failure, false);
                }
                throw new UncheckedIOException(e);
            }
        }
        try {
            activity(caller, access.server(), ServersPermissions.ACTIVITY_FILE_READ, Map.of("file", path));
        } catch (RuntimeException e) {
            stream.close(); // the node's connection is not left open behind a failed answer
            throw e;
        }
        return new FileRelay(head, stream);
    }

    /** How much of a file sent without a length is read before answering. */
    static final int HELD = 64 * 1024;

    private static ApiException tooLargeToEdit() {
        return ApiException.badRequest("The file you are attempting to open is too large to view in the file editor.");
    }

    /**
     * A file relayed from its node to the client: what was read ahead, then the rest as it arrives,
     * through a small buffer. A read failure mid-file (the node stalled, or a file sent without a
     * length passed the limit) ends the answer unfinished, so the client sees a broken transfer,
     * not a shorter file.
     */
    public static final class FileRelay implements StreamingOutput {
        private final byte[] head;
        private final Wings.FileStream stream;

        FileRelay(byte[] head, Wings.FileStream stream) {
            this.head = head;
            this.stream = stream;
        }

        /** Wings' declared length, the answer's Content-Length. */
        public java.util.OptionalLong length() {
            return stream.length();
        }

        @Override
        public void write(OutputStream out) throws IOException {
            try (stream) {
                out.write(head);
                stream.body().transferTo(out);
            }
        }
    }

    /**
     * Writes the request body to the node: spooled to a file first ({@link WriteSpool}: read here,
     * on the request's thread, which also answers a client's {@code Expect: 100-continue}, within
     * the spool's disk budget), then sent with its length, so memory stays bounded, a slow or
     * vanishing uploader never holds the node's bulkhead or counts against its breaker (only the
     * panel-to-Wings leg is guarded), and an upload cut short never leaves a half-written file on
     * the node. {@code length} is the declared Content-Length, or -1 for a chunked body; the
     * request body limit is enforced by the edge's stream as it is read.
     */
    public void write(Caller caller, ClientServers.Access access, String file, InputStream content, long length) {
        // Pterodactyl checks file.create for writing (a new file is written this way) and its newer
        // releases accept file.update too (an edit): either will do.
        actions.requireAny(access, "file.create", "file.update");
        ClientServers.available(access.server());
        String path = required("file", file);
        try (WriteSpool.Spooled spooled = spool.spool(content, length); InputStream body = spooled.open()) {
            call(() -> {
                wings.writeFile(access.server().nodeId, uuid(access), path, body, spooled.size());
                return null;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the request body limit among them: the error mapper answers 413
        }
        activity(caller, access.server(), ServersPermissions.ACTIVITY_FILE_WRITE, Map.of("file", path));
    }

    public void createFolder(Caller caller, ClientServers.Access access, String root, String name) {
        actions.require(access, "file.create");
        ClientServers.available(access.server());
        String directory = path("root", root == null ? "/" : root);
        String folder = required("name", name);
        call(() -> {
            wings.createDirectory(access.server().nodeId, uuid(access), directory, folder);
            return null;
        });
        activity(caller, access.server(), ServersPermissions.ACTIVITY_FILE_CREATE_DIRECTORY,
                Map.of("directory", directory, "name", folder));
    }

    public void rename(Caller caller, ClientServers.Access access, String root, List<Wings.Rename> files) {
        actions.require(access, "file.update");
        ClientServers.available(access.server());
        String directory = path("root", root == null ? "/" : root);
        entries("files", files);
        for (Wings.Rename rename : files) {
            if (rename == null) {
                throw invalid("files", "Each entry of files needs from and to.");
            }
            required("files.from", rename.from());
            required("files.to", rename.to());
        }
        call(() -> {
            wings.renameFiles(access.server().nodeId, uuid(access), directory, files);
            return null;
        });
        activity(caller, access.server(), ServersPermissions.ACTIVITY_FILE_RENAME, Map.of("directory", directory,
                "files", files.stream().map(r -> Map.of("from", r.from(), "to", r.to())).toList()));
    }

    public void copy(Caller caller, ClientServers.Access access, String location) {
        actions.require(access, "file.create");
        ClientServers.available(access.server());
        String path = required("location", location);
        call(() -> {
            wings.copyFile(access.server().nodeId, uuid(access), path);
            return null;
        });
        activity(caller, access.server(), ServersPermissions.ACTIVITY_FILE_COPY, Map.of("file", path));
    }

    public void delete(Caller caller, ClientServers.Access access, String root, List<String> files) {
        actions.require(access, "file.delete");
        ClientServers.available(access.server());
        String directory = path("root", root == null ? "/" : root);
        entries("files", files);
        for (String file : files) {
            required("files", file);
        }
        call(() -> {
            wings.deleteFiles(access.server().nodeId, uuid(access), directory, files);
            return null;
        });
        activity(caller, access.server(), ServersPermissions.ACTIVITY_FILE_DELETE,
                Map.of("directory", directory, "files", List.copyOf(files)));
    }

    public void chmod(ClientServers.Access access, String root, List<Wings.Chmod> files) {
        actions.require(access, "file.update");
        ClientServers.available(access.server());
        String directory = path("root", root == null ? "/" : root);
        entries("files", files);
        for (Wings.Chmod change : files) {
            if (change == null) {
                throw invalid("files", "Each entry of files needs file and mode.");
            }
            required("files.file", change.file());
            if (change.mode() == null || !change.mode().matches("[0-7]{3,4}")) {
                throw invalid("files.mode", "The files.mode must be an octal mode such as 644 or 0755.");
            }
        }
        call(() -> {
            wings.chmodFiles(access.server().nodeId, uuid(access), directory, files);
            return null;
        });
    }

    public Wings.FileStat compress(Caller caller, ClientServers.Access access, String root, List<String> files) {
        actions.require(access, "file.archive");
        ClientServers.available(access.server());
        String directory = path("root", root == null ? "/" : root);
        entries("files", files);
        for (String file : files) {
            required("files", file);
        }
        Wings.FileStat archive = call(() -> wings.compressFiles(access.server().nodeId, uuid(access), directory, files));
        activity(caller, access.server(), ServersPermissions.ACTIVITY_FILE_COMPRESS, Map.of("directory", directory,
                "files", List.copyOf(files), "name", archive.name()));
        return archive;
    }

    public void decompress(Caller caller, ClientServers.Access access, String root, String file) {
        actions.require(access, "file.archive");
        ClientServers.available(access.server());
        String directory = path("root", root == null ? "/" : root);
        String archive = required("file", file);
        call(() -> {
            wings.decompressFile(access.server().nodeId, uuid(access), directory, archive);
            return null;
        });
        activity(caller, access.server(), ServersPermissions.ACTIVITY_FILE_DECOMPRESS,
                Map.of("directory", directory, "file", archive));
    }

    /**
     * A single-use link to download {@code file} straight from the node ({@code /download/file}),
     * carrying {@code file_path} beside {@link SignedLinks}' claims.
     */
    public String downloadUrl(Caller caller, ClientServers.Access access, String file) {
        actions.require(access, "file.read-content");
        ClientServers.available(access.server());
        String path = required("file", file);
        String url = links.url(caller, access.server(), "/download/file", Map.of("file_path", path));
        activity(caller, access.server(), ServersPermissions.ACTIVITY_FILE_DOWNLOAD, Map.of("file", path));
        return url;
    }

    /**
     * A link to upload files straight to the node ({@code /upload/file}, multipart field
     * {@code files}, {@code &directory=} added by the client), signed like {@link #downloadUrl}.
     */
    public String uploadUrl(Caller caller, ClientServers.Access access) {
        actions.require(access, "file.create");
        ClientServers.available(access.server());
        return links.url(caller, access.server(), "/upload/file", Map.of());
    }

    /**
     * Has the node download {@code url} into {@code directory}. Only http and https URLs whose host
     * resolves to public addresses only (no loopback, private, link-local such as the cloud
     * metadata address 169.254.169.254, unique-local or otherwise reserved one) are passed on;
     * anything else is 422 and the node is never asked.
     */
    public void pull(Caller caller, ClientServers.Access access, String url, String root, String fileName, boolean useHeader) {
        actions.require(access, "file.create");
        ClientServers.available(access.server());
        String target = required("url", url);
        if (target.length() > 2048) {
            throw invalid("url", "The url may not be greater than 2048 characters.");
        }
        java.net.URI uri;
        try {
            uri = new java.net.URI(target);
        } catch (java.net.URISyntaxException e) {
            throw invalid("url", "The url must be a valid URL.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw invalid("url", "The url must be an http or https URL with a host (and no credentials).");
        }
        try {
            dev.wingman.platform.api.OutboundHttp.AddressPolicy.requirePublic(uri);
        } catch (dev.wingman.platform.api.OutboundException e) {
            throw invalid("url", "The url must point to a public address: " + uri.getHost()
                    + (e.failure() == dev.wingman.platform.api.OutboundException.Failure.UNREACHABLE ? " does not resolve."
                    : " resolves to a private, loopback, link-local or reserved address."));
        }
        String directory = path("root", root == null ? "/" : root);
        String name = fileName == null || fileName.isBlank() ? null : path("filename", fileName);
        if (name != null && (name.contains("/") || name.equals("..") || name.equals("."))) {
            throw invalid("filename", "The filename must be a file name, not a path.");
        }
        call(() -> {
            wings.pullFile(access.server().nodeId, uuid(access), target, directory, name, useHeader);
            return null;
        });
        // Without the query: a pre-signed download URL carries its credentials there, and subusers read the activity.
        String shown = withoutQuery(target);
        activity(caller, access.server(), ServersPermissions.ACTIVITY_FILE_PULL, name == null
                ? Map.of("directory", directory, "url", shown) : Map.of("directory", directory, "url", shown, "filename", name));
    }

    static String withoutQuery(String url) {
        int cut = url.indexOf('?');
        int fragment = url.indexOf('#');
        if (fragment >= 0 && (cut < 0 || fragment < cut)) {
            cut = fragment;
        }
        return cut < 0 ? url : url.substring(0, cut);
    }

    private static String uuid(ClientServers.Access access) {
        return access.server().uuid.toString();
    }

    /** A path that must be given (Pterodactyl's "required|string"). */
    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(field, "The " + field + " field is required.");
        }
        return path(field, value);
    }

    /** A path no longer than PATH_MAX and without NUL, which no file system takes. */
    private static String path(String field, String value) {
        if (value.length() > MAX_PATH) {
            throw invalid(field, "The " + field + " may not be greater than " + MAX_PATH + " characters.");
        }
        if (value.indexOf('\0') >= 0) {
            throw invalid(field, "The " + field + " may not contain a NUL character.");
        }
        return value;
    }

    private static void entries(String field, List<?> values) {
        if (values == null || values.isEmpty()) {
            throw invalid(field, "The " + field + " field is required.");
        }
        if (values.size() > MAX_ENTRIES) {
            throw invalid(field, "The " + field + " may not have more than " + MAX_ENTRIES + " items.");
        }
    }

    private static ApiException invalid(String field, String message) {
        return new ApiException(422, message, Map.of("field", field), Map.of());
    }

    private static <T> T call(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (WingsException e) {
            throw ClientServers.daemonError(e, false);
        }
    }

    private void activity(Caller caller, Server server, String event, Map<String, Object> properties) {
        Map<String, Object> details = new LinkedHashMap<>(properties);
        details.put(ServerActivity.API_MARK, caller.apiKeyId() != null);
        audit.record(AuditTrailScopes.server(server.id), event, "server", server.id, details);
    }
}
