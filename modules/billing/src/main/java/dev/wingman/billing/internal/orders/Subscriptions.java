package dev.wingman.billing.internal.orders;

import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.auth.api.Tiers;
import dev.wingman.billing.api.Entitlements;
import dev.wingman.billing.api.PlanLimits;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.Config;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * What each subject is entitled to ({@link Entitlements}, billing's exported answer), and the
 * configuration activation needs: the time zone periods are counted in
 * ({@code wingman.billing.time-zone}, UTC) and the free tier's limits
 * ({@code wingman.billing.free-limits.*}). Subscriptions are written by {@link Orders} on its own
 * entity manager, in the activating order's transaction.
 */
@ApplicationScoped
public class Subscriptions implements Entitlements {
    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    Config config;

    private PlanLimits free;
    private ZoneId zone;

    @PostConstruct
    void init() {
        zone = ZoneId.of(config.getOptionalValue("wingman.billing.time-zone", String.class).orElse("UTC"));
        free = new PlanLimits(limit("servers", 2), limit("memory-mib", 4096), limit("disk-mib", 16384),
                limit("cpu-percent", 100), limit("allocations", 2), limit("databases", 0), limit("backups", 1),
                limit("tunnel-ports", 0), config.getOptionalValue("wingman.billing.free-limits.ai-tokens", Long.class).orElse(0L));
    }

    private int limit(String name, int fallback) {
        return config.getOptionalValue("wingman.billing.free-limits." + name, Integer.class).orElse(fallback);
    }

    /** The zone billing periods and invoice dates are counted in ({@code wingman.billing.time-zone}). */
    public ZoneId zone() {
        return zone;
    }

    @Override
    public Entitlement forAccount(String accountId) {
        return current(Subscription.ACCOUNT, accountId);
    }

    @Override
    public Entitlement forOrganisation(String organisationId) {
        return current(Subscription.ORGANISATION, organisationId);
    }

    private Entitlement current(String type, String id) {
        return find(em, type, id).filter(s -> s.inForce(Instant.now())).map(Subscription::entitlement)
                .orElseGet(() -> new Entitlement(Tiers.FREE, null, null, null, null, null, null, free));
    }

    static Optional<Subscription> find(EntityManager em, String type, String id) {
        return em.createQuery("from Subscription s where s.subjectType = ?1 and s.subjectId = ?2", Subscription.class)
                .setParameter(1, type).setParameter(2, id).getResultStream().findFirst();
    }
}
