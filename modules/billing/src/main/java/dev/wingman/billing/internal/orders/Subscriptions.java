package dev.wingman.billing.internal.orders;

import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.auth.api.Tiers;
import dev.wingman.billing.api.EntitlementChanged;
import dev.wingman.billing.api.Entitlements;
import dev.wingman.billing.api.PlanLimits;
import dev.wingman.platform.api.AfterCommit;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
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
 * entity manager, in the activating order's transaction, which announces each change
 * ({@link #announce}) once it committed.
 */
@ApplicationScoped
public class Subscriptions implements Entitlements {
    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    Config config;

    @Inject
    AfterCommit afterCommit;

    @Inject
    Event<EntitlementChanged> changes;

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
        return grantedBy(find(em, type, id).orElse(null));
    }

    /** What {@code subscription} (null: none) grants now: its plan while in force, else the free tier. */
    Entitlement grantedBy(Subscription subscription) {
        return subscription != null && subscription.inForce(Instant.now()) ? subscription.entitlement()
                : new Entitlement(Tiers.FREE, null, null, null, null, null, null, free);
    }

    /**
     * Fires {@link EntitlementChanged} from {@code before} to what {@code subscription} grants now,
     * after the current transaction commits (never for a rollback), so observers read the new state.
     */
    void announce(Subscription subscription, Entitlement before) {
        EntitlementChanged change = new EntitlementChanged(subscription.subjectType, subscription.subjectId, before,
                subscription.entitlement());
        afterCommit.run(() -> changes.fire(change));
    }

    static Optional<Subscription> find(EntityManager em, String type, String id) {
        return em.createQuery("from Subscription s where s.subjectType = ?1 and s.subjectId = ?2", Subscription.class)
                .setParameter(1, type).setParameter(2, id).getResultStream().findFirst();
    }
}
