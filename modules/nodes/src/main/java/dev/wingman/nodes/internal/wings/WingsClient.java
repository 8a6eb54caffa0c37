package dev.wingman.nodes.internal.wings;

import static dev.wingman.platform.api.JsonSupport.JSON;

import dev.wingman.nodes.api.Wings;
import dev.wingman.nodes.api.WingsException;
import dev.wingman.nodes.internal.NodeEndpoints;
import dev.wingman.platform.api.CappedInputStream;
import dev.wingman.platform.api.OutboundException;
import dev.wingman.platform.api.OutboundGuard;
import dev.wingman.platform.api.OutboundHttp;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every Wings call the panel makes, each through its node's guard ({@link NodeGuards}): an open
 * breaker or a full bulkhead answers at once without touching the network.
 */
@ApplicationScoped
public class WingsClient implements Wings {
    private static final Set<String> POWER_ACTIONS = Set.of("start", "stop", "restart", "kill");

    @Inject
    NodeEndpoints endpoints;

    @Inject
    NodeGuards guards;

    @Inject
    WingsHttp http;

    @Override
    public SystemInfo system(String nodeId) {
        JsonObject body = (JsonObject) call(nodeId, "GET", "/api/system", null).body();
        return systemInfo(body);
    }

    public static SystemInfo systemInfo(JsonObject body) {
        if (body == null) {
            return new SystemInfo(null, null, null, null, 0);
        }
        return new SystemInfo(body.getString("version", null), body.getString("architecture", null),
                body.getString("os", null), body.getString("kernel_version", null), body.getInt("cpu_count", 0));
    }

    @Override
    public List<ServerState> servers(String nodeId) {
        WingsHttp.Reply reply = call(nodeId, "GET", "/api/servers", null);
        if (!(reply.body() instanceof JsonArray array)) {
            return List.of();
        }
        return array.getValuesAs(JsonObject.class).stream().map(WingsClient::serverState).toList();
    }

    @Override
    public ServerState server(String nodeId, String serverUuid) {
        return serverState((JsonObject) call(nodeId, "GET", "/api/servers/" + serverUuid, null).body());
    }

    private static ServerState serverState(JsonObject server) {
        JsonObject configuration = server.getJsonObject("configuration");
        String uuid = configuration == null ? null : configuration.getString("uuid", null);
        JsonObject stats = server.get("utilization") instanceof JsonObject u ? u : jakarta.json.JsonValue.EMPTY_JSON_OBJECT;
        JsonObject network = stats.get("network") instanceof JsonObject n ? n : jakarta.json.JsonValue.EMPTY_JSON_OBJECT;
        return new ServerState(uuid, server.getString("state", stats.getString("state", "offline")),
                server.getBoolean("is_suspended", false), number(stats, "memory_bytes").longValue(),
                number(stats, "cpu_absolute").doubleValue(), number(stats, "disk_bytes").longValue(),
                number(network, "rx_bytes").longValue(), number(network, "tx_bytes").longValue(),
                number(stats, "uptime").longValue());
    }

    /** Wings' numbers may come as integers or decimals; absent is 0. */
    private static Number number(JsonObject object, String key) {
        return object.get(key) instanceof jakarta.json.JsonNumber n ? n.numberValue() : 0;
    }

    @Override
    public void command(String nodeId, String serverUuid, List<String> commands) {
        jakarta.json.JsonArrayBuilder lines = JSON.createArrayBuilder();
        commands.forEach(lines::add);
        call(nodeId, "POST", "/api/servers/" + serverUuid + "/commands",
                JSON.createObjectBuilder().add("commands", lines).build().toString());
    }

    @Override
    public void createServer(String nodeId, String serverUuid, boolean startOnCompletion) {
        call(nodeId, "POST", "/api/servers", JSON.createObjectBuilder().add("uuid", serverUuid)
                .add("start_on_completion", startOnCompletion).build().toString());
    }

    @Override
    public void deleteServer(String nodeId, String serverUuid) {
        try {
            call(nodeId, "DELETE", "/api/servers/" + serverUuid, null);
        } catch (WingsException e) {
            if (e.failure() != WingsException.Failure.REJECTED || e.wingsStatus() != 404) {
                throw e;
            }
        }
    }

    @Override
    public void transfer(String nodeId, String serverUuid, String destinationUrl, String destinationJwt,
                         boolean startOnCompletion) {
        call(nodeId, "POST", "/api/servers/" + serverUuid + "/transfer", JSON.createObjectBuilder()
                .add("url", destinationUrl)
                .add("token", "Bearer " + destinationJwt)
                .add("server", JSON.createObjectBuilder().add("uuid", serverUuid).add("start_on_completion", startOnCompletion))
                .build().toString());
    }

