package dev.wingman.auth.internal;

import jakarta.inject.Inject;
import dev.wingman.platform.api.PanelPersistence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;

/** Writes when sessions and API keys were last used; callers throttle it with {@link UsageThrottle}. */
@ApplicationScoped
public class UsageRecorder {
    @Inject
    @PanelPersistence
    EntityManager em;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void touchSession(String sessionId, Instant at) {
        em.createQuery("update Session s set s.lastSeenAt = :at where s.id = :id")
                .setParameter("at", at).setParameter("id", sessionId).executeUpdate();
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void touchApiKey(String keyId, Instant at) {
        em.createQuery("update ApiKey k set k.lastUsedAt = :at where k.id = :id")
                .setParameter("at", at).setParameter("id", keyId).executeUpdate();
    }
}
