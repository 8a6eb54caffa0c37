package dev.wingman.billing.internal;

import dev.wingman.platform.api.Locking;
import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.billing.api.BillingPermissions;
import dev.wingman.billing.api.Money;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.AuditTrail;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
import dev.wingman.platform.api.Validate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Coupons: the admin table, the quote a coupon gives on a plan, and redemption.
 *
 * <p>Redemption ({@link #redeem}) is counted by one conditional {@code UPDATE coupons SET uses =
 * uses + 1 WHERE ... uses < max_uses}: concurrent redemptions queue on the coupon's row and each
 * sees the count the one before it committed, so a coupon of N uses is redeemed exactly N times.
 * The row lock that update takes is held until the redeeming transaction ends, so the per-account
 * count read after it is serialized the same way; a redemption over the account's limit throws,
 * and the rollback takes its increment back.
 */
@ApplicationScoped
public class Coupons {
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{3,64}");
    private static final Map<String, String> SORT_COLUMNS = Map.of("createdAt", "createdAt", "code", "code");

    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    AuditTrail audit;

    @Inject
    PlanCatalogue plans;

    @Inject
    TaxRates taxRates;

    /** A coupon as administrators write it. */
    public record Input(String code, String kind, Integer percentBasisPoints, Inputs.MoneyInput fixed, Instant validFrom,
                        Instant validUntil, Integer maxUses, Integer maxUsesPerAccount, String duration,
                        Integer durationPeriods, List<String> planIds, Boolean active) {
    }

    /** A coupon as the service hands it out. */
    public record Info(String id, String code, CouponKind kind, Integer percentBasisPoints, Money fixed, Instant validFrom,
                       Instant validUntil, Integer maxUses, Integer maxUsesPerAccount, int uses, CouponDuration duration,
                       Integer durationPeriods, List<String> planIds, boolean active, Instant createdAt, Instant updatedAt) {
        static Info of(Coupon c) {
            return new Info(c.id, c.code, c.kind, c.percentBasisPoints, c.fixed().orElse(null), c.validFrom, c.validUntil,
                    c.maxUses, c.maxUsesPerAccount, c.uses, c.duration, c.durationPeriods, c.planIds.stream().sorted().toList(),
                    c.active, c.createdAt, c.updatedAt);
        }
    }

    /** A plan priced for a buyer: the country it was priced for (null: none given), whether the price is regional, the coupon. */
    public record Priced(PlanCatalogue.PlanInfo plan, String country, boolean regional, Info coupon, Pricing.Quote quote,
                         OptionalInt periodsDiscounted) {
    }

    /** A counted redemption: what orders keep. */
    public record Redemption(String id, String couponId, String code, Pricing.Discount discount, OptionalInt periodsDiscounted) {
    }

    public static Set<String> sortable() {
        return SORT_COLUMNS.keySet();
    }

    public Page<Info> search(String query, PageRequest page) {
        return PagedSearch.page(em, Coupon.class, "code", SORT_COLUMNS, query, page, Info::of);
    }

    public Info get(String id) {
        Coupon coupon = em.find(Coupon.class, id);
        if (coupon == null) {
            throw notFound();
        }
        return Info.of(coupon);
    }

    @Transactional
    public Info create(Input input) {
        Coupon coupon = valid(input);
        lockCodes();
        requireFreeCode(coupon.code, null);
        em.persist(coupon);
        em.flush();
        audit.record(BillingPermissions.AUDIT_COUPON_CREATE, "coupon", coupon.id, details(coupon));
        return Info.of(coupon);
    }

    /** Replaces every field an administrator sets; {@code uses} stays. */
    @Transactional
    public Info update(String id, Input input) {
        Coupon changed = valid(input);
        lockCodes();
        Coupon coupon = lock(id);
        requireFreeCode(changed.code, id);
        if (changed.maxUses != null && changed.maxUses < coupon.uses) {
            throw ApiException.invalidField("maxUses", "cannot be below the " + coupon.uses + " redemptions already made");
        }
        coupon.replaceWith(changed);
        em.flush();
        audit.record(BillingPermissions.AUDIT_COUPON_UPDATE, "coupon", id, details(coupon));
        return Info.of(coupon);
    }

    /** Deletes a coupon nobody redeemed; one redeemed is kept for its redemptions (deactivate it instead: 409). */
    @Transactional
    public void delete(String id) {
        Coupon coupon = lock(id);
        long redeemed = em.createQuery("select count(r) from CouponRedemption r where r.couponId = ?1", Long.class)
                .setParameter(1, id).getSingleResult();
        if (redeemed > 0) {
            throw ApiException.conflict("The coupon has been redeemed " + redeemed + " time(s); deactivate it (active: false) "
                    + "instead");
        }
        em.remove(coupon);
        audit.record(BillingPermissions.AUDIT_COUPON_DELETE, "coupon", id, Map.of("code", coupon.code));
    }

    /**
     * The price of one period of the offered plan {@code planId} for {@code accountId} buying from
     * {@code country} (null: no regional price, no tax), with the coupon {@code code} (null: none).
     * 404 for a plan not offered or an unknown code; 422 with {@code reason} when the coupon does not
     * apply (see {@link Coupon.Refusal}).
     */
    public Priced quote(String planId, String country, String code, String accountId) {
        PlanCatalogue.PlanInfo plan = plans.offered(planId).orElseThrow(PlanCatalogue::notFound);
        String buyerCountry = country == null ? null : Inputs.country(country, "country");
        Optional<Money> regional = buyerCountry == null ? Optional.empty() : plans.regionalPrice(planId, buyerCountry);
        Money list = regional.orElse(plan.price());
        Pricing.Tax tax = buyerCountry == null ? null : taxRates.forCountry(buyerCountry).orElse(null);
        Coupon coupon = null;
        if (code != null) {
            coupon = byCode(code).orElseThrow(Coupons::notFound);
            coupon.refusal(Instant.now(), planId, accountUses(coupon.id, accountId)).ifPresent(r -> {
                // A code switched off or not launched yet is not confirmed to exist: as unknown.
                if (r == Coupon.Refusal.INACTIVE || r == Coupon.Refusal.NOT_YET_VALID) {
                    throw notFound();
                }
                throw refused(r);
            });
        }
        try {
            Pricing.Quote quote = Pricing.quote(list, coupon == null ? null : coupon.discount(), tax);
            return new Priced(plan, buyerCountry, regional.isPresent(), coupon == null ? null : Info.of(coupon), quote,
                    coupon == null ? OptionalInt.empty() : coupon.periodsDiscounted());
        } catch (Pricing.NotApplicable e) {
            throw refused(Coupon.Refusal.CURRENCY);
        }
    }

    /**
     * Counts one redemption of {@code code} by {@code accountId} on {@code planId} (for
     * {@code orderId}, may be null), in the caller's transaction when there is one: an order that
     * rolls back takes its redemption back. 404 for an unknown code, 422 with {@code reason} when it
     * does not apply or is used up (in all, or by this account). The plan's own existence is the
     * caller's to check.
     */
    @Transactional
    public Redemption redeem(String code, String planId, String accountId, String orderId) {
        Coupon coupon = byCode(code).orElseThrow(Coupons::notFound);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        // Everything but the counts, which are decided under the row lock below.
        coupon.refusal(now, planId, 0).filter(r -> r != Coupon.Refusal.USED_UP).ifPresent(r -> {
            throw refused(r);
        });
        int counted = em.createNativeQuery("update coupons set uses = uses + 1 where id = ?1 and active "
                        + "and (max_uses is null or uses < max_uses) and (valid_from is null or valid_from <= ?2) "
                        + "and (valid_until is null or valid_until > ?2)")
                .setParameter(1, coupon.id).setParameter(2, now).executeUpdate();
        if (counted == 0) {
            throw refused(Coupon.Refusal.USED_UP);
        }
        Object perAccount = em.createNativeQuery("select max_uses_per_account from coupons where id = ?1")
                .setParameter(1, coupon.id).getSingleResult();
        if (perAccount instanceof Number limit && accountUses(coupon.id, accountId) >= limit.longValue()) {
            throw refused(Coupon.Refusal.ACCOUNT_USED_UP);
        }
        CouponRedemption redemption = new CouponRedemption();
        redemption.couponId = coupon.id;
        redemption.accountId = accountId;
        redemption.planId = planId;
        redemption.orderId = orderId;
        em.persist(redemption);
        em.flush();
        return new Redemption(redemption.id, coupon.id, coupon.code, coupon.discount(), coupon.periodsDiscounted());
    }

    private long accountUses(String couponId, String accountId) {
        return em.createQuery("select count(r) from CouponRedemption r where r.couponId = ?1 and r.accountId = ?2", Long.class)
                .setParameter(1, couponId).setParameter(2, accountId).getSingleResult();
    }

    private Optional<Coupon> byCode(String code) {
        if (code == null || !CODE.matcher(code.strip()).matches()) {
            return Optional.empty();
        }
        return em.createQuery("from Coupon c where lower(c.code) = ?1", Coupon.class)
                .setParameter(1, code.strip().toLowerCase(Locale.ROOT)).getResultStream().findFirst();
    }

    private void lockCodes() {
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext('wingman.coupon-codes'))").getSingleResult();
    }

    private void requireFreeCode(String code, String exceptId) {
        boolean taken = em.createQuery("select c.id from Coupon c where lower(c.code) = ?1", String.class)
                .setParameter(1, code.toLowerCase(Locale.ROOT)).getResultStream().anyMatch(id -> !id.equals(exceptId));
        if (taken) {
            throw ApiException.conflict("A coupon with this code exists (codes are compared regardless of case)");
        }
    }

    private Coupon lock(String id) {
        Coupon coupon = Locking.row(em, Coupon.class, id);
        if (coupon == null) {
            throw notFound();
        }
        return coupon;
    }

    static ApiException notFound() {
        return ApiException.notFound("Coupon not found");
    }

    static ApiException refused(Coupon.Refusal refusal) {
        return new ApiException(422, refusal.message, Map.of("reason", refusal.reason), Map.of());
    }

    private static Map<String, Object> details(Coupon c) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("code", c.code);
        details.put("kind", c.kind.stored());
        if (c.percentBasisPoints != null) {
            details.put("percentBasisPoints", c.percentBasisPoints);
        }
        c.fixed().ifPresent(m -> {
            details.put("amount", m.amount());
            details.put("currency", m.currencyCode());
        });
        details.put("active", c.active);
        return details;
    }

    private Coupon valid(Input input) {
        Validate.body(input);
        Coupon c = new Coupon();
        String code = Validate.text(input.code(), "code", 64);
        if (!CODE.matcher(code).matches()) {
            throw ApiException.invalidField("code", "must be 3 to 64 letters, digits, - or _");
        }
        c.code = code;
        if ("percentage".equals(input.kind())) {
            c.kind = CouponKind.PERCENTAGE;
            c.percentBasisPoints = Inputs.integer(input.percentBasisPoints(), "percentBasisPoints", 1, 10_000);
            if (input.fixed() != null) {
                throw ApiException.invalidField("fixed", "is only for a fixed coupon");
            }
        } else if ("fixed".equals(input.kind())) {
            c.kind = CouponKind.FIXED;
            c.fixed(Inputs.money(input.fixed(), "fixed", true));
            if (input.percentBasisPoints() != null) {
                throw ApiException.invalidField("percentBasisPoints", "is only for a percentage coupon");
            }
        } else {
            throw ApiException.invalidField("kind", "must be percentage or fixed");
        }
        if (input.validFrom() != null && input.validUntil() != null && !input.validFrom().isBefore(input.validUntil())) {
            throw ApiException.invalidField("validUntil", "must be after validFrom");
        }
        c.validFrom = input.validFrom();
        c.validUntil = input.validUntil();
        c.maxUses = input.maxUses() == null ? null : Inputs.integer(input.maxUses(), "maxUses", 1, Integer.MAX_VALUE);
        c.maxUsesPerAccount = input.maxUsesPerAccount() == null ? null
                : Inputs.integer(input.maxUsesPerAccount(), "maxUsesPerAccount", 1, Integer.MAX_VALUE);
        c.duration = switch (input.duration() == null ? "" : input.duration()) {
            case "once" -> CouponDuration.ONCE;
            case "repeating" -> CouponDuration.REPEATING;
            case "forever" -> CouponDuration.FOREVER;
            default -> throw ApiException.invalidField("duration", "must be once, repeating or forever");
        };
        if (c.duration == CouponDuration.REPEATING) {
            c.durationPeriods = Inputs.integer(input.durationPeriods(), "durationPeriods", 1, 120);
        } else if (input.durationPeriods() != null) {
            throw ApiException.invalidField("durationPeriods", "is only for a repeating coupon");
        }
        if (input.planIds() == null) {
            throw ApiException.invalidField("planIds", "is required (empty: every plan)");
        }
        Set<String> planIds = new LinkedHashSet<>();
        for (String planId : input.planIds()) {
            // FOR SHARE: a plan being deleted (FOR UPDATE) is either gone or waits until this coupon names it.
            if (planId == null || em.find(Plan.class, planId, LockModeType.PESSIMISTIC_READ) == null) {
                throw ApiException.invalidField("planIds", "'" + planId + "' is not a plan");
            }
            planIds.add(planId);
        }
        c.planIds = planIds;
        c.active = Inputs.flag(input.active(), "active");
        return c;
    }
}
