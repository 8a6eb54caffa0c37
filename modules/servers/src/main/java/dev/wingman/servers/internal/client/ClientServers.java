package dev.wingman.servers.internal.client;

import dev.wingman.nodes.api.Wings;
import dev.wingman.nodes.api.WingsException;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.AuditTrail;
import dev.wingman.platform.api.Caller;
import dev.wingman.servers.api.ServersPermissions;
import dev.wingman.servers.internal.AuditTrailScopes;
import dev.wingman.servers.internal.Server;
import dev.wingman.servers.internal.ServerActivity;
import dev.wingman.servers.internal.ServerPermissions;
import dev.wingman.servers.internal.ServerService;
import dev.wingman.servers.internal.ServerStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;

/**
 * The actions of Pterodactyl's client API on one server: each checks the caller's permission
 * key, refuses a server that is installing or suspended as Pterodactyl does (409), calls Wings,
 * and records the activity in the server's log. Wings failures become Pterodactyl's daemon errors.
 */
@ApplicationScoped
public class ClientServers {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(ClientServers.class.getName());

    @Inject
    ServerService servers;

    @Inject
    ServerPermissions permissions;

    @Inject
    Wings wings;

    @Inject
    AuditTrail audit;

    /** A server and what the caller may do on it. */
    public record Access(Server server, List<String> permissions) {
    }

    /** The server if the caller may see it (404 otherwise), with their permission keys. */
    public Access access(Caller caller, String reference) {
        Server server = servers.visible(caller, reference);
        return new Access(server, permissions.of(caller, server));
    }

    public Wings.ServerState resources(Access access) {
        return daemon(() -> wings.server(access.server.nodeId, access.server.uuid.toString()), true);
    }

    public void power(Caller caller, Access access, String signal) {
        String needed = powerPermission(signal);
        if (needed == null) {
            throw new ApiException(422, "The selected signal is invalid.", Map.of("field", "signal"), Map.of());
        }
        require(access, needed);
        available(access.server);
        daemon(() -> {
            wings.power(access.server.nodeId, access.server.uuid.toString(), signal);
            return null;
        }, false);
        activity(caller, access.server, ServersPermissions.ACTIVITY_POWER + signal, Map.of());
    }

    /** The permission key a power signal needs (stop and kill share one, as in Pterodactyl); null for no signal. */
    public static String powerPermission(String signal) {
        return switch (signal == null ? "" : signal) {
            case "start" -> "control.start";
            case "stop", "kill" -> "control.stop";
            case "restart" -> "control.restart";
            default -> null;
        };
    }

    public void command(Caller caller, Access access, String command) {
        require(access, "control.console");
        available(access.server);
        try {
            wings.command(access.server.nodeId, access.server.uuid.toString(), List.of(command));
        } catch (WingsException e) {
            if (e.failure() == WingsException.Failure.REJECTED && e.wingsStatus() == 417
                    || e.failure() == WingsException.Failure.SERVER_ERROR && e.wingsStatus() == 502) {
                throw e.relay(502, "Server must be online in order to send commands.");
            }
            throw daemonError(e, false);
        }
        activity(caller, access.server, ServersPermissions.ACTIVITY_CONSOLE_COMMAND, Map.of("command", command));
    }

    public void require(Access access, String permission) {
        requireAny(access, permission);
    }

    /** Refuses (403) unless the caller holds at least one of these keys on the server. */
    public void requireAny(Access access, String... permissions) {
        for (String permission : permissions) {
            if (ServerPermissions.grants(access.permissions, permission)) {
                return;
            }
        }
        throw ApiException.forbidden("This action is unauthorized.");
    }

    /** Pterodactyl's validation failure: 422 naming the request field. */
    public static ApiException invalid(String field, String message) {
        return new ApiException(422, message, Map.of("field", field), Map.of());
    }

    /** Pterodactyl's ServerStateConflictException cases. */
    public static void available(Server server) {
        if (server.suspended) {
            throw ApiException.conflict("This server is currently suspended and the functionality requested is unavailable.");
        }
        if (server.status() == ServerStatus.RESTORING_BACKUP) {
            throw ApiException.conflict("This server is currently restoring from a backup, please try again later.");
        }
        if (server.status() != ServerStatus.INSTALLED) {
            throw ApiException.conflict("This server has not yet completed its installation process, please try again later.");
        }
        server.requireNotTransferring();
    }

    /** Records an action in the server's activity log; whether an API key did it is kept beside the properties. */
    public void activity(Caller caller, Server server, String event, Map<String, Object> properties) {
        Map<String, Object> details = new java.util.LinkedHashMap<>(properties);
        details.put(ServerActivity.API_MARK, caller.apiKeyId() != null);
        audit.record(AuditTrailScopes.server(server.id), event, "server", server.id, details);
    }

    private interface DaemonCall<T> {
        T run();
    }

    private static <T> T daemon(DaemonCall<T> call, boolean unreachableOnly) {
        try {
            return call.run();
        } catch (WingsException e) {
            throw daemonError(e, unreachableOnly);
        }
    }

    /**
     * Pterodactyl's DaemonConnectionException: no answer is 504; a Wings 4xx keeps its status. A
     * Wings 5xx is 502 with Pterodactyl's text and Wings' code in it: Pterodactyl relays the 5xx
     * itself, but here a 500 means the panel failed (the error mapper's answer for its own bugs,
     * what operators alert on) and a 503 that the node was not tried, so the node's failure is the
     * gateway's, as on every other Wings call of the panel and as every client operation's OpenAPI
     * statuses say. {@code unreachableOnly}: every failure that reached the node is 504 (resources).
     * A node whose breaker is open (or that has too many calls in flight) was not tried: 503 with
     * its {@code Retry-After}. Every answer names the node ({@code node}) but never Wings' own error
     * text, which node administrators get as {@code upstream}.
     */
    public static ApiException daemonError(WingsException e, boolean unreachableOnly) {
        if (e.refusedLocally()) {
            return e.relay(503, "The machine running this server is temporarily unavailable. Please try again in a few "
                    + "seconds.");
        }
        boolean answered = e.failure() == WingsException.Failure.REJECTED || e.failure() == WingsException.Failure.SERVER_ERROR;
        if (!answered || unreachableOnly) {
            return e.relay(504, "Could not establish a connection to the machine running this server. Please try again.");
        }
        if (e.failure() == WingsException.Failure.REJECTED) {
            // e.status(): Wings refusing the panel's own token is a 502, not the caller's 401/403.
            return e.relay(e.status(), "An error occurred on the remote host (code: " + e.wingsStatus() + ").");
        }
        LOG.warning(() -> "Client API call failed on Wings: " + e.detail());
        return e.relay(502, "There was an error while communicating with the machine running this "
                + "server. This error has been logged, please try again. (code: " + e.wingsStatus() + ")");
    }
}
