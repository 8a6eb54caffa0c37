package dev.wingman.servers.internal.console;

import dev.wingman.nodes.api.Wings;
import dev.wingman.nodes.api.WingsException;
import dev.wingman.platform.api.AuthorityChanged;
import dev.wingman.platform.api.Ids;
import dev.wingman.platform.api.Jobs;
import dev.wingman.platform.api.ShutdownOrder;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Who holds unexpired console JWTs for which servers, so that when an account's authority shrinks
 * ({@link AuthorityChanged}) exactly those tokens are denied at each server's Wings
 * ({@code ws/deny}) and a console opened straight at Wings ends too. A denied user simply asks for
 * a new token, which carries what they may do now. Consoles through the panel's proxy are closed
 * by its own re-check with the fresh caller.
 */
@ApplicationScoped
public class ConsoleGrants {
    private static final Logger LOG = Logger.getLogger(ConsoleGrants.class.getName());

    @PersistenceContext(unitName = "wingman")
    EntityManager em;

    @Inject
    Wings wings;

    @Inject
    Jobs jobs;

    @Inject
    ConsoleGrants self;

    /** A row of what to deny: whose token, the server and where it runs. */
    public record Held(String userId, String serverId, String serverUuid, String nodeId) {
    }

    /** Notes that {@code userId} holds a console JWT for the server until {@code expiresAt}. */
    @Transactional
    public void issued(String userId, String serverId, Instant expiresAt) {
        em.createNativeQuery("insert into server_console_grants (user_id, server_id, expires_at) values (?1, ?2, ?3) "
                        + "on conflict (user_id, server_id) do update set expires_at = greatest(server_console_grants.expires_at, excluded.expires_at)")
                .setParameter(1, userId).setParameter(2, serverId).setParameter(3, expiresAt).executeUpdate();
    }

    /** How many accounts one {@link #takeLive} handles: a bind parameter each, well below PostgreSQL's limit. */
    static final int CHUNK = 1000;

    /**
     * The live tokens these users hold (at most {@link #CHUNK} of them at once); forgets them and
     * the users' expired ones.
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<Held> takeLive(Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return List.of();
        }
        if (userIds.size() > CHUNK) {
            throw new IllegalArgumentException("At most " + CHUNK + " users at once, not " + userIds.size());
        }
        List<Object[]> rows = em.createNativeQuery("delete from server_console_grants g using servers s "
                        + "where g.user_id in (:users) and s.id = g.server_id "
                        + "returning g.user_id, s.id, cast(s.uuid as text), s.node_id, g.expires_at")
                .setParameter("users", List.copyOf(userIds)).getResultList();
        Instant now = Instant.now();
        return rows.stream().filter(r -> toInstant(r[4]).isAfter(now))
                .map(r -> new Held((String) r[0], (String) r[1], (String) r[2], (String) r[3])).toList();
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
     * The event arrives while the change's transaction completes (after commit), where no new
     * transaction can begin: the denial runs on a thread of its own. A node that cannot take it
     * gets it from a {@link ConsoleDenial} job, retried; only a crash between the commit and the
     * read of the grants loses one, leaving the token valid for at most its lifetime (15 minutes).
     */
    private final ExecutorService denials = Executors.newVirtualThreadPerTaskExecutor();

    void stop(@Observes @Priority(ShutdownOrder.STOP_BACKGROUND) @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
        denials.shutdown();
    }

    void revoke(@Observes AuthorityChanged change) {
        if (!change.userIds().isEmpty() && !denials.isShutdown()) {
            denials.submit(() -> deny(change.userIds()));
        }
    }

    /** Chunk by chunk (a role's holders may be every account): one query and one deny per server. */
    private void deny(Set<String> userIds) {
        List<String> all = List.copyOf(userIds);
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            List<Held> live;
            try {
                live = self.takeLive(chunk);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not read the console tokens of " + (chunk.size() == 1 ? "user " + chunk.get(0)
                        : chunk.size() + " users") + ": " + e.getMessage());
                continue;
            }
            Map<String, List<Held>> byServer = live.stream()
                    .collect(Collectors.groupingBy(Held::serverId, LinkedHashMap::new, Collectors.toList()));
            for (List<Held> onServer : byServer.values()) {
                Held held = onServer.get(0);
                List<String> jtis = onServer.stream().map(h -> ConsoleCredentials.jti(h.userId(), h.serverUuid())).toList();
                try {
                    wings.denyTokens(held.nodeId(), held.serverUuid(), jtis);
                } catch (WingsException e) {
                    // Retried as a job until the tokens would have expired anyway.
                    LOG.log(Level.INFO, "Console tokens for server " + held.serverId() + " will be denied at Wings later: "
                            + e.detail());
                    jobs.schedule(ConsoleDenial.JOB, held.serverId() + "/" + Ids.newId(),
                            ConsoleDenial.data(held.nodeId(), held.serverUuid(), jtis));
                }
            }
        }
    }
}
