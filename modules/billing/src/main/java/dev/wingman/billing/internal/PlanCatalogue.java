package dev.wingman.billing.internal;

import dev.wingman.platform.api.Locking;
import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.auth.api.Tiers;
import dev.wingman.billing.api.BillingPeriod;
import dev.wingman.billing.api.BillingPermissions;
import dev.wingman.billing.api.Money;
import dev.wingman.billing.api.PlanLimits;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.AuditTrail;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
import dev.wingman.platform.api.SharedCache;
import dev.wingman.platform.api.SharedCaches;
import dev.wingman.platform.api.Validate;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plans and their regional prices. What buyers see (active and visible plans) is served from a
 * {@link SharedCache} that every change drops on every instance once it commits. Every change is
 * written to the admin audit trail in its transaction.
 *
 * <p>Deleting: a plan can be deleted while nothing refers to it (its regional prices go with it);
 * a coupon naming it or an order that bought it refuses the delete (409). A plan that should no longer be sold is deactivated ({@code active: false}) instead.
 */
@ApplicationScoped
public class PlanCatalogue {
    private static final String ALL = "offered";
    private static final Map<String, String> SORT_COLUMNS = Map.of("createdAt", "createdAt", "name", "name",
            "price", "priceAmount");

    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    AuditTrail audit;

    @Inject
    SharedCaches caches;

    private SharedCache<List<PlanInfo>> offered;

    @PostConstruct
    void init() {
        offered = caches.create("billing.plans", Duration.ofMinutes(10), 16);
    }

    /** A plan as the catalogue hands it out: an immutable copy, safe to cache. */
    public record PlanInfo(String id, String name, String description, String tier, Money price, BillingPeriod period,
                           PlanLimits limits, boolean visible, boolean active, Instant createdAt, Instant updatedAt) {
        static PlanInfo of(Plan p) {
            return new PlanInfo(p.id, p.name, p.description, p.tier, p.price(), p.period, p.limits, p.visible, p.active,
                    p.createdAt, p.updatedAt);
        }
    }

    /** A plan as administrators write it, every field required. */
    public record Input(String name, String description, String tier, Inputs.MoneyInput price, String period,
                        LimitsInput limits, Boolean visible, Boolean active) {
    }

    public record LimitsInput(Integer servers, Integer memoryMib, Integer diskMib, Integer cpuPercent, Integer allocations,
                              Integer databases, Integer backups, Integer tunnelPorts, Long aiTokens) {
    }

    /** A regional price as the catalogue hands it out. */
    public record RegionalPriceInfo(String planId, String countryCode, Money price, Instant createdAt, Instant updatedAt) {
        static RegionalPriceInfo of(RegionalPrice r) {
            return new RegionalPriceInfo(r.planId, r.countryCode, r.price(), r.createdAt, r.updatedAt);
        }
    }

    public Page<PlanInfo> search(String query, PageRequest page) {
        return PagedSearch.page(em, Plan.class, "name", SORT_COLUMNS, query, page, PlanInfo::of);
    }

    public static java.util.Set<String> sortable() {
        return SORT_COLUMNS.keySet();
    }

    public PlanInfo get(String id) {
        return PlanInfo.of(find(id));
    }

    /** The plans buyers see, active and visible, cheapest first (then by name); from the cache. */
    public List<PlanInfo> offered() {
        return offered.get(ALL, k -> em.createQuery("from Plan p where p.active and p.visible "
                + "order by p.priceAmount, lower(p.name), p.id", Plan.class).getResultList().stream().map(PlanInfo::of).toList());
    }

