package dev.wingman.servers.internal.console;

import static dev.wingman.platform.api.JsonSupport.JSON;

import dev.wingman.nodes.api.NodeDirectory;
import dev.wingman.nodes.api.NodeInfo;
import dev.wingman.nodes.api.NodeTokens;
import dev.wingman.nodes.api.Wings;
import dev.wingman.nodes.api.WingsException;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.Secrets;
import dev.wingman.servers.internal.Server;
import dev.wingman.servers.internal.ServerPermissions;
import dev.wingman.servers.internal.ServerStatus;
import dev.wingman.servers.internal.client.ClientServers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * Console credentials (seeds 003 and 004): a JWT for Wings' console socket, signed with the
 * node's token and carrying the caller's real permission keys on the server, and the socket's
 * address. The JWT's id is md5(user id + server uuid), as Pterodactyl's, so revoking a user's
 * access can deny their tokens at Wings ({@code ws/deny}).
 */
@ApplicationScoped
public class ConsoleCredentials {
    @Inject
    NodeDirectory nodes;

    @Inject
    NodeTokens tokens;

    @Inject
    Wings wings;

    @Inject
    ConsoleGrants grants;

    @Inject
    @ConfigProperty(name = "wingman.console.token-lifetime", defaultValue = "PT15M")
    Duration lifetime;

    /** How long console JWTs are valid. */
    public Duration lifetime() {
        return lifetime;
    }

    @Inject
    @ConfigProperty(name = "wingman.public-url", defaultValue = "http://localhost:8080")
    String panelUrl;

    /** Either {@code token} and {@code socket}, or the unavailable form with diagnostics. */
    public JsonObject issue(Caller caller, ClientServers.Access access, String reference) {
        if (!ServerPermissions.grants(access.permissions(), "websocket.connect")) {
            throw ApiException.forbidden("You do not have permission to connect to this server's websocket.");
        }
        Server server = access.server();
        NodeInfo node = nodes.find(server.nodeId)
                .orElseThrow(() -> new ApiException(500, "Node not available: " + server.nodeId + " no longer exists"));
        try {
            wings.server(node.id(), server.uuid.toString());
        } catch (WingsException e) {
            if (e.failure() == WingsException.Failure.REJECTED && e.wingsStatus() == 404) {
                return JSON.createObjectBuilder().add("unavailable", true)
                        .add("message", "Server is not available on the assigned Wings node")
                        .add("diagnostics", JSON.createObjectBuilder()
                                .add("error", e.wingsStatus() + ": the node does not know this server")
                                .add("serverUuid", server.uuid.toString())
                                .add("serverIdentifier", reference)
                                .add("nodeId", node.id())
                                .add("serverStatus", server.status() == ServerStatus.INSTALLED ? "installed" : server.status().stored()))
                        .build();
            }
            throw e.relay(502, "Failed to prepare websocket session: " + e.getMessage());
        }
        String token = token(caller, server, node, access.permissions());
        String socket = node.url().replaceFirst("^http", "ws") + "/api/servers/" + server.uuid + "/ws";
        JsonObject credentials = JSON.createObjectBuilder().add("token", token).add("socket", socket).build();
        return JSON.createObjectBuilder(credentials).add("data", credentials).build();
    }

    /** A console JWT for this user and server (also used by the console proxy to refresh). */
    public String token(Caller caller, Server server, NodeInfo node, List<String> permissions) {
        String jti = jti(caller.userId(), server.uuid.toString());
        JsonArrayBuilder granted = JSON.createArrayBuilder();
        permissions.forEach(granted::add);
        // Noted before the token exists (a grant without a token is harmless): a revocation reading
        // the grants after this point sees it. One that commits while this request runs, before this
        // line, can still miss it; the token then lives out its lifetime. A second of margin covers
        // the token's own expiry, computed just after.
        grants.issued(caller.userId(), server.id, Instant.now().plus(lifetime).plusSeconds(1));
        JsonObject claims = nodeClaims(panelUrl, node, jti, lifetime)
                .add("server_uuid", server.uuid.toString())
                .add("user_uuid", caller.userId())
                .add("permissions", granted)
                .add("unique_id", Secrets.random(16))
                .build();
        return tokens.sign(node.id(), claims, jti);
    }

    /**
     * The claims every JWT for a node's Wings carries, as Pterodactyl mints them: issuer, the node as
     * the (array) audience, the id, and integer-second iat, nbf (five minutes back) and exp.
     */
    public static JsonObjectBuilder nodeClaims(String issuer, NodeInfo node, String jti, Duration lifetime) {
        long now = System.currentTimeMillis() / 1000;
        return JSON.createObjectBuilder()
                .add("iss", issuer)
                .add("aud", JSON.createArrayBuilder().add(node.url()))
                .add("jti", jti)
                .add("iat", now)
                .add("nbf", now - 300)
                .add("exp", now + lifetime.toSeconds());
    }

    /** md5(user id + server uuid) in hex: the id Wings' deny list is keyed by. */
    public static String jti(String userId, String serverUuid) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest((userId + serverUuid).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
