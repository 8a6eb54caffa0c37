package dev.wingman.billing.internal;

import dev.wingman.billing.api.Money;

import java.util.Objects;

/**
 * The price of one period of a plan for one buyer: pure arithmetic on {@link Money}, no lookups.
 * In order:
 * <ol>
 * <li><b>list price</b>: the plan's regional price for the buyer's country, else its own price;</li>
 * <li><b>discount</b>: a percentage coupon takes {@code basisPoints / 10000} of the list price,
 *     rounded half up on the minor unit; a fixed coupon takes its amount, at most the list price
 *     (the rest is not carried over), and only in the list price's currency ({@link NotApplicable}
 *     otherwise: no conversion);</li>
 * <li>the discounted price is {@code list - discount}, never below zero;</li>
 * <li><b>tax</b>, by the buyer's country's rate: <i>exclusive</i>, it is added: {@code tax =
 *     round(discounted * rate)}, {@code net = discounted}, {@code total = net + tax};
 *     <i>inclusive</i>, the discounted price already contains it: {@code total = discounted},
 *     {@code tax = round(total * rate / (1 + rate))}, {@code net = total - tax}. Rounding is half up
 *     on the minor unit, so {@code net + tax = total} always holds exactly. No rate: no tax.</li>
 * </ol>
 */
public final class Pricing {
    private Pricing() {
    }

    /** What a coupon takes off. */
    public sealed interface Discount permits Percentage, Fixed {
    }

    /** {@code basisPoints} of the price (10000 = all of it). */
    public record Percentage(int basisPoints) implements Discount {
        public Percentage {
            if (basisPoints < 0 || basisPoints > Money.FULL) {
                throw new IllegalArgumentException("basisPoints must be 0 to 10000: " + basisPoints);
            }
        }
    }

    /** A fixed amount, only off prices in its own currency. */
    public record Fixed(Money amount) implements Discount {
        public Fixed {
            Objects.requireNonNull(amount, "amount");
            if (amount.isNegative()) {
                throw new IllegalArgumentException("a fixed discount cannot be negative: " + amount);
            }
        }
    }

    /** A country's sales tax: {@code basisPoints} (2000 = 20 %), included in prices or added to them. */
    public record Tax(String countryCode, String name, int basisPoints, boolean inclusive) {
        public Tax {
            if (basisPoints < 0 || basisPoints > Money.FULL) {
                throw new IllegalArgumentException("basisPoints must be 0 to 10000: " + basisPoints);
            }
        }
    }

    /** One period's price, each amount in the list price's currency; {@code net + tax = total}. */
    public record Quote(Money listPrice, Money discount, Money net, Money tax, Money total, Tax taxRate) {
    }

    /** A coupon that cannot discount this price (a fixed amount in another currency). */
    public static final class NotApplicable extends RuntimeException {
        public NotApplicable(String message) {
            super(message, null, false, false);
        }
    }

    /** The quote for {@code listPrice} with an optional {@code discount} and an optional {@code tax}. */
    public static Quote quote(Money listPrice, Discount discount, Tax tax) {
        Objects.requireNonNull(listPrice, "listPrice");
        if (listPrice.isNegative()) {
            throw new IllegalArgumentException("a price cannot be negative: " + listPrice);
        }
        Money off = discountOf(listPrice, discount);
        Money discounted = listPrice.minusFloorZero(off);
        Money zero = Money.zero(listPrice.currency());
        if (tax == null) {
            return new Quote(listPrice, off, discounted, zero, discounted, null);
        }
        if (tax.inclusive()) {
            Money taxPart = discounted.ratio(tax.basisPoints(), Money.FULL + tax.basisPoints());
            return new Quote(listPrice, off, discounted.minus(taxPart), taxPart, discounted, tax);
        }
        Money added = discounted.basisPoints(tax.basisPoints());
        return new Quote(listPrice, off, discounted, added, discounted.plus(added), tax);
    }

    /** What {@code discount} takes off {@code price}: never more than the price. */
    public static Money discountOf(Money price, Discount discount) {
        return switch (discount) {
            case null -> Money.zero(price.currency());
            case Percentage p -> price.basisPoints(p.basisPoints());
            case Fixed f -> {
                if (!f.amount().sameCurrency(price)) {
                    throw new NotApplicable("The coupon is in " + f.amount().currencyCode() + ", the price in "
                            + price.currencyCode());
                }
                yield f.amount().min(price);
            }
        };
    }
}
