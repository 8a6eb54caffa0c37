package dev.wingman.nodes.internal;

import dev.wingman.nodes.api.NodePermissions;
import dev.wingman.nodes.api.NodeTenants;
import dev.wingman.nodes.api.NodeTypes;
import dev.wingman.nodes.api.Wings;
import dev.wingman.nodes.internal.heartbeats.HeartbeatSettings;
import dev.wingman.nodes.internal.wings.WingsClient;
import dev.wingman.nodes.internal.wings.WingsHttp;
import dev.wingman.organisations.api.OrganisationAccess;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.SecretBox;
import dev.wingman.platform.api.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Registering and changing nodes. Wings is contacted before anything is stored: a node whose
 * Wings cannot be reached or refuses the token is never registered, and a token rotation is stored
 * only after Wings applied the new configuration (sent with the old token, as Wings expects).
 */
@ApplicationScoped
public class NodeService {
    static final int TOKEN_ID_LENGTH = 16;
    static final int TOKEN_LENGTH = 64;

    /** Who else has things on a node; a node is scoped to an organisation only while it holds nothing of others'. */
    @Inject
    jakarta.enterprise.inject.Instance<NodeTenants> tenants;

    @Inject
    NodeRepository nodes;

    @Inject
    WingsHttp http;

    @Inject
    WingsClient wings;

    @Inject
    SecretBox secrets;

    @Inject
    OrganisationAccess organisations;

    @Inject
    HeartbeatSettings heartbeats;

    @Inject
    @ConfigProperty(name = "wingman.public-url", defaultValue = "http://localhost:8080")
    String panelUrl;

    /** Wings credentials: the panel's token id and the token, and the header Wings sends back to the panel. */
    public record Credentials(String tokenId, String token, String authorization) {
    }

    public Node register(JsonObject body) {
        NodeSpec spec = NodeSpec.of(body);
        Node node = new Node();
        spec.create(node);
        String token = spec.token();
        if (nodes.nameTaken(node.name, null)) {
            throw ApiException.conflict("A node named '" + node.name + "' already exists");
        }
        long started = System.nanoTime();
        Wings.SystemInfo system = verify(node.backendUrl != null ? node.backendUrl : node.url, token);
        Instant now = Instant.now();
        node.uuid = UUID.randomUUID();
        node.tokenId = Secrets.random(TOKEN_ID_LENGTH);
        node.token = secrets.seal(token);
        node.wingsVersion = system.version();
        // The verification call was a successful contact: it counts as the first heartbeat.
        node.lastCheckAt = now;
        node.createdAt = now;
        node.lastStatus = "ok";
        node.lastResponseMs = (int) Duration.ofNanos(System.nanoTime() - started).toMillis();
        node.nextCheckAt = now.plus(heartbeats.interval());
        return nodes.insert(node, Map.of("name", node.name, "url", node.url, "nodeType", node.nodeType));
    }

