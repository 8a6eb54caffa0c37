package dev.wingman.servers.internal;

import dev.wingman.platform.api.AuditTrail;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A server's activity log: what the panel did on it, and what Wings reported (console commands
 * typed in the console, SFTP changes) merged in, all in the audit trail's {@code server} scope.
 */
@ApplicationScoped
public class ServerActivity {
    /** Detail key recording whether an API key performed the action; not shown as a property. */
    public static final String API_MARK = "_api";
    public static final Set<String> SORTABLE = Set.of("createdAt");

    @Inject
    AuditTrail audit;

    @Inject
    ServerStore servers;

    public Page<AuditTrail.Entry> of(Server server, String event, PageRequest page) {
        AuditTrail.Filter filter = new AuditTrail.Filter(null, event == null ? null : storedAction(event), null, null, null, null);
        return audit.search(AuditTrailScopes.server(server.id), filter, page);
    }

    /**
     * Wings' activity batch ({@code POST /api/remote/activity}). Entries for servers not on this
     * node and events not starting with "server:" are ignored, as Pterodactyl does. Answers how
     * many were recorded.
     */
    public int merge(String nodeId, Iterable<JsonObject> batch) {
        int recorded = 0;
        for (JsonObject item : batch) {
            String event = item.getString("event", "");
            Server server = servers.onNode(nodeId, item.getString("server", ""));
            if (!event.startsWith(PTERODACTYL_PREFIX) || server == null) {
                continue;
            }
            Map<String, Object> details = new LinkedHashMap<>();
            if (item.get("metadata") instanceof JsonObject metadata) {
                metadata.forEach((key, value) -> details.put(key, plain(value)));
            }
            details.put(API_MARK, false);
            String user = item.get("user") instanceof jakarta.json.JsonString s ? s.getString() : null;
            audit.recordReported(AuditTrailScopes.server(server.id), user, item.getString("ip", null), time(item), storedAction(event),
                    "server", server.id, details);
            recorded++;
        }
        return recorded;
    }

    /**
     * The stored name of a Pterodactyl event: actions are stored dotted ({@code server.power.start})
     * like every audit action, while Wings reports and the client API shows Pterodactyl's
     * {@code server:power.start}.
     */
    static String storedAction(String event) {
        return event.startsWith(PTERODACTYL_PREFIX) ? STORED_PREFIX + event.substring(PTERODACTYL_PREFIX.length()) : event;
    }

    /** Pterodactyl's name for a stored server action, as the client API shows it. */
    public static String pterodactylEvent(String action) {
        return action.startsWith(STORED_PREFIX) ? PTERODACTYL_PREFIX + action.substring(STORED_PREFIX.length()) : action;
    }

    private static final String PTERODACTYL_PREFIX = "server:";
    private static final String STORED_PREFIX = "server.";

    private static Instant time(JsonObject item) {
        try {
            return OffsetDateTime.parse(item.getString("timestamp", "")).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.now();
        }
    }

    private static Object plain(JsonValue value) {
        return switch (value.getValueType()) {
            case STRING -> ((jakarta.json.JsonString) value).getString();
            case NUMBER -> ((jakarta.json.JsonNumber) value).numberValue();
            case TRUE -> true;
            case FALSE -> false;
            case NULL -> null;
            default -> value.toString();
        };
    }
}
