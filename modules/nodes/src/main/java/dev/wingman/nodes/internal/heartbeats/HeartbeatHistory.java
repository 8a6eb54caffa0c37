package dev.wingman.nodes.internal.heartbeats;

import jakarta.inject.Inject;
import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.nodes.internal.NodeRepository;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** Recorded heartbeats, newest first, for one node or all, within a time range. */
@ApplicationScoped
public class HeartbeatHistory {
    @Inject
    @PanelPersistence
    EntityManager em;

    public record Heartbeat(String nodeId, Instant checkedAt, String status, int responseMs, String error) {
    }

    /** Uptime over the returned range: the share of ok heartbeats and their mean response time. */
    public record Summary(long checks, long ok, Double uptimePercent, Double averageResponseMs) {
    }

    @SuppressWarnings("unchecked")
    public Page<Heartbeat> search(String nodeId, Instant from, Instant to, PageRequest page) {
        String where = " where checked_at >= :from and checked_at <= :to" + (nodeId == null ? "" : " and node_id = :node");
        Query rows = em.createNativeQuery("select node_id, checked_at, status, response_ms, error from node_heartbeats"
                + where + " order by checked_at " + (page.descending() ? "desc" : "asc") + ", id limit :limit offset :offset");
        Query count = em.createNativeQuery("select count(*) from node_heartbeats" + where);
        for (Query query : List.of(rows, count)) {
            bind(query, nodeId, from, to);
        }
        rows.setParameter("limit", page.perPage()).setParameter("offset", page.offset());
        List<Heartbeat> beats = ((List<Object[]>) rows.getResultList()).stream()
                .map(r -> new Heartbeat((String) r[0], NodeRepository.toInstant(r[1]), (String) r[2], ((Number) r[3]).intValue(),
                        (String) r[4]))
                .toList();
        return Page.of(beats, page, ((Number) count.getSingleResult()).longValue());
    }

    public Summary summary(String nodeId, Instant from, Instant to) {
        Query query = em.createNativeQuery("select count(*), count(*) filter (where status = 'ok'), "
                + "avg(response_ms) filter (where status = 'ok') from node_heartbeats "
                + "where node_id = :node and checked_at >= :from and checked_at <= :to");
        bind(query, nodeId, from, to);
        Object[] row = (Object[]) query.getSingleResult();
        long checks = ((Number) row[0]).longValue();
        long ok = ((Number) row[1]).longValue();
        return new Summary(checks, ok, checks == 0 ? null : Math.round(ok * 10000.0 / checks) / 100.0,
                row[2] == null ? null : Math.round(((Number) row[2]).doubleValue() * 10) / 10.0);
    }

    private static void bind(Query query, String nodeId, Instant from, Instant to) {
        query.setParameter("from", Timestamp.from(from)).setParameter("to", Timestamp.from(to));
        if (nodeId != null) {
            query.setParameter("node", nodeId);
        }
    }
}
