package dev.wingman.billing.api;

import dev.wingman.platform.api.StoredEnum;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * How long one paid period of a plan lasts. Periods are calendar months in the buyer's (or the
 * panel's) time zone, not fixed numbers of days: a monthly period from 31 January ends on the last
 * day of February (28th or 29th) at the same wall-clock time, and one from 15 March at 15 April,
 * across a daylight-saving change too. A lifetime plan has no end.
 */
public enum BillingPeriod implements StoredEnum {
    MONTHLY("monthly", 1),
    QUARTERLY("quarterly", 3),
    YEARLY("yearly", 12),
    LIFETIME("lifetime", 0);

    private final String stored;
    private final int months;

    BillingPeriod(String stored, int months) {
        this.stored = stored;
        this.months = months;
    }

    @Override
    public String stored() {
        return stored;
    }

    /** Whether the plan renews: every period but lifetime. */
    public boolean recurring() {
        return months > 0;
    }

    /** Calendar months one period lasts; 0 for lifetime. */
    public int months() {
        return months;
    }

    /** When one period starting at {@code start} ends; empty for lifetime. */
    public Optional<Instant> nextEnd(Instant start, ZoneId zone) {
        return endAfter(start, 1, zone);
    }

    /**
     * When the {@code periods}-th period counted from {@code anchor} (the first period's start) ends.
     * Counting from the anchor rather than from the previous end keeps the day of the month: from
     * 31 January the ends are 28/29 February, 31 March, 30 April, 31 May; chaining {@link #nextEnd}
     * would drift to the 28th for good after February. Empty for lifetime.
     */
    public Optional<Instant> endAfter(Instant anchor, long periods, ZoneId zone) {
        if (periods < 0) {
            throw new IllegalArgumentException("periods must be 0 or more: " + periods);
        }
        if (!recurring()) {
            return Optional.empty();
        }
        return Optional.of(ZonedDateTime.ofInstant(anchor, zone).plusMonths(Math.multiplyExact(months, periods)).toInstant());
    }

    /** The period stored as {@code value}, or null when no period is. */
    public static BillingPeriod parse(String value) {
        return StoredEnum.parse(BillingPeriod.class, value);
    }

    @jakarta.persistence.Converter
    public static class Column extends StoredEnum.Column<BillingPeriod> {
        public Column() {
            super(BillingPeriod.class);
        }
    }
}
