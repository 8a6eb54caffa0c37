package dev.wingman.billing.internal;

import dev.wingman.platform.api.StoredEnum;

/**
 * For how many billing periods of a subscription a coupon's discount lasts once redeemed: the
 * first period only, a given number of periods ({@code durationPeriods}), or every period.
 */
public enum CouponDuration implements StoredEnum {
    ONCE("once"),
    REPEATING("repeating"),
    FOREVER("forever");

    private final String stored;

    CouponDuration(String stored) {
        this.stored = stored;
    }

    @Override
    public String stored() {
        return stored;
    }

    @jakarta.persistence.Converter
    public static class Column extends StoredEnum.Column<CouponDuration> {
        public Column() {
            super(CouponDuration.class);
        }
    }
}
