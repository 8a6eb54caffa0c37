package dev.wingman.billing.internal;

import dev.wingman.billing.api.Money;
import dev.wingman.platform.api.ApiException;

import java.util.Currency;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The checks billing's inputs share, each failing with a 400 naming the field. */
public final class Inputs {
    /** The largest amount taken, in minor units: ten billion of a 2-digit currency, far above any price. */
    public static final long MAX_AMOUNT = 1_000_000_000_000L;
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");

    private Inputs() {
    }

    /** An ISO 3166-1 alpha-2 country code in either case, answered upper-cased. */
    public static String country(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalidField(field, "is required");
        }
        String code = value.strip().toUpperCase(Locale.ROOT);
        if (!COUNTRIES.contains(code)) {
            throw ApiException.invalidField(field, "must be an ISO 3166-1 alpha-2 country code such as DE or JP");
        }
        return code;
    }

    /** An ISO 4217 currency code with a minor unit (upper case: EUR, JPY, KWD). */
    public static Currency currency(String value, String field) {
        if (value == null || !CURRENCY_CODE.matcher(value).matches()) {
            throw ApiException.invalidField(field, "must be an ISO 4217 currency code such as EUR");
        }
        Currency currency;
        try {
            currency = Currency.getInstance(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField(field, "is not an ISO 4217 currency");
        }
        if (currency.getDefaultFractionDigits() < 0) {
            throw ApiException.invalidField(field, "has no minor unit and cannot be priced");
        }
        return currency;
    }

    /** {@code {"amount": minor units, "currency": "EUR"}}, the amount 0 (or 1 when {@code positive}) to {@link #MAX_AMOUNT}. */
    public static Money money(MoneyInput value, String field, boolean positive) {
        if (value == null) {
            throw ApiException.invalidField(field, "is required");
        }
        if (value.amount() == null) {
            throw ApiException.invalidField(field + ".amount", "is required (in minor units: 1999 is 19.99 EUR, 1999 JPY)");
        }
        long min = positive ? 1 : 0;
        if (value.amount() < min || value.amount() > MAX_AMOUNT) {
            throw ApiException.invalidField(field + ".amount", "must be between " + min + " and " + MAX_AMOUNT + " minor units");
        }
        return new Money(value.amount(), currency(value.currency(), field + ".currency"));
    }

    /** A required whole number from {@code min} to {@code max}. */
    public static int integer(Integer value, String field, int min, int max) {
        if (value == null) {
            throw ApiException.invalidField(field, "is required");
        }
        if (value < min || value > max) {
            throw ApiException.invalidField(field, "must be between " + min + " and " + max);
        }
        return value;
    }

    public static boolean flag(Boolean value, String field) {
        if (value == null) {
            throw ApiException.invalidField(field, "is required (true or false)");
        }
        return value;
    }

    /** An amount as requests give it: minor units and an ISO 4217 code. */
    public record MoneyInput(Long amount, String currency) {
    }
}
