package dev.wingman.billing.internal;

import dev.wingman.platform.api.StoredEnum;

/** What a coupon takes off: a share of the price, or a fixed amount in one currency. */
public enum CouponKind implements StoredEnum {
    PERCENTAGE("percentage"),
    FIXED("fixed");

    private final String stored;

    CouponKind(String stored) {
        this.stored = stored;
    }

    @Override
    public String stored() {
        return stored;
    }

    @jakarta.persistence.Converter
    public static class Column extends StoredEnum.Column<CouponKind> {
        public Column() {
            super(CouponKind.class);
        }
    }
}
