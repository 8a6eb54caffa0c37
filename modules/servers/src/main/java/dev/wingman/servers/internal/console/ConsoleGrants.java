package dev.wingman.servers.internal.console;

import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.platform.api.AuthorityChanged;
import dev.wingman.platform.api.Ids;
import dev.wingman.platform.api.Jobs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Who holds unexpired console JWTs for which servers, so that when an account's authority shrinks
 * ({@link AuthorityChanged}) exactly those tokens are denied at each server's Wings
 * ({@code ws/deny}) and a console opened straight at Wings ends too. A denied user simply asks for
 * a new token, which carries what they may do now. Consoles through the panel's proxy are closed
 * by its own re-check with the fresh caller.
 */
@ApplicationScoped
public class ConsoleGrants {
    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    Jobs jobs;

    /** A row of what to deny: whose token, the server and where it runs. */
    public record Held(String userId, String serverId, String serverUuid, String nodeId, Instant expiresAt) {
    }

    /** Notes that {@code userId} holds a console JWT for the server until {@code expiresAt}. */
    @Transactional
    public void issued(String userId, String serverId, Instant expiresAt) {
        em.createNativeQuery("insert into server_console_grants (user_id, server_id, expires_at) values (?1, ?2, ?3) "
                        + "on conflict (user_id, server_id) do update set expires_at = greatest(server_console_grants.expires_at, excluded.expires_at)")
                .setParameter(1, userId).setParameter(2, serverId).setParameter(3, expiresAt).executeUpdate();
    }

    /** How many accounts one revocation job handles: a bind parameter each, well below PostgreSQL's limit. */
    static final int CHUNK = 1000;

    /** The live tokens these users hold (at most {@link #CHUNK} of them at once). */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<Held> live(Collection<String> userIds) {
        requireChunk(userIds);
        if (userIds.isEmpty()) {
            return List.of();
        }
        List<Object[]> rows = em.createNativeQuery("select g.user_id, s.id, cast(s.uuid as text), s.node_id, g.expires_at "
                        + "from server_console_grants g join servers s on s.id = g.server_id "
                        + "where g.user_id in (:users) and g.expires_at > :now")
                .setParameter("users", List.copyOf(userIds)).setParameter("now", Instant.now()).getResultList();
        return rows.stream().map(r -> new Held((String) r[0], (String) r[1], (String) r[2], (String) r[3], toInstant(r[4])))
                .toList();
    }

    /**
     * Forgets the grants just denied and the users' expired ones. A grant is forgotten only as it was
     * read: one issued again since then expires later (the upsert keeps the later expiry), carries
     * the authority of now and stays.
     */
    @Transactional
    public void forget(Collection<String> userIds, List<Held> denied) {
        requireChunk(userIds);
        for (Held held : denied) {
            em.createNativeQuery("delete from server_console_grants where user_id = :user and server_id = :server and expires_at <= :read")
                    .setParameter("user", held.userId()).setParameter("server", held.serverId())
                    .setParameter("read", held.expiresAt()).executeUpdate();
        }
        if (!userIds.isEmpty()) {
            em.createNativeQuery("delete from server_console_grants where user_id in (:users) and expires_at <= :now")
                    .setParameter("users", List.copyOf(userIds)).setParameter("now", Instant.now()).executeUpdate();
        }
    }

    private static void requireChunk(Collection<String> userIds) {
        if (userIds.size() > CHUNK) {
            throw new IllegalArgumentException("At most " + CHUNK + " users at once, not " + userIds.size());
        }
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }

    /**
     * The event arrives once the change has committed: each chunk of accounts becomes a
     * {@link ConsoleRevocation} job, so the denials survive this instance and are retried.
     */
    void revoke(@Observes AuthorityChanged change) {
        List<String> all = List.copyOf(change.userIds());
        for (int from = 0; from < all.size(); from += CHUNK) {
            jobs.schedule(ConsoleRevocation.JOB, Ids.newId(), ConsoleRevocation.data(all.subList(from, Math.min(all.size(), from + CHUNK))));
        }
    }
}