    /** Applies the fields present; a new URL is verified first and a new token is rotated as in {@link #rotateToken}. */
    public Node update(String id, JsonObject body) {
        NodeSpec spec = NodeSpec.of(body);
        Node node = nodes.find(id);
        String oldWingsUrl = wingsUrl(node);
        spec.apply(node);
        String token = spec.token();
        if (nodes.nameTaken(node.name, node.id)) {
            throw ApiException.conflict("A node named '" + node.name + "' already exists");
        }
        if (!NodeTypes.ENTERPRISE.equals(node.nodeType) && node.organisationId != null) {
            node.organisationId = null;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        body.keySet().stream().filter(k -> !k.equals("token")).forEach(k -> details.put(k, String.valueOf(body.get(k))));
        if (token != null) {
            pushNewToken(node, token);
            details.put("tokenRotated", true);
        } else if (!wingsUrl(node).equals(oldWingsUrl)) {
            Wings.SystemInfo system = verify(wingsUrl(node), secrets.open(node.token));
            node.wingsVersion = system.version();
        }
        return nodes.update(node, NodePermissions.AUDIT_NODE_UPDATE, details);
    }

    public void delete(String id) {
        nodes.delete(id);
    }

    /** Replaces the node's token (a generated one when {@code newToken} is null) and answers the new credentials. */
    public Credentials rotateToken(String id, String newToken) {
        Node node = nodes.find(id);
        String token = newToken != null ? newToken : Secrets.random(TOKEN_LENGTH);
        pushNewToken(node, token);
        Node saved = nodes.update(node, NodePermissions.AUDIT_NODE_TOKEN_ROTATE, Map.of());
        return credentials(saved, token);
    }

    /** Sends the configuration holding the new token to Wings (with the old one), then seals it into the node. */
    private void pushNewToken(Node node, String token) {
        node.tokenId = Secrets.random(TOKEN_ID_LENGTH);
        String configuration = WingsConfiguration.json(WingsConfiguration.of(node, token, panelUrl));
        if (!wings.pushConfiguration(node.id, configuration)) {
            throw new ApiException(502, "Wings on node '" + node.name + "' did not apply the new configuration "
                    + "(ignore_panel_config_updates is set); the token was not changed");
        }
        node.token = secrets.seal(token);
    }

    public Credentials credentials(String id) {
        Node node = nodes.find(id);
        return credentials(node, secrets.open(node.token));
    }

    private static Credentials credentials(Node node, String token) {
        return new Credentials(node.tokenId, token, "Bearer " + node.tokenId + "." + token);
    }

    /** The node's Wings config.yml. */
    public String configuration(String id) {
        Node node = nodes.find(id);
        return WingsConfiguration.yaml(WingsConfiguration.of(node, secrets.open(node.token), panelUrl));
    }

    /** Scopes an enterprise node to one organisation, or to none with a null id. */
    public Node assignOrganisation(String id, String organisationId) {
        Node node = nodes.find(id);
        if (organisationId != null) {
            if (!NodeTypes.ENTERPRISE.equals(node.nodeType)) {
                throw ApiException.conflict("Only enterprise nodes can be assigned to an organisation; node '"
                        + node.name + "' is " + node.nodeType);
            }
            if (!organisations.exists(organisationId)) {
                throw ApiException.invalidField("organisationId", "no such organisation");
            }
            for (NodeTenants kind : tenants) {
                long foreign = kind.countOnNodeNotOwnedBy(id, organisationId);
                if (foreign > 0) {
                    throw ApiException.conflict("Node '" + node.name + "' holds " + foreign + " " + kind.kind()
                            + " the organisation does not own; move them first");
                }
            }
        }
        node.organisationId = organisationId;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("organisationId", organisationId);
        return nodes.update(node, NodePermissions.AUDIT_NODE_ASSIGN_ORGANISATION, details);
    }

    /** A fresh token pair for installing Wings; nothing is stored. */
    public Credentials generateToken() {
        String tokenId = Secrets.random(TOKEN_ID_LENGTH);
        String token = Secrets.random(TOKEN_LENGTH);
        return new Credentials(tokenId, token, "Bearer " + tokenId + "." + token);
    }

    private static String wingsUrl(Node node) {
        return node.backendUrl != null ? node.backendUrl : node.url;
    }

    /** {@code GET /api/system} with the given token; 502 naming the reason when Wings is unreachable or refuses. */
    private Wings.SystemInfo verify(String url, String token) {
        WingsHttp.Reply reply;
        try {
            reply = http.send(url, token, "GET", "/api/system", null, http.defaultTimeout());
        } catch (dev.wingman.platform.api.OutboundException e) {
            throw new ApiException(502, "Could not reach Wings at " + url + ": " + e.getMessage());
        }
        if (reply.status() == 401 || reply.status() == 403) {
            throw new ApiException(502, "Wings at " + url + " rejected the token (HTTP " + reply.status() + "): " + reply.error());
        }
        if (reply.status() >= 300 || !(reply.body() instanceof JsonObject system)) {
            throw new ApiException(502, "Wings at " + url + " did not answer GET /api/system as Wings does (HTTP "
                    + reply.status() + ")");
        }
        return WingsClient.systemInfo(system);
    }

}
