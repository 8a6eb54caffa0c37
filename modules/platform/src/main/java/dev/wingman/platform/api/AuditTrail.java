package dev.wingman.platform.api;

import java.time.Instant;
import java.util.Map;

/**
 * The panel-wide audit log of administrative mutations: who, what, on which target, when and from
 * which address. Entries are written in the caller's transaction, so a rolled-back change leaves none.
 */
public interface AuditTrail {

    /** Records an action by the current caller (actor and IP come from {@link CurrentRequest}). */
    void record(String action, String targetType, String targetId, Map<String, Object> details);

    Page<Entry> search(Filter filter, PageRequest page);

    /** Optional filters; null means any. */
    record Filter(String actorId, String action, String targetType, String targetId, Instant from, Instant to) {
    }

    record Entry(String id, String actorId, String actorEmail, String action, String targetType, String targetId,
                 Map<String, Object> details, String ip, String requestId, Instant createdAt) {
    }
}
