package dev.wingman.auth.internal;

import dev.wingman.platform.api.PanelPersistence;
import jakarta.enterprise.event.Event;
import dev.wingman.platform.api.AuthorityChanged;
import dev.wingman.platform.api.AfterCommit;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.SharedCache;
import dev.wingman.platform.api.SharedCaches;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Logins as rows. A session token is only honoured while its row is active; the answer is cached
 * per instance, and a revocation evicts it on every instance through the invalidation bus (and
 * nothing is cached while the bus is down), so a revoked token stops working at once everywhere.
 */
@ApplicationScoped
public class SessionService {
    @Inject
    Event<AuthorityChanged> authority;

    private static final String TOPIC = "sessions";

    public record Issued(Session session, String token) {
    }

    /** What a request needs to know about its session. */
    record ActiveSession(String userId, Instant expiresAt) {
    }

    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    SessionTokens tokens;

    @Inject
    SharedCaches caches;

    @Inject
    AfterCommit afterCommit;

    @Inject
    UsageRecorder touches;

    @Inject
    @ConfigProperty(name = "wingman.auth.session-ttl-hours", defaultValue = "168")
    long ttlHours;

    private SharedCache<ActiveSession> active;
    private final UsageThrottle usage = new UsageThrottle();

    @PostConstruct
    void init() {
        active = caches.create(TOPIC, Duration.ofMinutes(5), 100_000);
    }

    Duration ttl() {
        return Duration.ofHours(ttlHours);
    }

    @Transactional
    public Issued create(String userId, String email, String ip, String userAgent) {
        Instant now = Instant.now();
        Session session = new Session();
        session.userId = userId;
        session.createdAt = now;
        session.lastSeenAt = now;
        session.expiresAt = now.plus(ttl());
        session.ip = ip;
        session.userAgent = userAgent == null ? null : userAgent.substring(0, Math.min(userAgent.length(), 512));
        em.persist(session);
        return new Issued(session, tokens.issue(userId, email, session.id, session.expiresAt));
    }

    /** Whether the session exists, belongs to the user and is neither revoked nor expired. */
    public boolean isActive(String sessionId, String userId) {
        ActiveSession found = active.get(sessionId, this::load);
        if (found == null || !found.userId.equals(userId) || !found.expiresAt.isAfter(Instant.now())) {
            return false;
        }
        Instant now = Instant.now();
        if (usage.due(sessionId, now)) {
            touches.touchSession(sessionId, now);
        }
        return true;
    }

    private ActiveSession load(String sessionId) {
        Session s = em.find(Session.class, sessionId);
        return s != null && s.activeAt(Instant.now()) ? new ActiveSession(s.userId, s.expiresAt) : null;
    }

    public List<Session> listActive(String userId) {
        return em.createQuery("select s from Session s where s.userId = :user and s.revokedAt is null and s.expiresAt > :now "
                        + "order by s.createdAt desc", Session.class)
                .setParameter("user", userId).setParameter("now", Instant.now()).getResultList();
    }

    @Transactional
    public void revoke(String userId, String sessionId) {
        Session s = em.find(Session.class, sessionId);
        if (s == null || !s.userId.equals(userId) || !s.activeAt(Instant.now())) {
            throw ApiException.notFound("Session not found");
        }
        s.revokedAt = Instant.now();
        announce(List.of(sessionId));
        afterCommit.run(() -> authority.fire(AuthorityChanged.of(userId)));
    }

    /** Revokes every active session of the user except {@code keep} (may be null); returns how many. */
    @Transactional
    public int revokeAllExcept(String userId, String keep) {
        List<String> ids = listActive(userId).stream().map(s -> s.id).filter(id -> !id.equals(keep)).toList();
        if (ids.isEmpty()) {
            return 0;
        }
        em.createQuery("update Session s set s.revokedAt = :now where s.id in :ids")
                .setParameter("now", Instant.now()).setParameter("ids", ids).executeUpdate();
        announce(ids);
        afterCommit.run(() -> authority.fire(AuthorityChanged.of(userId)));
        return ids.size();
    }

    private void announce(List<String> sessionIds) {
        sessionIds.forEach(id -> active.invalidateAfterCommit(id, () -> usage.forget(id)));
    }
}
