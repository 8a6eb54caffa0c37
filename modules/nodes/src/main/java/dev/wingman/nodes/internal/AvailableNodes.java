package dev.wingman.nodes.internal;

import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.nodes.api.NodePermissions;
import dev.wingman.auth.api.Tiers;
import dev.wingman.nodes.api.NodeDirectory;
import dev.wingman.nodes.api.NodeInfo;
import dev.wingman.nodes.api.NodeTypes;
import dev.wingman.organisations.api.OrganisationAccess;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.SharedCache;
import dev.wingman.platform.api.SharedCaches;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Which nodes an account may schedule on (seed 000), cached per instance for 10 s per account,
 * tier and organisation. Every node change (heard on every instance) and every health change
 * (announced to every instance) drops all cached answers at once. While the invalidation bus is
 * down the answer is computed from PostgreSQL each time.
 */
@ApplicationScoped
public class AvailableNodes implements NodeDirectory {
    static final Duration TTL = Duration.ofSeconds(10);

    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    SharedCaches caches;

    @Inject
    OrganisationAccess organisations;

    @Inject
    NodeEndpoints endpoints;

    private SharedCache<List<NodeInfo>> answers;

    @PostConstruct
    void init() {
        answers = caches.create("nodes-available", TTL, 10_000);
        endpoints.onChange(nodeId -> answers.clearHere());
    }

    @Override
    public void onChange(Consumer<String> listener) {
        endpoints.onChange(listener);
    }

    @Override
    public Optional<NodeInfo> describe(String nodeId) {
        return Optional.ofNullable(endpoints.describe(nodeId));
    }

    @Override
    public Optional<NodeInfo> find(String nodeId) {
        return Optional.ofNullable(em.find(Node.class, nodeId)).map(Node::info);
    }

    @Override
    public Optional<String> authenticateDaemon(String tokenId, String token) {
        List<Node> nodes = em.createQuery("select n from Node n where n.tokenId = :tokenId", Node.class)
                .setParameter("tokenId", tokenId).getResultList();
        if (nodes.isEmpty()) {
            return Optional.empty();
        }
        Node node = nodes.get(0);
        String stored = endpoints.of(node.id).token();
        return java.security.MessageDigest.isEqual(stored.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                token.getBytes(java.nio.charset.StandardCharsets.UTF_8)) ? Optional.of(node.id) : Optional.empty();
    }

    @Override
    public List<NodeInfo> available(Caller caller, String organisationId) {
        String key = caller.userId() + ":" + scope(caller) + ":" + (organisationId == null ? "-" : organisationId);
        return answers.get(key, k -> compute(caller, organisationId));
    }

    /** A node's health changed: every instance drops every cached answer (at once, outside a transaction). */
    public void invalidate() {
        answers.invalidateAllAfterCommit();
    }

    /** What decides the answer besides the account: administrators see every type. */
    private static String scope(Caller caller) {
        return (caller.has(NodePermissions.READ) ? "admin" : "user") + ":" + caller.tier();
    }

    private List<NodeInfo> compute(Caller caller, String organisationId) {
        Instant healthySince = Instant.now().minus(Node.HEARTBEAT_MAX_AGE);
        StringBuilder where = new StringBuilder("n.deploymentsEnabled = true and n.maintenance = false and n.lastStatus = 'ok' "
                + "and n.lastCheckAt > :healthySince");
        // An organisation's enterprise nodes take that organisation's servers and no one else's.
        String owned = organisationId == null ? "n.organisationId is null" : "(n.organisationId is null or n.organisationId = :organisation)";
        boolean admin = caller.has(NodePermissions.READ);
        if (admin) {
            where.append(" and ").append(owned);
        } else if (organisationId != null) {
            where.append(" and ((n.nodeType = :enterprise and n.organisationId = :organisation) "
                    + "or (n.nodeType in :types and n.organisationId is null))");
        } else {
            where.append(" and n.nodeType in :types and n.organisationId is null");
        }
        var query = em.createQuery("select n from Node n where " + where + " order by n.name", Node.class)
                .setParameter("healthySince", healthySince);
        if (organisationId != null) {
            query.setParameter("organisation", organisationId);
        }
        if (!admin) {
            query.setParameter("types", typesFor(caller.tier()));
            if (organisationId != null) {
                query.setParameter("enterprise", NodeTypes.ENTERPRISE);
            }
        }
        return query.getResultList().stream().map(Node::info).toList();
    }

    /**
     * Free accounts use free nodes; paid, educational and enterprise accounts use paid nodes; both
     * use free_and_paid. (Enterprise nodes come only through an organisation.)
     */
    static List<String> typesFor(String tier) {
        return Tiers.PAID.equals(tier) || Tiers.EDUCATIONAL.equals(tier) || Tiers.ENTERPRISE.equals(tier)
                ? List.of(NodeTypes.PAID, NodeTypes.FREE_AND_PAID)
                : Tiers.FREE.equals(tier) ? List.of(NodeTypes.FREE, NodeTypes.FREE_AND_PAID) : List.of();
    }
}
