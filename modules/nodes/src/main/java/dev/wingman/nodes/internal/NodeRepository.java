package dev.wingman.nodes.internal;

import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.nodes.api.NodePermissions;
import dev.wingman.nodes.api.NodeHealth;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.AuditTrail;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Node rows: each method is one transaction, so callers can talk to Wings before or after, never during. */
@ApplicationScoped
public class NodeRepository {
    public static final Set<String> SORTABLE = Set.of("name", "createdAt", "nodeType");

    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    AuditTrail audit;

    @Inject
    NodeEndpoints endpoints;

    public Node find(String id) {
        return Node.require(em, id);
    }

    public Page<Node> list(PageRequest page) {
        List<Node> nodes = em.createQuery("select n from Node n order by n." + page.sortField()
                        + (page.descending() ? " desc" : " asc") + ", n.id", Node.class)
                .setFirstResult(page.offset()).setMaxResults(page.perPage()).getResultList();
        long total = em.createQuery("select count(n) from Node n", Long.class).getSingleResult();
        return Page.of(nodes, page, total);
    }

    public List<Node> assignedTo(List<String> organisationIds) {
        if (organisationIds.isEmpty()) {
            return List.of();
        }
        return em.createQuery("select n from Node n where n.organisationId in :orgs order by n.name", Node.class)
                .setParameter("orgs", organisationIds).getResultList();
    }

    boolean nameTaken(String name, String exceptId) {
        return !em.createQuery("select n.id from Node n where lower(n.name) = lower(:name) and n.id <> :id", String.class)
                .setParameter("name", name).setParameter("id", exceptId == null ? "" : exceptId)
                .setMaxResults(1).getResultList().isEmpty();
    }

    @Transactional
    public Node insert(Node node, Map<String, Object> details) {
        if (nameTaken(node.name, null)) {
            throw ApiException.conflict("A node named '" + node.name + "' already exists");
        }
        em.persist(node);
        em.flush();
        audit.record(NodePermissions.AUDIT_NODE_CREATE, "node", node.id, details);
        endpoints.changed(node.id);
        return node;
    }

    /** Writes an edited copy of the node over the stored one. */
    @Transactional
    public Node update(Node edited, String action, Map<String, Object> details) {
        if (nameTaken(edited.name, edited.id)) {
            throw ApiException.conflict("A node named '" + edited.name + "' already exists");
        }
        Node merged = em.merge(edited);
        em.flush();
        audit.record(action, "node", edited.id, details);
        endpoints.changed(edited.id);
        return merged;
    }

    @Transactional
    public void delete(String id) {
        Node node = find(id);
        long hosted = ((Number) em.createNativeQuery(
                        "select count(distinct server_uuid) from node_allocations where node_id = ? and server_uuid is not null")
                .setParameter(1, id).getSingleResult()).longValue();
        if (hosted > 0) {
            throw ApiException.conflict("Node '" + node.name + "' still hosts " + hosted + " server(s); move or delete them first");
        }
        em.createQuery("delete from Node n where n.id = :id").setParameter("id", id).executeUpdate();
        audit.record(NodePermissions.AUDIT_NODE_DELETE, "node", id, Map.of("name", node.name));
        endpoints.changed(id);
    }

    /**
     * Records one heartbeat, both in the history and as the node's latest, and answers the node's
     * health before and after (null when the node was deleted meanwhile).
     */
    @Transactional
    public NodeHealth[] recordHeartbeat(String nodeId, Instant at, String status, int responseMs, String error) {
        @SuppressWarnings("unchecked")
        List<Object[]> previous = em.createNativeQuery(
                        "select last_check_at, last_status from nodes where id = ? for update")
                .setParameter(1, nodeId).getResultList();
        if (previous.isEmpty()) {
            return null;
        }
        Instant lastAt = toInstant(previous.get(0)[0]);
        String lastStatus = (String) previous.get(0)[1];
        em.createNativeQuery("insert into node_heartbeats (node_id, checked_at, status, response_ms, error) values (?, ?, ?, ?, ?)")
                .setParameter(1, nodeId).setParameter(2, Timestamp.from(at)).setParameter(3, status)
                .setParameter(4, responseMs).setParameter(5, error).executeUpdate();
        em.createNativeQuery("update nodes set last_check_at = ?, last_status = ?, last_response_ms = ?, last_error = ? where id = ?")
                .setParameter(1, Timestamp.from(at)).setParameter(2, status).setParameter(3, responseMs)
                .setParameter(4, error).setParameter(5, nodeId).executeUpdate();
        return new NodeHealth[] {Node.health(lastAt, lastStatus, at), Node.health(at, status, at)};
    }

    public static Instant toInstant(Object value) {
        return switch (value) {
            case null -> null;
            case Instant instant -> instant;
            case Timestamp timestamp -> timestamp.toInstant();
            case java.time.OffsetDateTime offset -> offset.toInstant();
            default -> throw new IllegalStateException("Unexpected time type " + value.getClass());
        };
    }
}
