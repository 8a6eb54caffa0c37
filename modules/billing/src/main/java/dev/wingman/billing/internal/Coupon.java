package dev.wingman.billing.internal;

import dev.wingman.billing.api.Money;
import dev.wingman.platform.api.TimestampedEntity;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A discount code. Its code is unique regardless of case and matched regardless of case. It
 * takes off a percentage (basis points) or a fixed amount in one currency, between
 * {@link #validFrom} and {@link #validUntil} (either open), at most {@link #maxUses} times in all
 * and {@link #maxUsesPerAccount} times per account (null: no limit), on the plans listed in
 * {@link #planIds} (none: every plan). {@link #uses} counts redemptions; it only moves through
 * {@code Coupons.redeem}'s conditional update, never through this entity.
 */
@Entity
@Table(name = "coupons")
public class Coupon extends TimestampedEntity {
    @Column(nullable = false)
    public String code;
    @Convert(converter = CouponKind.Column.class)
    @Column(nullable = false)
    public CouponKind kind;
    @Column(name = "percent_basis_points")
    public Integer percentBasisPoints;
    @Column(name = "fixed_amount")
    Long fixedAmount;
    @Column(name = "fixed_currency")
    String fixedCurrency;
    @Column(name = "valid_from")
    public Instant validFrom;
    @Column(name = "valid_until")
    public Instant validUntil;
    @Column(name = "max_uses")
    public Integer maxUses;
    @Column(name = "max_uses_per_account")
    public Integer maxUsesPerAccount;
    @Column(nullable = false, insertable = false, updatable = false)
    public int uses;
    @Convert(converter = CouponDuration.Column.class)
    @Column(nullable = false)
    public CouponDuration duration;
    @Column(name = "duration_periods")
    public Integer durationPeriods;
    @Column(nullable = false)
    public boolean active;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "coupon_plans", joinColumns = @JoinColumn(name = "coupon_id"))
    @Column(name = "plan_id")
    public Set<String> planIds = new LinkedHashSet<>();

    /** The fixed amount of a fixed coupon; empty for a percentage. */
    public Optional<Money> fixed() {
        return fixedAmount == null ? Optional.empty() : Optional.of(new Money(fixedAmount, Currency.getInstance(fixedCurrency)));
    }

    void fixed(Money amount) {
        fixedAmount = amount == null ? null : amount.amount();
        fixedCurrency = amount == null ? null : amount.currencyCode();
    }

    /** What the quote takes off. */
    public Pricing.Discount discount() {
        return kind == CouponKind.PERCENTAGE ? new Pricing.Percentage(percentBasisPoints) : new Pricing.Fixed(fixed().orElseThrow());
    }

    /** How many billing periods the discount lasts; empty for every period. */
    public OptionalInt periodsDiscounted() {
        return switch (duration) {
            case ONCE -> OptionalInt.of(1);
            case REPEATING -> OptionalInt.of(durationPeriods);
            case FOREVER -> OptionalInt.empty();
        };
    }

    public boolean appliesTo(String planId) {
        return planIds.isEmpty() || planIds.contains(planId);
    }

    /**
     * Why the coupon cannot be redeemed on {@code planId} at {@code now} by an account that has
     * redeemed it {@code accountUses} times; empty when it can. The total count is checked again,
     * atomically, when it is redeemed.
     */
    public Optional<Refusal> refusal(Instant now, String planId, long accountUses) {
        if (!active) {
            return Optional.of(Refusal.INACTIVE);
        }
        if (validFrom != null && now.isBefore(validFrom)) {
            return Optional.of(Refusal.NOT_YET_VALID);
        }
        if (validUntil != null && !now.isBefore(validUntil)) {
            return Optional.of(Refusal.EXPIRED);
        }
        if (maxUses != null && uses >= maxUses) {
            return Optional.of(Refusal.USED_UP);
        }
        if (maxUsesPerAccount != null && accountUses >= maxUsesPerAccount) {
            return Optional.of(Refusal.ACCOUNT_USED_UP);
        }
        if (!appliesTo(planId)) {
            return Optional.of(Refusal.NOT_FOR_PLAN);
        }
        return Optional.empty();
    }

    /** Takes every field an administrator sets from {@code changed} (a validated replacement). */
    void replaceWith(Coupon changed) {
        code = changed.code;
        kind = changed.kind;
        percentBasisPoints = changed.percentBasisPoints;
        fixed(changed.fixed().orElse(null));
        validFrom = changed.validFrom;
        validUntil = changed.validUntil;
        maxUses = changed.maxUses;
        maxUsesPerAccount = changed.maxUsesPerAccount;
        duration = changed.duration;
        durationPeriods = changed.durationPeriods;
        active = changed.active;
        planIds.clear();
        planIds.addAll(changed.planIds);
    }

    /** Why a coupon does not apply: {@code reason} is the stable word the API answers, {@code message} its sentence. */
    public enum Refusal {
        INACTIVE("inactive", "This coupon is not active"),
        NOT_YET_VALID("not_yet_valid", "This coupon is not valid yet"),
        EXPIRED("expired", "This coupon has expired"),
        USED_UP("used_up", "This coupon has been used up"),
        ACCOUNT_USED_UP("account_used_up", "You have already used this coupon as often as it allows"),
        NOT_FOR_PLAN("not_for_plan", "This coupon does not apply to this plan"),
        CURRENCY("currency", "This coupon is in another currency than the price");

        public final String reason;
        public final String message;

        Refusal(String reason, String message) {
            this.reason = reason;
            this.message = message;
        }
    }
}
