package dev.wingman.platform.api;

import jakarta.persistence.EntityManager;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * "Claim due rows": the one way to take the rows of a table whose own due time has come and move
 * that time forward in the same statement, skipping rows another transaction holds
 * ({@code FOR UPDATE SKIP LOCKED}). A {@link RecurringJob} runs it, so normally one instance claims
 * at a time; the lock still makes two claims that overlap (a run outliving its instance's
 * heartbeat) take disjoint rows. Call it inside a transaction; identifiers are code constants.
 */
public final class DueRows {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    private DueRows() {
    }

    /**
     * Claims up to {@code limit} rows of {@code table} whose {@code dueColumn} has passed (and that
     * match {@code condition}, SQL or null), sets their due time to now + {@code next} and answers
     * their {@code key} values, oldest due first.
     */
    @SuppressWarnings("unchecked")
    public static List<String> claim(EntityManager em, String table, String key, String dueColumn, String condition,
                                     Duration next, int limit) {
        for (String identifier : new String[] {table, key, dueColumn}) {
            if (!IDENTIFIER.matcher(identifier).matches()) {
                throw new IllegalArgumentException("Not an identifier: " + identifier);
            }
        }
        String where = dueColumn + " <= now()" + (condition == null ? "" : " and (" + condition + ")");
        return em.createNativeQuery("update " + table + " set " + dueColumn + " = now() + make_interval(secs => ?) "
                        + "where " + key + " in (select " + key + " from " + table + " where " + where
                        + " order by " + dueColumn + " limit ? for update skip locked) returning " + key)
                .setParameter(1, next.toMillis() / 1000.0).setParameter(2, limit).getResultList();
    }
}
