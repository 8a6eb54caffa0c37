package dev.wingman.nodes.internal.allocations;

import jakarta.inject.Inject;
import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.nodes.api.Allocation;
import dev.wingman.nodes.api.Allocations;
import dev.wingman.nodes.internal.Node;
import dev.wingman.nodes.internal.NodeSpec;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.Ids;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Port reservations. The lowest free port is chosen and inserted in one statement with
 * {@code ON CONFLICT DO NOTHING}; when a concurrent transaction took the same port first, the
 * statement inserts nothing and is simply repeated, so every caller gets a port of its own
 * without any lock held across the request. A server given a port without naming one takes an
 * administrator's unassigned reservation in the range first ({@link #assign}).
 */
@ApplicationScoped
public class AllocationService implements Allocations {
    private static final int ATTEMPTS = 200;

    @Inject
    @PanelPersistence
    EntityManager em;

    /** One row of an allocation listing: a used allocation, or a free port (id null). */
    public record Slot(String id, String ip, int port, boolean used, String serverUuid, String notes) {
    }

    @Override
    @Transactional
    public Allocation allocate(String nodeId, String ip, Integer port, String serverUuid, String notes) {
        Node node = Node.require(em, nodeId);
        String address = ip == null ? firstIpv4(node) : checkIp(node, ip);
        UUID server = serverUuid == null ? null : UUID.fromString(serverUuid);
        if (port != null) {
            if (port < 1 || port > 65535) {
                throw ApiException.invalidField("port", "must be from 1 to 65535");
            }
            if (insert(node.id, address, port, server, notes) == null) {
                throw ApiException.conflict("Port " + port + " on " + address + " is already allocated");
            }
            return find(node.id, address, port).view();
        }
        if (node.portRangeStart == null) {
            throw ApiException.conflict("Node '" + node.name + "' has no port range to allocate from");
        }
        if (server != null) {
            String claimed = claimReservation(node, address, server);
            if (claimed != null) {
                NodeAllocation allocation = em.find(NodeAllocation.class, claimed);
                em.refresh(allocation);
                if (notes != null) {
                    allocation.notes = notes;
                }
                return allocation.view();
            }
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Integer lowestFree = lowestFree(node, address);
            if (lowestFree == null) {
                throw ApiException.conflict("No free port left on " + address + " of node '" + node.name + "'");
            }
            if (insert(node.id, address, lowestFree, server, notes) != null) {
                return find(node.id, address, lowestFree).view();
            }
        }
        throw new ApiException(503, "Could not reserve a port on node '" + node.name + "' under heavy contention; try again");
    }

    @Override
    public Allocation assign(String nodeId, String ip, String serverUuid) {
        return allocate(nodeId, ip, null, serverUuid, null);
    }

    /**
     * Gives the server the lowest port of the node's range on {@code ip} that an administrator
     * reserved and no server holds, answering its id, or null when there is none. SKIP LOCKED: a
     * concurrent claim takes another one (or none) instead of waiting for this one.
     */
    private String claimReservation(Node node, String ip, UUID server) {
        @SuppressWarnings("unchecked")
        List<String> claimed = em.createNativeQuery("""
                        update node_allocations set server_uuid = ? where id = (
                          select id from node_allocations where node_id = ? and ip = ? and server_uuid is null
                            and port between ? and ? order by port limit 1 for update skip locked)
                        returning id""")
                .setParameter(1, server).setParameter(2, node.id).setParameter(3, ip)
                .setParameter(4, node.portRangeStart).setParameter(5, node.portRangeEnd).getResultList();
        return claimed.isEmpty() ? null : claimed.get(0);
    }

    @Override
    @Transactional
    public java.util.Optional<Allocation> annotate(String allocationId, String serverUuid, String notes) {
        int changed = em.createQuery("update NodeAllocation a set a.notes = :notes where a.id = :id and a.serverUuid = :server")
                .setParameter("notes", notes).setParameter("id", allocationId).setParameter("server", UUID.fromString(serverUuid))
                .executeUpdate();
        if (changed == 0) {
            return java.util.Optional.empty();
        }
        NodeAllocation allocation = em.find(NodeAllocation.class, allocationId);
        em.refresh(allocation);
        return java.util.Optional.of(allocation.view());
    }