    /** One plan buyers may see; empty when it does not exist or is not offered. */
    public Optional<PlanInfo> offered(String id) {
        return offered().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    @Transactional
    public PlanInfo create(Input input) {
        Plan plan = valid(input);
        em.persist(plan);
        em.flush();
        audit.record(BillingPermissions.AUDIT_PLAN_CREATE, "plan", plan.id, details(plan));
        offered.invalidateAllAfterCommit();
        return PlanInfo.of(plan);
    }

    /** Replaces every field. */
    @Transactional
    public PlanInfo update(String id, Input input) {
        Plan changed = valid(input);
        Plan plan = lock(id);
        plan.replaceWith(changed);
        em.flush();
        audit.record(BillingPermissions.AUDIT_PLAN_UPDATE, "plan", id, details(plan));
        offered.invalidateAllAfterCommit();
        return PlanInfo.of(plan);
    }

    @Transactional
    public void delete(String id) {
        Plan plan = lock(id);
        long coupons = em.createQuery("select count(c) from Coupon c join c.planIds p where p = ?1", Long.class)
                .setParameter(1, id).getSingleResult();
        if (coupons > 0) {
            throw ApiException.conflict(coupons + " coupon(s) apply to this plan; take it off them first, or deactivate "
                    + "the plan (active: false) instead");
        }
        long orders = em.createQuery("select count(o) from BillingOrder o where o.planId = ?1", Long.class)
                .setParameter(1, id).getSingleResult();
        if (orders > 0) {
            throw ApiException.conflict(orders + " order(s) bought this plan; deactivate it (active: false) instead");
        }
        em.createQuery("delete from RegionalPrice r where r.planId = ?1").setParameter(1, id).executeUpdate();
        em.remove(plan);
        audit.record(BillingPermissions.AUDIT_PLAN_DELETE, "plan", id, Map.of("name", plan.name));
        offered.invalidateAllAfterCommit();
    }

    public List<RegionalPriceInfo> regionalPrices(String planId) {
        find(planId);
        return em.createQuery("from RegionalPrice r where r.planId = ?1 order by r.countryCode", RegionalPrice.class)
                .setParameter(1, planId).getResultList().stream().map(RegionalPriceInfo::of).toList();
    }

    /** The plan's price in {@code countryCode}, if it has one there. */
    public Optional<Money> regionalPrice(String planId, String countryCode) {
        return em.createQuery("from RegionalPrice r where r.planId = ?1 and r.countryCode = ?2", RegionalPrice.class)
                .setParameter(1, planId).setParameter(2, countryCode).getResultStream().findFirst().map(RegionalPrice::price);
    }

    /**
     * Sets the plan's price for a country, creating or replacing it. The plan's row lock orders it
     * with other changes of the plan and with its deletion.
     */
    @Transactional
    public RegionalPriceInfo setRegionalPrice(String planId, String countryCode, Inputs.MoneyInput price) {
        String country = Inputs.country(countryCode, "countryCode");
        Money money = Inputs.money(price, "price", false);
        lock(planId);
        RegionalPrice row = em.createQuery("from RegionalPrice r where r.planId = ?1 and r.countryCode = ?2", RegionalPrice.class)
                .setParameter(1, planId).setParameter(2, country).getResultStream().findFirst().orElse(null);
        if (row == null) {
            row = new RegionalPrice();
            row.planId = planId;
            row.countryCode = country;
            row.price(money);
            em.persist(row);
        } else {
            row.price(money);
        }
        em.flush();
        audit.record(BillingPermissions.AUDIT_REGIONAL_PRICE_SET, "plan", planId, Map.of("countryCode", country,
                "amount", money.amount(), "currency", money.currencyCode()));
        return RegionalPriceInfo.of(row);
    }

    @Transactional
    public void deleteRegionalPrice(String planId, String countryCode) {
        String country = Inputs.country(countryCode, "countryCode");
        lock(planId);
        int deleted = em.createQuery("delete from RegionalPrice r where r.planId = ?1 and r.countryCode = ?2")
                .setParameter(1, planId).setParameter(2, country).executeUpdate();
        if (deleted == 0) {
            throw ApiException.notFound("This plan has no regional price for " + country);
        }
        audit.record(BillingPermissions.AUDIT_REGIONAL_PRICE_DELETE, "plan", planId, Map.of("countryCode", country));
    }

    private Plan find(String id) {
        Plan plan = em.find(Plan.class, id);
        if (plan == null) {
            throw notFound();
        }
        return plan;
    }

    private Plan lock(String id) {
        Plan plan = Locking.row(em, Plan.class, id);
        if (plan == null) {
            throw notFound();
        }
        return plan;
    }

    static ApiException notFound() {
        return ApiException.notFound("Plan not found");
    }

    private static Map<String, Object> details(Plan plan) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", plan.name);
        details.put("tier", plan.tier);
        details.put("amount", plan.price().amount());
        details.put("currency", plan.price().currencyCode());
        details.put("period", plan.period.stored());
        details.put("visible", plan.visible);
        details.put("active", plan.active);
        return details;
    }

    private static Plan valid(Input input) {
        Validate.body(input);
        Plan plan = new Plan();
        plan.name = Validate.text(input.name(), "name", 100);
        String description = input.description() == null ? "" : input.description().strip();
        if (description.length() > 2000) {
            throw ApiException.invalidField("description", "must be at most 2000 characters");
        }
        plan.description = description;
        if (input.tier() == null || !Tiers.ALL.contains(input.tier())) {
            throw ApiException.invalidField("tier", "must be one of " + String.join(", ", Tiers.ALL));
        }
        plan.tier = input.tier();
        plan.price(Inputs.money(input.price(), "price", false));
        plan.period = BillingPeriod.parse(input.period());
        if (plan.period == null) {
            throw ApiException.invalidField("period", "must be one of monthly, quarterly, yearly, lifetime");
        }
        plan.limits = limits(input.limits());
        plan.visible = Inputs.flag(input.visible(), "visible");
        plan.active = Inputs.flag(input.active(), "active");
        return plan;
    }

    private static PlanLimits limits(LimitsInput l) {
        if (l == null) {
            throw ApiException.invalidField("limits", "is required");
        }
        int max = Integer.MAX_VALUE;
        long tokens = l.aiTokens() == null ? -1 : l.aiTokens();
        if (l.aiTokens() == null) {
            throw ApiException.invalidField("limits.aiTokens", "is required");
        }
        if (tokens < 0 || tokens > Inputs.MAX_AMOUNT * 1000) {
            throw ApiException.invalidField("limits.aiTokens", "must be between 0 and " + Inputs.MAX_AMOUNT * 1000);
        }
        return new PlanLimits(Inputs.integer(l.servers(), "limits.servers", 0, 100_000),
                Inputs.integer(l.memoryMib(), "limits.memoryMib", 0, max),
                Inputs.integer(l.diskMib(), "limits.diskMib", 0, max),
                Inputs.integer(l.cpuPercent(), "limits.cpuPercent", 0, max),
                Inputs.integer(l.allocations(), "limits.allocations", 0, 1_000_000),
                Inputs.integer(l.databases(), "limits.databases", 0, 1_000_000),
                Inputs.integer(l.backups(), "limits.backups", 0, 1_000_000),
                Inputs.integer(l.tunnelPorts(), "limits.tunnelPorts", 0, 65_535),
                tokens);
    }
}
