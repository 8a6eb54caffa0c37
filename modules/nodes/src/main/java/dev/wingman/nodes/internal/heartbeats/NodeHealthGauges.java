package dev.wingman.nodes.internal.heartbeats;

import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.platform.api.MeterChanges;

import dev.wingman.nodes.api.NodeHealth;
import dev.wingman.nodes.internal.Node;
import dev.wingman.nodes.internal.NodeRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code wingman_node_health{node}} on every instance: 1 healthy, 0 unhealthy, -1 pending,
 * refreshed from PostgreSQL (one small query) by the monitor's tick, so every instance reports
 * the fleet's view and not only the pings it made itself.
 */
@ApplicationScoped
public class NodeHealthGauges {
    static final String NAME = "wingman.node.health";

    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    MetricRegistry metrics;

    private final Map<String, Integer> values = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    void refresh() {
        Instant now = Instant.now();
        Set<String> seen = new HashSet<>();
        for (Object[] row : (List<Object[]>) em.createNativeQuery("select id, last_check_at, last_status from nodes")
                .getResultList()) {
            String id = (String) row[0];
            NodeHealth health = Node.health(NodeRepository.toInstant(row[1]), (String) row[2], now);
            seen.add(id);
            Integer previous = values.put(id, switch (health) {
                case HEALTHY -> 1;
                case UNHEALTHY -> 0;
                case PENDING -> -1;
            });
            if (previous == null) {
                MeterChanges.register(() -> metrics.gauge(NAME, values, v -> v.getOrDefault(id, -1), new Tag("node", id)));
            }
        }
        for (String id : Set.copyOf(values.keySet())) {
            if (!seen.contains(id)) {
                values.remove(id);
                MeterChanges.remove(() -> metrics.remove(new MetricID(NAME, new Tag("node", id))));
            }
        }
    }
}