    @Override
    public void cancelTransfer(String nodeId, String serverUuid) {
        try {
            call(nodeId, "DELETE", "/api/servers/" + serverUuid + "/transfer", null);
        } catch (WingsException e) {
            if (e.failure() != WingsException.Failure.REJECTED || (e.wingsStatus() != 404 && e.wingsStatus() != 409)) {
                throw e;
            }
        }
    }

    @Override
    public void power(String nodeId, String serverUuid, String action) {
        if (!POWER_ACTIONS.contains(action)) {
            throw new IllegalArgumentException("Unknown power action " + action);
        }
        call(nodeId, "POST", "/api/servers/" + serverUuid + "/power",
                JSON.createObjectBuilder().add("action", action).build().toString());
    }

    @Override
    public void denyTokens(String nodeId, String serverUuid, List<String> jtis) {
        jakarta.json.JsonArrayBuilder ids = JSON.createArrayBuilder();
        jtis.forEach(ids::add);
        call(nodeId, "POST", "/api/servers/" + serverUuid + "/ws/deny", JSON.createObjectBuilder().add("jtis", ids).build().toString());
    }

    @Override
    public void reinstall(String nodeId, String serverUuid) {
        call(nodeId, "POST", "/api/servers/" + serverUuid + "/reinstall", null);
    }

    @Override
    public void sync(String nodeId, String serverUuid) {
        call(nodeId, "POST", "/api/servers/" + serverUuid + "/sync", null);
    }

    /** {@code POST /api/update} with the node's full configuration; true when Wings applied it. */
    public boolean pushConfiguration(String nodeId, String configurationJson) {
        JsonObject body = (JsonObject) call(nodeId, "POST", "/api/update", configurationJson).body();
        return body != null && body.getBoolean("applied", false);
    }

    @Override
    public WebSocket console(String nodeId, String serverUuid, String origin, WebSocket.Listener listener) {
        NodeEndpoints.Endpoint endpoint = endpoints.of(nodeId);
        OutboundGuard guard = guards.of(nodeId);
        try {
            return guard.call(NodeGuards.CONSOLE, () -> http.webSocket(endpoint.wingsUrl(), "/api/servers/" + serverUuid + "/ws",
                    Map.of("Origin", origin), listener));
        } catch (OutboundException e) {
            throw failure(endpoint, e);
        }
    }

    @Override
    public List<FileStat> listDirectory(String nodeId, String serverUuid, String directory) {
        WingsHttp.Reply reply = call(nodeId, "GET", files(serverUuid, "list-directory") + "?directory=" + query(directory), null);
        if (!(reply.body() instanceof JsonArray array)) {
            return List.of();
        }
        return array.getValuesAs(JsonObject.class).stream().map(WingsClient::fileStat).toList();
    }

    static FileStat fileStat(JsonObject stat) {
        return new FileStat(stat.getString("name", ""), instant(stat, "created"), instant(stat, "modified"),
                stat.getString("mode", ""), stat.getString("mode_bits", ""), number(stat, "size").longValue(),
                stat.getBoolean("directory", false), stat.getBoolean("file", false), stat.getBoolean("symlink", false),
                stat.getString("mime", ""));
    }

