package dev.wingman.servers.internal.client;

import dev.wingman.nodes.api.NodeDirectory;
import dev.wingman.nodes.api.NodeInfo;
import dev.wingman.nodes.api.NodeTokens;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.Secrets;
import dev.wingman.servers.internal.Server;
import dev.wingman.servers.internal.console.ConsoleCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Map;

/**
 * Links a browser follows straight to a server's node ({@code /download/file}, {@code /upload/file},
 * {@code /download/backup}), signed as Pterodactyl signs them: HS256 with the node's token, valid
 * 15 minutes, carrying {@code server_uuid}, {@code user_uuid}, a random {@code unique_id} (Wings
 * takes each once) and the route's own claims, with the console's {@code jti} (so the same deny
 * list covers them). No call reaches the node; it checks the link when it is followed.
 */
@ApplicationScoped
public class SignedLinks {
    /** How long a signed link is valid, as Pterodactyl's. */
    static final Duration LIFETIME = Duration.ofMinutes(15);

    @Inject
    NodeDirectory nodes;

    @Inject
    NodeTokens tokens;

    @Inject
    @ConfigProperty(name = "wingman.public-url", defaultValue = "http://localhost:8080")
    String panelUrl;

    /** The node's {@code route} with {@code ?token=}; 503 when the server's node is not available. */
    public String url(Caller caller, Server server, String route, Map<String, String> claims) {
        NodeInfo node = nodes.find(server.nodeId)
                .orElseThrow(() -> new ApiException(503, "The server's node is not available"));
        String jti = ConsoleCredentials.jti(caller.userId(), server.uuid.toString());
        var builder = ConsoleCredentials.nodeClaims(panelUrl, node, jti, LIFETIME)
                .add("server_uuid", server.uuid.toString())
                .add("user_uuid", caller.userId())
                .add("unique_id", Secrets.random(16));
        claims.forEach(builder::add);
        String base = node.url().endsWith("/") ? node.url().substring(0, node.url().length() - 1) : node.url();
        return base + route + "?token=" + tokens.sign(node.id(), builder.build(), jti);
    }
}
