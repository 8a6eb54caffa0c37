package dev.wingman.billing.api;

import org.junit.jupiter.api.Test;

import java.util.Currency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MoneyTest {

    @Test
    void eachCurrencyHasItsOwnFractionDigits() {
        assertEquals("19.99", Money.of(1999, "EUR").formatted());
        assertEquals(2, Money.of(1999, "EUR").fractionDigits());
        assertEquals("1999", Money.of(1999, "JPY").formatted());
        assertEquals("500", Money.of(500, "CLP").formatted());
        assertEquals("1.999", Money.of(1999, "KWD").formatted());
        assertEquals("0.005", Money.of(5, "BHD").formatted());
        assertEquals("0.05", Money.of(5, "USD").formatted());
        assertEquals("-1.50", Money.of(-150, "EUR").formatted());
        assertEquals("19.99 EUR", Money.of(1999, "EUR").toString());
    }

    @Test
    void currenciesWithoutAMinorUnitAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Money(1, Currency.getInstance("XAU")));
        assertThrows(NullPointerException.class, () -> new Money(1, null));
    }

    @Test
    void arithmeticRefusesMixingCurrencies() {
        Money eur = Money.of(1000, "EUR");
        assertEquals(Money.of(1500, "EUR"), eur.plus(Money.of(500, "EUR")));
        assertEquals(Money.of(500, "EUR"), eur.minus(Money.of(500, "EUR")));
        assertEquals(Money.of(0, "EUR"), eur.minusFloorZero(Money.of(1500, "EUR")));
        assertEquals(Money.of(3000, "EUR"), eur.times(3));
        assertThrows(IllegalArgumentException.class, () -> eur.plus(Money.of(1000, "USD")));
        assertThrows(IllegalArgumentException.class, () -> eur.minus(Money.of(1000, "JPY")));
        assertThrows(IllegalArgumentException.class, () -> eur.min(Money.of(1, "USD")));
        assertThrows(IllegalArgumentException.class, () -> eur.compareTo(Money.of(1, "USD")));
        assertThrows(ArithmeticException.class, () -> Money.of(Long.MAX_VALUE, "EUR").plus(Money.of(1, "EUR")));
        assertTrue(eur.compareTo(Money.of(999, "EUR")) > 0);
    }

    @Test
    void basisPointsRoundHalfUpOnTheMinorUnit() {
        // 15 % of 19.99 = 2.9985 -> 3.00
        assertEquals(Money.of(300, "EUR"), Money.of(1999, "EUR").basisPoints(1500));
        // 10 % of 0.05 = 0.005 -> 0.01 (half up)
        assertEquals(Money.of(1, "EUR"), Money.of(5, "EUR").basisPoints(1000));
        // 10 % of 0.04 = 0.004 -> 0.00
        assertEquals(Money.of(0, "EUR"), Money.of(4, "EUR").basisPoints(1000));
        // JPY has no fraction: 15 % of 1999 yen = 299.85 -> 300 yen
        assertEquals(Money.of(300, "JPY"), Money.of(1999, "JPY").basisPoints(1500));
        // 2.5 % of 3 yen = 0.075 -> 0; of 20 yen = 0.5 -> 1
        assertEquals(Money.of(0, "JPY"), Money.of(3, "JPY").basisPoints(250));
        assertEquals(Money.of(1, "JPY"), Money.of(20, "JPY").basisPoints(250));
        // KWD, 3 digits: 5 % of 1.999 = 0.09995 -> 0.100
        assertEquals(Money.of(100, "KWD"), Money.of(1999, "KWD").basisPoints(500));
        assertEquals(Money.of(1999, "EUR"), Money.of(1999, "EUR").basisPoints(10_000));
        // Half up away from zero for negative amounts (credits): -0.05 * 10 % = -0.005 -> -0.01
        assertEquals(Money.of(-1, "EUR"), Money.of(-5, "EUR").basisPoints(1000));
    }

    @Test
    void ratioIsExactForLargeAmounts() {
        Money big = Money.of(999_999_999_999L, "EUR");
        assertEquals(Money.of(166_666_666_667L, "EUR"), big.ratio(2000, 12000));
        assertThrows(IllegalArgumentException.class, () -> big.ratio(1, 0));
    }
}
