package dev.wingman.platform.api;

import java.time.Instant;
import java.util.Map;

/**
 * Who did what, on which target, when and from which address. The panel-wide trail records
 * administrative mutations; a scoped trail (an organisation's activity log) records what happens
 * inside one tenant. Entries are written in the caller's transaction, so a rolled-back change
 * leaves none; outside a transaction (after a call to Wings, say) an entry is written on its own.
 */
public interface AuditTrail {

    /** Records a panel-wide action by the current caller (actor and IP come from {@link CurrentRequest}). */
    void record(String action, String targetType, String targetId, Map<String, Object> details);

    /** Records an action inside a scope, such as {@code Scope.of("organisation", id)}. */
    void record(Scope scope, String action, String targetType, String targetId, Map<String, Object> details);

    /**
     * Records what another system reported, such as Wings' activity batches: the actor, address and
     * time are the reported ones, not the current request's. {@code actorId} may be null.
     */
    void recordReported(Scope scope, String actorId, String ip, Instant at, String action, String targetType,
                        String targetId, Map<String, Object> details);

    /** Entries of one scope ({@link Scope#PANEL} for the admin trail), filtered. */
    Page<Entry> search(Scope scope, Filter filter, PageRequest page);

    /** Which trail an entry belongs to. */
    record Scope(String type, String id) {
        public static final Scope PANEL = new Scope(null, null);

        public static Scope of(String type, String id) {
            return new Scope(type, id);
        }
    }

    /** Optional filters; null means any. */
    record Filter(String actorId, String action, String targetType, String targetId, Instant from, Instant to) {
        public static final Filter NONE = new Filter(null, null, null, null, null, null);
    }

    record Entry(String id, String actorId, String actorEmail, String action, String targetType, String targetId,
                 Map<String, Object> details, String ip, String requestId, Instant createdAt) {
    }

    /** Sort fields {@link #search} accepts. */
    java.util.Set<String> SORTABLE = java.util.Set.of("createdAt", "action");
}
