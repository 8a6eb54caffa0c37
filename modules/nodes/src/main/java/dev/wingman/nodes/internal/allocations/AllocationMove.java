package dev.wingman.nodes.internal.allocations;

import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.nodes.api.NodePermissions;
import dev.wingman.nodes.api.Wings;
import dev.wingman.nodes.api.WingsException;
import dev.wingman.nodes.internal.Node;
import dev.wingman.nodes.internal.NodeEndpoints;
import dev.wingman.nodes.internal.NodeSpec;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.AuditTrail;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Moves every allocation on one IP of a node to another IP (a re-addressed host), then asks Wings
 * to re-read each affected server's configuration. The move is one transaction and is refused
 * whole if any port is already taken on the new IP; the Wings pushes run after it, in parallel,
 * and their failures are reported per server rather than undoing the move.
 */
@ApplicationScoped
public class AllocationMove {

    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    Wings wings;

    @Inject
    AuditTrail audit;

    @Inject
    AllocationMove self;

    @Inject
    NodeEndpoints endpoints;

    public record Failure(String serverUuid, String error) {
    }

    public record Result(String oldIp, String newIp, int movedAllocations, int totalServers, int updatedCount,
                         int failedCount, List<String> updatedServers, List<Failure> failures) {
    }

    public Result move(String nodeId, String oldIp, String newIp) {
        for (Map.Entry<String, String> field : Map.of("oldIp", oldIp == null ? "" : oldIp, "newIp", newIp == null ? "" : newIp)
                .entrySet()) {
            if (!NodeSpec.IPV4.matcher(field.getValue()).matches()) {
                throw ApiException.invalidField(field.getKey(), "must be an IPv4 address such as 203.0.113.10");
            }
        }
        if (oldIp.equals(newIp)) {
            throw ApiException.invalidField("newIp", "must differ from oldIp");
        }
        Moved moved = self.moveRows(nodeId, oldIp, newIp);
        List<String> updated = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        try (ExecutorService pushes = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, Future<?>> calls = new LinkedHashMap<>();
            for (String server : moved.servers()) {
                calls.put(server, pushes.submit(() -> wings.sync(nodeId, server)));
            }
            calls.forEach((server, call) -> {
                try {
                    call.get();
                    updated.add(server);
                } catch (java.util.concurrent.ExecutionException e) {
                    String error = e.getCause() instanceof WingsException w ? w.detail() : String.valueOf(e.getCause());
                    failures.add(new Failure(server, error));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failures.add(new Failure(server, "interrupted"));
                }
            });
        }
        return new Result(oldIp, newIp, moved.allocations(), moved.servers().size(), updated.size(), failures.size(),
                updated, failures);
    }

    public record Moved(int allocations, List<String> servers) {
    }

    @Transactional
    @SuppressWarnings("unchecked")
    public Moved moveRows(String nodeId, String oldIp, String newIp) {
        Node node = Node.require(em, nodeId);
        List<Number> clashes = em.createNativeQuery("""
                        select a.port from node_allocations a join node_allocations b
                          on b.node_id = a.node_id and b.ip = ? and b.port = a.port
                        where a.node_id = ? and a.ip = ? order by a.port limit 10""")
                .setParameter(1, newIp).setParameter(2, nodeId).setParameter(3, oldIp).getResultList();
        if (!clashes.isEmpty()) {
            throw ApiException.conflict("Port(s) " + clashes + " are already allocated on " + newIp + "; nothing was moved");
        }
        List<Object> servers = em.createNativeQuery(
                        "select distinct server_uuid from node_allocations where node_id = ? and ip = ? and server_uuid is not null")
                .setParameter(1, nodeId).setParameter(2, oldIp).getResultList();
        int count = em.createNativeQuery("update node_allocations set ip = ? where node_id = ? and ip = ?")
                .setParameter(1, newIp).setParameter(2, nodeId).setParameter(3, oldIp).executeUpdate();
        if (count == 0 && !node.ipv4List().contains(oldIp)) {
            throw ApiException.invalidField("oldIp", "no allocation on node '" + node.name + "' uses " + oldIp);
        }
        LinkedHashSet<String> addresses = new LinkedHashSet<>();
        node.ipv4List().forEach(ip -> addresses.add(ip.equals(oldIp) ? newIp : ip));
        em.createNativeQuery("update nodes set ipv4_addresses = ?, updated_at = now() where id = ?")
                .setParameter(1, addresses.toArray(String[]::new)).setParameter(2, nodeId).executeUpdate();
        endpoints.changed(nodeId);
        audit.record(NodePermissions.AUDIT_NODE_ALLOCATIONS_MOVE, "node", nodeId, Map.of("oldIp", oldIp, "newIp", newIp, "allocations", count));
        return new Moved(count, servers.stream().map(String::valueOf).toList());
    }
}
