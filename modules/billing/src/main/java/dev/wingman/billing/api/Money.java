package dev.wingman.billing.api;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount of money in the minor unit of its ISO 4217 currency: cents for EUR (2 fraction digits),
 * yen for JPY and pesos for CLP (0), fils for KWD and BHD (3). {@code Money(1999, EUR)} is 19.99 EUR,
 * {@code Money(1999, JPY)} is 1999 JPY. Amounts are whole minor units, so nothing is ever a
 * fraction of a cent; the one place a fraction arises, applying a rate, rounds half up on the minor
 * unit ({@link #basisPoints}). Arithmetic between two amounts refuses different currencies
 * ({@link IllegalArgumentException}): converting is never implicit.
 */
public record Money(long amount, Currency currency) implements Comparable<Money> {
    /** 100 % in basis points (one basis point is 0.01 %). */
    public static final int FULL = 10_000;

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (currency.getDefaultFractionDigits() < 0) {
            // Gold (XAU), the testing and no-currency codes and the other ISO 4217 codes without a minor
            // unit cannot be priced in minor units.
            throw new IllegalArgumentException("Currency " + currency.getCurrencyCode() + " has no minor unit");
        }
    }

    public static Money of(long amount, String currencyCode) {
        return new Money(amount, Currency.getInstance(currencyCode));
    }

    public static Money zero(Currency currency) {
        return new Money(0, currency);
    }

    /** The ISO 4217 code, e.g. {@code EUR}. */
    public String currencyCode() {
        return currency.getCurrencyCode();
    }

    /** How many digits of the amount are the fraction: 2 for EUR, 0 for JPY, 3 for KWD. */
    public int fractionDigits() {
        return currency.getDefaultFractionDigits();
    }

    /** The amount in major units as a plain decimal with the currency's digits: "19.99", "1999" (JPY), "1.999" (KWD). */
    public String formatted() {
        return BigDecimal.valueOf(amount, fractionDigits()).toPlainString();
    }

    public boolean isZero() {
        return amount == 0;
    }

    public boolean isNegative() {
        return amount < 0;
    }

    public boolean sameCurrency(Money other) {
        return currency.equals(other.currency);
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(amount, other.amount), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.subtractExact(amount, other.amount), currency);
    }

    /** This minus {@code other}, but never below zero (a discount larger than the price leaves nothing to pay). */
    public Money minusFloorZero(Money other) {
        Money difference = minus(other);
        return difference.isNegative() ? zero(currency) : difference;
    }

    public Money times(long factor) {
        return new Money(Math.multiplyExact(amount, factor), currency);
    }

    public Money min(Money other) {
        requireSameCurrency(other);
        return amount <= other.amount ? this : other;
    }

    /**
     * {@code basisPoints / 10000} of this amount, rounded half up on the minor unit (away from zero
     * at exactly half): 15 % of 19.99 EUR is 2.9985, so 3.00; 15 % of 1999 JPY is 299.85, so 300.
     */
    public Money basisPoints(long basisPoints) {
        return ratio(basisPoints, FULL);
    }

    /**
     * This amount times {@code numerator / denominator}, rounded half up on the minor unit: the part
     * of a tax-inclusive price that is tax is {@code ratio(rate, 10000 + rate)}.
     */
    public Money ratio(long numerator, long denominator) {
        if (denominator <= 0) {
            throw new IllegalArgumentException("denominator must be positive: " + denominator);
        }
        BigDecimal exact = BigDecimal.valueOf(amount).multiply(BigDecimal.valueOf(numerator))
                .divide(BigDecimal.valueOf(denominator), 0, RoundingMode.HALF_UP);
        return new Money(exact.longValueExact(), currency);
    }

    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return Long.compare(amount, other.amount);
    }

    private void requireSameCurrency(Money other) {
        if (!sameCurrency(other)) {
            throw new IllegalArgumentException("Cannot combine " + currencyCode() + " with " + other.currencyCode());
        }
    }

    @Override
    public String toString() {
        return formatted() + " " + currencyCode();
    }
}
