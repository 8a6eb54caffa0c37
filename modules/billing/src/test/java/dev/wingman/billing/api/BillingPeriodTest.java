package dev.wingman.billing.api;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BillingPeriodTest {
    private static final ZoneId UTC = ZoneOffset.UTC;

    @Test
    void aMonthFromTheLastDayEndsOnTheLastDayOfAShorterMonth() {
        Instant jan31 = Instant.parse("2027-01-31T10:00:00Z");
        assertEquals(Optional.of(Instant.parse("2027-02-28T10:00:00Z")), BillingPeriod.MONTHLY.nextEnd(jan31, UTC));
        assertEquals(Optional.of(Instant.parse("2028-02-29T10:00:00Z")),
                BillingPeriod.MONTHLY.nextEnd(Instant.parse("2028-01-31T10:00:00Z"), UTC), "leap year");
        assertEquals(Optional.of(Instant.parse("2027-04-15T00:00:00Z")),
                BillingPeriod.MONTHLY.nextEnd(Instant.parse("2027-03-15T00:00:00Z"), UTC));
    }

    @Test
    void countingFromTheAnchorKeepsTheDayOfTheMonth() {
        Instant jan31 = Instant.parse("2027-01-31T10:00:00Z");
        assertEquals(Instant.parse("2027-03-31T10:00:00Z"), BillingPeriod.MONTHLY.endAfter(jan31, 2, UTC).orElseThrow());
        assertEquals(Instant.parse("2027-04-30T10:00:00Z"), BillingPeriod.MONTHLY.endAfter(jan31, 3, UTC).orElseThrow());
        assertEquals(jan31, BillingPeriod.MONTHLY.endAfter(jan31, 0, UTC).orElseThrow());
    }

    @Test
    void quartersAndYears() {
        Instant nov30 = Instant.parse("2026-11-30T12:00:00Z");
        assertEquals(Instant.parse("2027-02-28T12:00:00Z"), BillingPeriod.QUARTERLY.nextEnd(nov30, UTC).orElseThrow());
        Instant leapDay = Instant.parse("2028-02-29T12:00:00Z");
        assertEquals(Instant.parse("2029-02-28T12:00:00Z"), BillingPeriod.YEARLY.nextEnd(leapDay, UTC).orElseThrow());
        assertEquals(Instant.parse("2032-02-29T12:00:00Z"), BillingPeriod.YEARLY.endAfter(leapDay, 4, UTC).orElseThrow());
    }

    @Test
    void periodsFollowTheWallClockAcrossDaylightSaving() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        // 1 March 2027 00:00 in Berlin is 23:00 UTC the day before (CET); 1 April 00:00 is 22:00 UTC (CEST).
        Instant march = Instant.parse("2027-02-28T23:00:00Z");
        assertEquals(Instant.parse("2027-03-31T22:00:00Z"), BillingPeriod.MONTHLY.nextEnd(march, berlin).orElseThrow());
        // In UTC the same start ends at 23:00 on 31 March: the zone decides.
        assertEquals(Instant.parse("2027-03-28T23:00:00Z"), BillingPeriod.MONTHLY.nextEnd(march, UTC).orElseThrow());
    }

    @Test
    void lifetimeNeverEnds() {
        assertFalse(BillingPeriod.LIFETIME.recurring());
        assertTrue(BillingPeriod.LIFETIME.nextEnd(Instant.now(), UTC).isEmpty());
        assertTrue(BillingPeriod.MONTHLY.recurring());
    }

    @Test
    void storedNames() {
        assertEquals(BillingPeriod.QUARTERLY, BillingPeriod.parse("quarterly"));
        assertEquals("yearly", BillingPeriod.YEARLY.stored());
        assertNull(BillingPeriod.parse("weekly"));
        assertNull(BillingPeriod.parse(null));
    }
}