    @Override
    @Transactional
    public boolean releaseFromServer(String allocationId, String serverUuid) {
        return giveUp("a.id = :id and a.serverUuid = :server", Map.of("id", allocationId, "server", UUID.fromString(serverUuid))) > 0;
    }

    /**
     * Takes the matching allocations from their server, as Pterodactyl unassigns them: one an
     * administrator reserved stays on the node with no server and no notes (the reservation, and
     * its port outside the range if it is one, is not lost); one the panel created for the server
     * is deleted, so the port is simply free again. Answers how many were given up.
     */
    private int giveUp(String matching, Map<String, Object> parameters) {
        var unassign = em.createQuery("update NodeAllocation a set a.serverUuid = null, a.notes = null where a.reserved = true and "
                + matching);
        var delete = em.createQuery("delete from NodeAllocation a where a.reserved = false and " + matching);
        parameters.forEach((name, value) -> {
            unassign.setParameter(name, value);
            delete.setParameter(name, value);
        });
        return unassign.executeUpdate() + delete.executeUpdate();
    }

    private Integer lowestFree(Node node, String ip) {
        @SuppressWarnings("unchecked")
        List<Number> free = em.createNativeQuery("""
                        select p from generate_series(?, ?) p
                        where not exists (select 1 from node_allocations a where a.node_id = ? and a.ip = ? and a.port = p)
                        order by p limit 1""")
                .setParameter(1, node.portRangeStart).setParameter(2, node.portRangeEnd)
                .setParameter(3, node.id).setParameter(4, ip).getResultList();
        return free.isEmpty() ? null : free.get(0).intValue();
    }

    /** Inserts the row unless the port is taken; answers its id, or null when it was taken. */
    private String insert(String nodeId, String ip, int port, UUID serverUuid, String notes) {
        String id = Ids.newId();
        @SuppressWarnings("unchecked")
        List<String> inserted = em.createNativeQuery("""
                        insert into node_allocations (id, node_id, ip, port, server_uuid, notes, created_at, reserved)
                        values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing returning id""")
                .setParameter(1, id).setParameter(2, nodeId).setParameter(3, ip).setParameter(4, port)
                .setParameter(5, serverUuid).setParameter(6, notes).setParameter(7, Timestamp.from(Instant.now()))
                .setParameter(8, serverUuid == null) // only the node allocation API reserves a port for no server
                .getResultList();
        return inserted.isEmpty() ? null : inserted.get(0);
    }

    private NodeAllocation find(String nodeId, String ip, int port) {
        return em.createQuery("select a from NodeAllocation a where a.nodeId = :node and a.ip = :ip and a.port = :port",
                        NodeAllocation.class)
                .setParameter("node", nodeId).setParameter("ip", ip).setParameter("port", port).getSingleResult();
    }

    private static String firstIpv4(Node node) {
        return node.ipv4List().get(0);
    }

    private static String checkIp(Node node, String ip) {
        if (node.ipv4List().contains(ip)) {
            return ip;
        }
        if (node.ipv6Subnet != null && NodeSpec.inSubnet(ip, node.ipv6Subnet)) {
            return NodeSpec.compress(ip.toLowerCase(java.util.Locale.ROOT));
        }
        throw ApiException.invalidField("ip", "must be one of the node's IPv4 addresses"
                + (node.ipv6Subnet == null ? "" : " or an address in " + node.ipv6Subnet));
    }

    @Override
    public List<Allocation> ofServer(String serverUuid) {
        return em.createQuery("select a from NodeAllocation a where a.serverUuid = :server order by a.createdAt, a.port",
                        NodeAllocation.class)
                .setParameter("server", UUID.fromString(serverUuid)).getResultList().stream().map(NodeAllocation::view).toList();
    }

