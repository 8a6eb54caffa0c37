package dev.wingman.nodes.internal;

import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.nodes.api.NodeInfo;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.SecretBox;
import dev.wingman.platform.api.SharedCache;
import dev.wingman.platform.api.SharedCaches;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Where and how to reach each node's Wings, cached per instance with its token opened, so a Wings
 * call costs no database read, together with the node's description for views. A change to a node
 * is announced after commit ({@link #changed}) and every instance drops its copy.
 */
@ApplicationScoped
public class NodeEndpoints {
    static final String TOPIC = "nodes";

    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    SecretBox secrets;

    @Inject
    SharedCaches caches;

    private SharedCache<Known> cache;

    /** A node's Wings address and plain token. */
    public record Endpoint(String nodeId, String name, String wingsUrl, String token) {
        @Override
        public String toString() {
            return "Endpoint[" + nodeId + ", " + name + ", " + wingsUrl + "]";
        }
    }

    /** What is cached of a node: both are read from one row and dropped together. */
    private record Known(Endpoint endpoint, NodeInfo info) {
    }

    @PostConstruct
    void init() {
        cache = caches.create(TOPIC, Duration.ofMinutes(5), 20_000);
    }

    public Endpoint of(String nodeId) {
        Known known = cache.get(nodeId, this::load);
        if (known == null) {
            throw ApiException.notFound("Node not found");
        }
        return known.endpoint();
    }

    private Known load(String nodeId) {
        Node node = em.find(Node.class, nodeId);
        return node == null ? null : new Known(new Endpoint(node.id, node.name,
                node.backendUrl != null ? node.backendUrl : node.url, secrets.open(node.token)), node.info());
    }

    /** The node's description for views (null if there is no such node), dropped with its endpoint whenever the node changes. */
    NodeInfo describe(String nodeId) {
        Known known = cache.get(nodeId, this::load);
        return known == null ? null : known.info();
    }

    /** Tells every instance, once the transaction commits, that the node changed or is gone. */
    public void changed(String nodeId) {
        cache.invalidateAfterCommit(nodeId);
    }

    /** Called with a node id whenever any instance changes that node. */
    public void onChange(Consumer<String> listener) {
        cache.onInvalidated(listener);
    }
}