    private static java.time.Instant instant(JsonObject object, String key) {
        try {
            return object.get(key) instanceof jakarta.json.JsonString s ? java.time.OffsetDateTime.parse(s.getString()).toInstant() : null;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The guard covers the exchange up to Wings' answer head (breaker, bulkhead, timeout, as every
     * call); the body is then read by the caller as it arrives, each read waiting at most the read
     * timeout, a node that stalls or breaks off mid-file counted in the meters.
     */
    @Override
    public FileStream fileContents(String nodeId, String serverUuid, String file, long maxBytes) {
        NodeEndpoints.Endpoint endpoint = endpoints.of(nodeId);
        OutboundGuard guard = guards.of(nodeId);
        String path = files(serverUuid, "contents") + "?file=" + query(file);
        OutboundHttp.Streamed answer;
        try {
            answer = guard.call(NodeGuards.CALL, () -> http.open(endpoint.wingsUrl(), endpoint.token(), "GET", path,
                    http.defaultTimeout()));
        } catch (OutboundException e) {
            throw failure(endpoint, e);
        }
        if (answer.status() >= 400) {
            WingsHttp.Reply error;
            try {
                error = http.reply(answer);
            } catch (OutboundException e) {
                guard.failed(NodeGuards.CALL, e.reason());
                throw failure(endpoint, e);
            }
            checked(endpoint, guard, error);
        }
        if (answer.contentLength().orElse(0) > maxBytes) {
            answer.close();
            throw new FileTooLargeException(maxBytes);
        }
        InputStream body = new CappedInputStream(new NodeBody(answer, endpoint, guard), maxBytes);
        return new FileStream(body, answer.contentLength(), answer.header("X-Mime-Type").orElse(null));
    }

    /** A file's body from a node: a failed read names the node (its cause is the WingsException) and is metered. */
    private static final class NodeBody extends FilterInputStream {
        private final NodeEndpoints.Endpoint endpoint;
        private final OutboundGuard guard;

        NodeBody(OutboundHttp.Streamed answer, NodeEndpoints.Endpoint endpoint, OutboundGuard guard) {
            super(answer.body());
            this.endpoint = endpoint;
            this.guard = guard;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw failed(e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return super.read(buffer, offset, length);
            } catch (IOException e) {
                throw failed(e);
            }
        }

        private IOException failed(IOException e) {
            OutboundException outbound = OutboundHttp.Streamed.failure(e);
            guard.failed(NodeGuards.CALL, outbound.reason());
            WingsException wings = failure(endpoint, outbound);
            return new IOException(wings.getMessage(), wings);
        }
    }

    @Override
    public void writeFile(String nodeId, String serverUuid, String file, InputStream content, long length) {
        String path = files(serverUuid, "write") + "?file=" + query(file);
        guarded(nodeId, endpoint -> http.sendStream(endpoint.wingsUrl(), endpoint.token(), "POST", path, content, length,
                "application/octet-stream", http.defaultTimeout()));
    }

    @Override
    public void createDirectory(String nodeId, String serverUuid, String path, String name) {
        call(nodeId, "POST", files(serverUuid, "create-directory"),
                JSON.createObjectBuilder().add("name", name).add("path", path).build().toString());
    }

    @Override
    public void renameFiles(String nodeId, String serverUuid, String root, List<Rename> renames) {
        jakarta.json.JsonArrayBuilder list = JSON.createArrayBuilder();
        renames.forEach(r -> list.add(JSON.createObjectBuilder().add("from", r.from()).add("to", r.to())));
        call(nodeId, "PUT", files(serverUuid, "rename"),
                JSON.createObjectBuilder().add("root", root).add("files", list).build().toString());
    }

    @Override
    public void copyFile(String nodeId, String serverUuid, String location) {
        call(nodeId, "POST", files(serverUuid, "copy"), JSON.createObjectBuilder().add("location", location).build().toString());
    }

    @Override
    public void deleteFiles(String nodeId, String serverUuid, String root, List<String> names) {
        jakarta.json.JsonArrayBuilder list = JSON.createArrayBuilder();
        names.forEach(list::add);
        call(nodeId, "POST", files(serverUuid, "delete"),
                JSON.createObjectBuilder().add("root", root).add("files", list).build().toString());
    }

    @Override
    public void chmodFiles(String nodeId, String serverUuid, String root, List<Chmod> changes) {
        jakarta.json.JsonArrayBuilder list = JSON.createArrayBuilder();
        changes.forEach(c -> list.add(JSON.createObjectBuilder().add("file", c.file()).add("mode", c.mode())));
        call(nodeId, "POST", files(serverUuid, "chmod"),
                JSON.createObjectBuilder().add("root", root).add("files", list).build().toString());
    }

    @Override
    public FileStat compressFiles(String nodeId, String serverUuid, String root, List<String> names) {
        jakarta.json.JsonArrayBuilder list = JSON.createArrayBuilder();
        names.forEach(list::add);
        WingsHttp.Reply reply = call(nodeId, "POST", files(serverUuid, "compress"),
                JSON.createObjectBuilder().add("root", root).add("files", list).build().toString());
        if (!(reply.body() instanceof JsonObject stat)) {
            throw new WingsException(nodeId, endpoints.of(nodeId).name(), WingsException.Failure.SERVER_ERROR, 502,
                    "compress answered no file");
        }
        return fileStat(stat);
    }

    @Override
    public void decompressFile(String nodeId, String serverUuid, String root, String file) {
        call(nodeId, "POST", files(serverUuid, "decompress"),
                JSON.createObjectBuilder().add("root", root).add("file", file).build().toString());
    }

    @Override
    public void pullFile(String nodeId, String serverUuid, String url, String directory, String fileName, boolean useHeader) {
        var body = JSON.createObjectBuilder().add("url", url).add("root", directory).add("use_header", useHeader)
                .add("foreground", false);
        if (fileName != null) {
            body.add("file_name", fileName);
        }
        call(nodeId, "POST", files(serverUuid, "pull"), body.build().toString());
    }

    @Override
    public void backup(String nodeId, String serverUuid, String backupUuid, String ignore) {
        call(nodeId, "POST", "/api/servers/" + serverUuid + "/backup", JSON.createObjectBuilder().add("adapter", "wings")
                .add("uuid", backupUuid).add("ignore", ignore == null ? "" : ignore).build().toString());
    }

    @Override
    public void restoreBackup(String nodeId, String serverUuid, String backupUuid, boolean truncate) {
        call(nodeId, "POST", "/api/servers/" + serverUuid + "/backup/" + backupUuid + "/restore", JSON.createObjectBuilder()
                .add("adapter", "wings").add("truncate_directory", truncate).add("download_url", "").build().toString());
    }

    @Override
    public void deleteBackup(String nodeId, String serverUuid, String backupUuid) {
        try {
            call(nodeId, "DELETE", "/api/servers/" + serverUuid + "/backup/" + backupUuid, null);
        } catch (WingsException e) {
            if (e.failure() != WingsException.Failure.REJECTED || e.wingsStatus() != 404) {
                throw e;
            }
        }
    }

    private static String files(String serverUuid, String action) {
        return "/api/servers/" + serverUuid + "/files/" + action;
    }

    private static String query(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** One guarded call; any 2xx is success, a 4xx is a {@link WingsException.Failure#REJECTED}. */
    WingsHttp.Reply call(String nodeId, String method, String path, String body) {
        byte[] bytes = body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return guarded(nodeId, endpoint -> http.sendRaw(endpoint.wingsUrl(), endpoint.token(), method, path, bytes,
                body == null ? null : "application/json", http.defaultTimeout()));
    }

    private WingsHttp.Reply guarded(String nodeId, java.util.function.Function<NodeEndpoints.Endpoint, WingsHttp.Reply> exchange) {
        NodeEndpoints.Endpoint endpoint = endpoints.of(nodeId);
        OutboundGuard guard = guards.of(nodeId);
        WingsHttp.Reply reply;
        try {
            reply = guard.call(NodeGuards.CALL, () -> exchange.apply(endpoint));
        } catch (OutboundException e) {
            throw failure(endpoint, e);
        }
        return checked(endpoint, guard, reply);
    }

    private static WingsHttp.Reply checked(NodeEndpoints.Endpoint endpoint, OutboundGuard guard, WingsHttp.Reply reply) {
        // An answer, so not a failure for the breaker; the meters count it all the same.
        if (reply.status() >= 500) {
            guard.failed(NodeGuards.CALL, "server_error");
            throw new WingsException(endpoint.nodeId(), endpoint.name(), WingsException.Failure.SERVER_ERROR, reply.status(),
                    reply.error());
        }
        if (reply.status() >= 400) {
            guard.failed(NodeGuards.CALL, "rejected");
            throw new WingsException(endpoint.nodeId(), endpoint.name(), WingsException.Failure.REJECTED, reply.status(),
                    reply.error());
        }
        return reply;
    }

    /** The guard has counted it already; Wings' words for it are the outbound failure's. */
    private static WingsException failure(NodeEndpoints.Endpoint endpoint, OutboundException e) {
        WingsException.Failure failure = switch (e.failure()) {
            case TIMEOUT -> WingsException.Failure.TIMEOUT;
            case CIRCUIT_OPEN -> WingsException.Failure.CIRCUIT_OPEN;
            case BUSY -> WingsException.Failure.BUSY;
            case REJECTED -> WingsException.Failure.REJECTED;
            case UNREACHABLE, ADDRESS_REFUSED -> WingsException.Failure.UNREACHABLE;
            case TOO_LARGE -> WingsException.Failure.SERVER_ERROR; // an answer no Wings gives: a broken node
        };
        // The guard's own refusals (open breaker, full bulkhead, overall timeout) carry no upstream text.
        return new WingsException(endpoint.nodeId(), endpoint.name(), failure, e.status(), e.byGuard() ? null : e.getMessage());
    }
}