    @Override
    public java.util.Map<String, List<Allocation>> ofServers(java.util.Collection<String> serverUuids) {
        if (serverUuids.isEmpty()) {
            return java.util.Map.of();
        }
        List<UUID> ids = serverUuids.stream().map(UUID::fromString).toList();
        java.util.Map<String, List<Allocation>> byServer = new java.util.LinkedHashMap<>();
        em.createQuery("select a from NodeAllocation a where a.serverUuid in :servers order by a.createdAt, a.port",
                        NodeAllocation.class)
                .setParameter("servers", ids).getResultList()
                .forEach(a -> byServer.computeIfAbsent(a.serverUuid.toString(), k -> new ArrayList<>()).add(a.view()));
        return byServer;
    }

    @Override
    @Transactional
    public int releaseServer(String serverUuid) {
        return giveUp("a.serverUuid = :server", Map.of("server", UUID.fromString(serverUuid)));
    }

    @Override
    @Transactional
    public int releaseServerOnNode(String serverUuid, String nodeId) {
        return giveUp("a.serverUuid = :server and a.nodeId = :node", Map.of("server", UUID.fromString(serverUuid), "node", nodeId));
    }

    /** Frees one allocation that no server uses. */
    @Transactional
    public void release(String nodeId, String allocationId) {
        NodeAllocation allocation = em.find(NodeAllocation.class, allocationId);
        if (allocation == null || !allocation.nodeId.equals(nodeId)) {
            throw ApiException.notFound("Allocation not found");
        }
        if (allocation.serverUuid != null) {
            throw ApiException.conflict("Allocation " + allocation.ip + ":" + allocation.port + " is used by server "
                    + allocation.serverUuid);
        }
        em.createQuery("delete from NodeAllocation a where a.id = :id").setParameter("id", allocationId).executeUpdate();
    }

    /**
     * The node's ports, paged: {@code used} rows, {@code free} ports of its range on its IPv4
     * addresses, or {@code all} of both in (ip, port) order.
     */
    @SuppressWarnings("unchecked")
    public Page<Slot> list(String nodeId, String filter, PageRequest page) {
        Node node = Node.require(em, nodeId);
        String ips = String.join(",", node.ipv4List());
        int start = node.portRangeStart == null ? 1 : node.portRangeStart;
        int end = node.portRangeStart == null ? 0 : node.portRangeEnd;
        String range = "select ip, p as port from unnest(string_to_array(:ips, ',')) ip cross join generate_series(:start, :end) p";
        String used = "select id, ip, port, server_uuid, notes from node_allocations where node_id = :node";
        String free = "select cast(null as text) as id, r.ip, r.port, cast(null as uuid) as server_uuid, cast(null as text) as notes "
                + "from (" + range + ") r "
                + "where not exists (select 1 from node_allocations a where a.node_id = :node and a.ip = r.ip and a.port = r.port)";
        String source = switch (filter == null ? "all" : filter) {
            case "used" -> used;
            case "free" -> free;
            case "all" -> used + " union all " + free;
            default -> throw ApiException.invalidField("status", "must be free, used or all");
        };
        var rows = em.createNativeQuery("select * from (" + source + ") s order by s.ip, s.port limit :limit offset :offset");
        var count = em.createNativeQuery("select count(*) from (" + source + ") s");
        for (var query : List.of(rows, count)) {
            query.setParameter("node", nodeId);
            if (!"used".equals(filter)) {
                query.setParameter("ips", ips).setParameter("start", start).setParameter("end", end);
            }
        }
        rows.setParameter("limit", page.perPage()).setParameter("offset", page.offset());
        List<Slot> slots = new ArrayList<>();
        for (Object[] row : (List<Object[]>) rows.getResultList()) {
            slots.add(new Slot((String) row[0], (String) row[1], ((Number) row[2]).intValue(), row[0] != null,
                    row[3] == null ? null : row[3].toString(), (String) row[4]));
        }
        return Page.of(slots, page, ((Number) count.getSingleResult()).longValue());
    }
}
