package dev.wingman.billing.internal;

import dev.wingman.billing.api.Money;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CouponTest {
    private static final Instant NOW = Instant.parse("2027-06-01T12:00:00Z");

    private static Coupon coupon() {
        Coupon c = new Coupon();
        c.code = "SUMMER";
        c.kind = CouponKind.PERCENTAGE;
        c.percentBasisPoints = 1500;
        c.duration = CouponDuration.ONCE;
        c.active = true;
        return c;
    }

    @Test
    void eachRuleRefusesWithItsReason() {
        assertEquals(Optional.empty(), coupon().refusal(NOW, "p1", 0));
        Coupon inactive = coupon();
        inactive.active = false;
        assertEquals(Optional.of(Coupon.Refusal.INACTIVE), inactive.refusal(NOW, "p1", 0));
        Coupon early = coupon();
        early.validFrom = NOW.plusSeconds(1);
        assertEquals(Optional.of(Coupon.Refusal.NOT_YET_VALID), early.refusal(NOW, "p1", 0));
        early.validFrom = NOW;
        assertEquals(Optional.empty(), early.refusal(NOW, "p1", 0), "valid from the instant itself");
        Coupon late = coupon();
        late.validUntil = NOW;
        assertEquals(Optional.of(Coupon.Refusal.EXPIRED), late.refusal(NOW, "p1", 0), "valid until, not including, the instant");
        Coupon used = coupon();
        used.maxUses = 3;
        used.uses = 3;
        assertEquals(Optional.of(Coupon.Refusal.USED_UP), used.refusal(NOW, "p1", 0));
        Coupon perAccount = coupon();
        perAccount.maxUsesPerAccount = 1;
        assertEquals(Optional.empty(), perAccount.refusal(NOW, "p1", 0));
        assertEquals(Optional.of(Coupon.Refusal.ACCOUNT_USED_UP), perAccount.refusal(NOW, "p1", 1));
        Coupon narrow = coupon();
        narrow.planIds = Set.of("p2");
        assertEquals(Optional.of(Coupon.Refusal.NOT_FOR_PLAN), narrow.refusal(NOW, "p1", 0));
        assertEquals(Optional.empty(), narrow.refusal(NOW, "p2", 0));
    }

    @Test
    void discountsAndTheirDuration() {
        assertEquals(new Pricing.Percentage(1500), coupon().discount());
        assertEquals(OptionalInt.of(1), coupon().periodsDiscounted());
        Coupon fixed = coupon();
        fixed.kind = CouponKind.FIXED;
        fixed.percentBasisPoints = null;
        fixed.fixed(Money.of(500, "JPY"));
        fixed.duration = CouponDuration.REPEATING;
        fixed.durationPeriods = 3;
        assertEquals(new Pricing.Fixed(Money.of(500, "JPY")), fixed.discount());
        assertEquals(OptionalInt.of(3), fixed.periodsDiscounted());
        fixed.duration = CouponDuration.FOREVER;
        assertEquals(OptionalInt.empty(), fixed.periodsDiscounted());
    }
}
