package dev.wingman.organisations.internal;

import jakarta.inject.Inject;
import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.platform.api.RecurringJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;

/**
 * Forgets DNS zone claims whose proof never came before they expired (they are neither listed nor
 * verifiable after that), so claims of organisations that never claim again do not pile up.
 */
@ApplicationScoped
public class ExpiredZoneClaims implements RecurringJob {
    @Inject
    @PanelPersistence
    EntityManager em;

    @Override
    public String name() {
        return "organisations.dns-claims-expire";
    }

    @Override
    public Duration interval() {
        return Duration.ofHours(1);
    }

    @Override
    @Transactional
    public void run() {
        em.createQuery("delete from DnsZone z where z.verifiedAt is null and z.proofExpiresAt <= :now")
                .setParameter("now", Instant.now()).executeUpdate();
    }
}
