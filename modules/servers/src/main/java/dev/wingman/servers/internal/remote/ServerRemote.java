package dev.wingman.servers.internal.remote;

import dev.wingman.servers.api.ServersPermissions;
import static dev.wingman.platform.api.JsonSupport.JSON;

import dev.wingman.auth.api.Accounts;
import dev.wingman.nodes.api.Allocation;
import dev.wingman.nodes.api.Allocations;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.AuditTrail;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
import dev.wingman.platform.api.RateLimiter;
import dev.wingman.servers.internal.Server;
import dev.wingman.servers.internal.ServerPermissions;
import dev.wingman.servers.internal.ServerStore;
import dev.wingman.servers.internal.eggs.Egg;
import dev.wingman.servers.internal.eggs.EggService;
import dev.wingman.servers.internal.transfers.ServerTransfers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the remote API does for a node's Wings: its servers' configuration and install lifecycle. */
@ApplicationScoped
public class ServerRemote {
    @Inject
    ServerStore store;

    @Inject
    EggService eggs;

    @Inject
    Allocations allocations;

    @Inject
    AuditTrail audit;

    public Page<Server> onNode(String nodeId, PageRequest page) {
        return store.onNode(nodeId, page);
    }

    /** The node's server, or 404 as if no such server existed (also for another node's server). */
    public Server onNode(String nodeId, String uuid) {
        Server server = store.onNode(nodeId, uuid);
        if (server == null) {
            throw ApiException.notFound("The requested server does not exist on this node.");
        }
        return server;
    }

    @Inject
    ServerTransfers transfers;

    /** The server if it is on this node or being transferred to it (the destination reads its configuration). */
    public Server readableBy(String nodeId, String uuid) {
        Server server = store.onOrComingTo(nodeId, uuid);
        if (server == null) {
            throw ApiException.notFound("The requested server does not exist on this node.");
        }
        return server;
    }

    /** The server's configuration for its own node's Wings. */
    public JsonObject configuration(Server server) {
        return configuration(server, server.nodeId);
    }

    /**
     * The configuration as {@code nodeId}'s Wings must run the server: with that node's ports, the
     * primary first (the destination of a transfer gets the ports reserved there).
     */
    public JsonObject configuration(Server server, String nodeId) {
        String primary = nodeId.equals(server.nodeId) ? server.allocationId
                : transfers.incomingPrimary(server.id, nodeId).orElse(null);
        List<Allocation> ports = new ArrayList<>(allocations.ofServer(server.uuid.toString()).stream()
                .filter(a -> a.nodeId().equals(nodeId)).toList());
        ports.sort(Comparator.comparing(a -> !a.id().equals(primary)));
        return WingsServerConfiguration.of(server, eggs.find(server.eggId), ports);
    }

    public JsonObject installScript(Server server) {
        Egg egg = eggs.find(server.eggId);
        return JSON.createObjectBuilder().add("container_image", egg.installContainer).add("entrypoint", egg.installEntrypoint)
                .add("script", egg.installScript).build();
    }

    public void installed(Server server, boolean successful, boolean reinstall) {
        store.installed(server.id, successful, reinstall);
        audit.record(successful ? ServersPermissions.AUDIT_SERVER_INSTALLED : ServersPermissions.AUDIT_SERVER_INSTALL_FAILED, "server", server.id,
                Map.of("reinstall", reinstall));
    }

    private static final Pattern SFTP_USER = Pattern.compile("^(.+)\\.([a-z0-9]{8})$");

    @Inject
    Accounts accounts;

    @Inject
    ServerPermissions permissions;

    @Inject
    RateLimiter limiter;

    /** Wings' answer for an SFTP login: the user, the server and what they may do there. */
    public record SftpLogin(String user, String server, List<String> permissions) {
    }

    /** The one answer to every refused SFTP login, whatever the reason, so that it tells a caller nothing. */
    public static final String SFTP_REFUSED = "Authorization credentials were not correct, please try again.";

    /**
     * An SFTP login on one of this node's servers: {@code username} is {@code <account e-mail>.<8-character
     * server id>}, with the account's password or one of its SSH keys. The account must hold
     * {@code file.sftp} on the server, must not be suspended, nor the server; an account with two-factor
     * authentication logs in with a key only (a password alone is not both factors). Every refusal is
     * the same 403 with {@link #SFTP_REFUSED}, so the answer does not reveal which check failed (for
     * example that a password was right). Attempts are limited per account and node: the {@code ip}
     * Wings reports is whatever its caller says, and anyone holding a node token could vary it.
     */
    public SftpLogin sftp(String nodeId, String type, String username, String password) {
        Matcher m = SFTP_USER.matcher(username == null ? "" : username);
        if (!m.matches()) {
            throw ApiException.badRequest("The username must be <e-mail>.<server id>");
        }
        String email = m.group(1).strip().toLowerCase(Locale.ROOT);
        limiter.enforce("sftp-auth", email + "|" + nodeId, 10, 60);
        if (!"password".equals(type) && !"public_key".equals(type)) {
            throw ApiException.badRequest("type must be password or public_key");
        }
        Server server = store.onNodeByIdentifier(nodeId, m.group(2));
        // For a key login Wings sends the offered public key, in authorized_keys form, as the password.
        // The password is checked even when the server is unknown, so both take the same time.
        boolean byPassword = "password".equals(type);
        var account = byPassword ? accounts.checkPassword(email, password)
                : accounts.checkPublicKey(email, password == null ? "" : password);
        if (server == null || account.isEmpty() || server.suspended) {
            throw refused();
        }
        var who = account.get();
        if (who.suspended() || byPassword && who.twoFactorEnabled()) {
            throw refused();
        }
        List<String> held = permissions.of(new Caller(who.id(), who.email(), who.tier(), null, null,
                Set.of(), null), server);
        if (!ServerPermissions.grants(held, "file.sftp")) {
            throw refused();
        }
        return new SftpLogin(who.id(), server.uuid.toString(), held);
    }

    private static ApiException refused() {
        return ApiException.forbidden(SFTP_REFUSED);
    }

    public void resetNode(String nodeId) {
        store.resetNode(nodeId);
    }
}
