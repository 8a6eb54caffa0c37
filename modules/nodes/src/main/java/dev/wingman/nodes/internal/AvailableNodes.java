package dev.wingman.nodes.internal;

import dev.wingman.nodes.api.NodePermissions;
import dev.wingman.auth.api.Tiers;
import dev.wingman.nodes.api.NodeDirectory;
import dev.wingman.nodes.api.NodeInfo;
import dev.wingman.nodes.api.NodeTypes;
import dev.wingman.organisations.api.OrganisationAccess;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.RedisAccess;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Which nodes an account may schedule on (seed 000), cached in Redis for 10 s per account and
 * tier. Every node change or health change bumps a generation number that is part of the cache
 * key, so all cached answers become unreachable at once, on every instance. Without Redis the
 * answer is computed from PostgreSQL each time.
 */
@ApplicationScoped
public class AvailableNodes implements NodeDirectory {
    private static final Logger LOG = Logger.getLogger(AvailableNodes.class.getName());
    static final long TTL_SECONDS = 10;
    private static final Type LIST_OF_NODES = new ArrayList<NodeInfo>() {
    }.getClass().getGenericSuperclass();

    @PersistenceContext(unitName = "wingman")
    EntityManager em;

    @Inject
    RedisAccess redis;

    @Inject
    OrganisationAccess organisations;

    @Inject
    NodeEndpoints endpoints;

    private final Jsonb json = JsonbBuilder.create();

    @PostConstruct
    void init() {
        endpoints.onChange(nodeId -> invalidate());
    }

    @Override
    public void onChange(Consumer<String> listener) {
        endpoints.onChange(listener);
    }

    @Override
    public Optional<NodeInfo> describe(String nodeId) {
        return Optional.ofNullable(endpoints.describe(nodeId, id -> find(id).orElse(null)));
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
        Optional<RedisCommands<String, String>> commands = redis.commands();
        if (commands.isEmpty()) {
            return compute(caller, organisationId);
        }
        try {
            RedisCommands<String, String> redisCommands = commands.get();
            String generation = Optional.ofNullable(redisCommands.get(redis.key("nodes:available:generation"))).orElse("0");
            String key = redis.key("nodes:available:" + generation + ":" + caller.userId() + ":" + scope(caller) + ":"
                    + (organisationId == null ? "-" : organisationId));
            String cached = redisCommands.get(key);
            if (cached != null) {
                return json.fromJson(cached, LIST_OF_NODES);
            }
            List<NodeInfo> nodes = compute(caller, organisationId);
            redisCommands.setex(key, TTL_SECONDS, json.toJson(nodes));
            return nodes;
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Available-nodes cache unavailable: " + e.getMessage());
            return compute(caller, organisationId);
        }
    }

    /** Makes every cached answer stale at once, on every instance. */
    void invalidate() {
        redis.commands().ifPresent(c -> {
            try {
                c.incr(redis.key("nodes:available:generation"));
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Could not invalidate the available-nodes cache: " + e.getMessage());
            }
        });
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
