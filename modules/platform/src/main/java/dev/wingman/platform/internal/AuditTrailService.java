package dev.wingman.platform.internal;

import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.platform.api.AuditTrail;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.CurrentRequest;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@ApplicationScoped
public class AuditTrailService implements AuditTrail {
    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    CurrentRequest request;

    @Override
    @Transactional(Transactional.TxType.REQUIRED)
    public void record(String action, String targetType, String targetId, Map<String, Object> details) {
        record(Scope.PANEL, action, targetType, targetId, details);
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRED)
    public void record(Scope scope, String action, String targetType, String targetId, Map<String, Object> details) {
        Caller caller = request.caller().orElse(null);
        write(scope, caller == null ? null : caller.userId(), caller == null ? null : caller.email(), request.clientIp(),
                request.requestId(), Instant.now(), action, targetType, targetId, details);
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRED)
    public void recordReported(Scope scope, String actorId, String ip, Instant at, String action, String targetType,
                               String targetId, Map<String, Object> details) {
        write(scope, actorId, null, ip, request.requestId(), at, action, targetType, targetId, details);
    }

    private void write(Scope scope, String actorId, String actorEmail, String ip, String requestId, Instant at, String action,
                       String targetType, String targetId, Map<String, Object> details) {
        AuditLogEntry entry = new AuditLogEntry();
        entry.scopeType = scope.type();
        entry.scopeId = scope.id();
        entry.actorId = actorId;
        entry.actorEmail = actorEmail;
        entry.action = action;
        entry.targetType = targetType;
        entry.targetId = targetId;
        entry.details = details == null ? Map.of() : details;
        entry.ip = ip;
        entry.requestId = requestId;
        entry.createdAt = at;
        em.persist(entry);
    }

    @Override
    public Page<Entry> search(Scope scope, Filter filter, PageRequest page) {
        StringBuilder where = new StringBuilder(scope.type() == null ? " where a.scopeType is null"
                : " where a.scopeType = :scopeType and a.scopeId = :scopeId");
        Map<String, Object> params = new LinkedHashMap<>();
        if (scope.type() != null) {
            params.put("scopeType", scope.type());
            params.put("scopeId", scope.id());
        }
        condition(where, params, "actorId", "a.actorId = :actorId", filter.actorId());
        condition(where, params, "action", "a.action = :action", filter.action());
        condition(where, params, "targetType", "a.targetType = :targetType", filter.targetType());
        condition(where, params, "targetId", "a.targetId = :targetId", filter.targetId());
        condition(where, params, "from", "a.createdAt >= :from", filter.from());
        condition(where, params, "to", "a.createdAt < :to", filter.to());
        String direction = page.descending() ? " desc" : " asc";
        String column = page.sortField().equals("action") ? "a.action" : "a.createdAt";
        String order = " order by " + column + direction + ", a.createdAt desc, a.id desc";
        TypedQuery<AuditLogEntry> rows = em.createQuery("select a from AuditLogEntry a" + where + order, AuditLogEntry.class);
        TypedQuery<Long> count = em.createQuery("select count(a) from AuditLogEntry a" + where, Long.class);
        params.forEach((k, v) -> {
            rows.setParameter(k, v);
            count.setParameter(k, v);
        });
        List<Entry> data = new ArrayList<>();
        for (AuditLogEntry a : rows.setFirstResult(page.offset()).setMaxResults(page.perPage()).getResultList()) {
            data.add(new Entry(a.id, a.actorId, a.actorEmail, a.action, a.targetType, a.targetId, a.details, a.ip,
                    a.requestId, a.createdAt));
        }
        return Page.of(data, page, count.getSingleResult());
    }

    private static void condition(StringBuilder where, Map<String, Object> params, String name, String clause, Object value) {
        if (value != null) {
            where.append(" and ").append(clause);
            params.put(name, value);
        }
    }
}
