package dev.wingman.nodes.internal.wings;

import static dev.wingman.platform.api.JsonSupport.JSON;

import dev.wingman.nodes.api.Wings;
import dev.wingman.nodes.api.WingsException;
import dev.wingman.nodes.internal.NodeEndpoints;
import dev.wingman.platform.api.OutboundException;
import dev.wingman.platform.api.OutboundGuard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

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

    /** One guarded call; any 2xx is success, a 4xx is a {@link WingsException.Failure#REJECTED}. */
    WingsHttp.Reply call(String nodeId, String method, String path, String body) {
        NodeEndpoints.Endpoint endpoint = endpoints.of(nodeId);
        OutboundGuard guard = guards.of(nodeId);
        WingsHttp.Reply reply;
        try {
            reply = guard.call(NodeGuards.CALL, () -> http.send(endpoint.wingsUrl(), endpoint.token(), method, path, body,
                    http.defaultTimeout()));
        } catch (OutboundException e) {
            throw failure(endpoint, e);
        }
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
