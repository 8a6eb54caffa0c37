package dev.wingman.nodes.internal;

import dev.wingman.nodes.api.NodeInfo;
import dev.wingman.platform.api.AfterCommit;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.InvalidationBus;
import dev.wingman.platform.api.LocalCache;
import dev.wingman.platform.api.SecretBox;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Where and how to reach each node's Wings, cached per instance with its token opened, so a Wings
 * call costs no database read. A change to a node is announced on the bus after commit
 * ({@link #changed}) and every instance drops its copy.
 */
@ApplicationScoped
public class NodeEndpoints {
    static final String TOPIC = "nodes";

    @PersistenceContext(unitName = "wingman")
    EntityManager em;

    @Inject
    SecretBox secrets;

    @Inject
    InvalidationBus bus;

    @Inject
    AfterCommit afterCommit;

    private LocalCache<String, Endpoint> cache;
    private LocalCache<String, NodeInfo> descriptions;
    private final java.util.List<Consumer<String>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A node's Wings address and plain token. */
    public record Endpoint(String nodeId, String name, String wingsUrl, String token) {
        @Override
        public String toString() {
            return "Endpoint[" + nodeId + ", " + name + ", " + wingsUrl + "]";
        }
    }

    @PostConstruct
    void init() {
        cache = new LocalCache<>(bus, Duration.ofMinutes(5), 20_000);
        descriptions = new LocalCache<>(bus, Duration.ofMinutes(5), 20_000);
        bus.subscribe(TOPIC, nodeId -> {
            cache.invalidate(nodeId);
            descriptions.invalidate(nodeId);
            listeners.forEach(l -> l.accept(nodeId));
        });
    }

    public Endpoint of(String nodeId) {
        Endpoint endpoint = cache.get(nodeId, this::load);
        if (endpoint == null) {
            throw ApiException.notFound("Node not found");
        }
        return endpoint;
    }

    private Endpoint load(String nodeId) {
        Node node = em.find(Node.class, nodeId);
        return node == null ? null : new Endpoint(node.id, node.name, node.backendUrl != null ? node.backendUrl : node.url,
                secrets.open(node.token));
    }

    /** The node's description for views, cached and dropped with its endpoint whenever the node changes. */
    NodeInfo describe(String nodeId, Function<String, NodeInfo> loader) {
        return descriptions.get(nodeId, loader);
    }

    /** Tells every instance, once the transaction commits, that the node changed or is gone. */
    public void changed(String nodeId) {
        afterCommit.run(() -> {
            cache.invalidate(nodeId);
            descriptions.invalidate(nodeId);
            listeners.forEach(l -> l.accept(nodeId));
            bus.publish(TOPIC, nodeId);
        });
    }

    /** Called with a node id whenever any instance changes that node. */
    void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }
}
