package dev.wingman.billing.internal;

import dev.wingman.billing.api.Money;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PricingTest {
    private static final Pricing.Tax VAT_DE_INCLUSIVE = new Pricing.Tax("DE", "VAT", 1900, true);
    private static final Pricing.Tax GST_AU_EXCLUSIVE = new Pricing.Tax("AU", "GST", 1000, false);
    private static final Pricing.Tax JCT_JP_EXCLUSIVE = new Pricing.Tax("JP", "JCT", 1000, false);

    private static void assertQuote(Pricing.Quote q, long list, long discount, long net, long tax, long total) {
        assertEquals(list, q.listPrice().amount(), "list");
        assertEquals(discount, q.discount().amount(), "discount");
        assertEquals(net, q.net().amount(), "net");
        assertEquals(tax, q.tax().amount(), "tax");
        assertEquals(total, q.total().amount(), "total");
        assertEquals(q.total(), q.net().plus(q.tax()), "net + tax = total");
    }

    @Test
    void noCouponNoTax() {
        Pricing.Quote q = Pricing.quote(Money.of(1999, "EUR"), null, null);
        assertQuote(q, 1999, 0, 1999, 0, 1999);
        assertNull(q.taxRate());
    }

    @Test
    void exclusiveTaxIsAdded() {
        // 10 % GST on 19.99 AUD = 1.999 -> 2.00; total 21.99
        assertQuote(Pricing.quote(Money.of(1999, "AUD"), null, GST_AU_EXCLUSIVE), 1999, 0, 1999, 200, 2199);
    }

    @Test
    void inclusiveTaxIsTakenOutOfThePrice() {
        // 19.99 EUR containing 19 % VAT: 19.99 * 19/119 = 3.1918 -> 3.19, net 16.80
        assertQuote(Pricing.quote(Money.of(1999, "EUR"), null, VAT_DE_INCLUSIVE), 1999, 0, 1680, 319, 1999);
        // 11.90 EUR: exactly 1.90 VAT on 10.00
        assertQuote(Pricing.quote(Money.of(1190, "EUR"), null, VAT_DE_INCLUSIVE), 1190, 0, 1000, 190, 1190);
    }

    @Test
    void percentageCouponThenTax() {
        // 25 % off 19.99 = 4.9975 -> 5.00; 14.99 + 10 % = 1.499 -> 1.50; 16.49
        assertQuote(Pricing.quote(Money.of(1999, "AUD"), new Pricing.Percentage(2500), GST_AU_EXCLUSIVE),
                1999, 500, 1499, 150, 1649);
        // inclusive: 20 % off 11.90 = 2.38; 9.52 containing 19 %: 1.52; net 8.00
        assertQuote(Pricing.quote(Money.of(1190, "EUR"), new Pricing.Percentage(2000), VAT_DE_INCLUSIVE),
                1190, 238, 800, 152, 952);
    }

    @Test
    void zeroDecimalCurrency() {
        // 1,480 yen, 15 % off = 222 yen; 1,258 + 10 % = 125.8 -> 126; 1,384
        assertQuote(Pricing.quote(Money.of(1480, "JPY"), new Pricing.Percentage(1500), JCT_JP_EXCLUSIVE),
                1480, 222, 1258, 126, 1384);
        // 999 yen inclusive of 10 %: 999/11 = 90.8 -> 91
        assertQuote(Pricing.quote(Money.of(999, "JPY"), null, new Pricing.Tax("JP", "JCT", 1000, true)),
                999, 0, 908, 91, 999);
        assertQuote(Pricing.quote(Money.of(999, "JPY"), new Pricing.Fixed(Money.of(100, "JPY")), null), 999, 100, 899, 0, 899);
    }

    @Test
    void threeDecimalCurrency() {
        // 4.250 KWD, 12.5 % off = 0.53125 -> 0.531; 3.719 + 5 % = 0.18595 -> 0.186; 3.905
        assertQuote(Pricing.quote(Money.of(4250, "KWD"), new Pricing.Percentage(1250), new Pricing.Tax("KW", "VAT", 500, false)),
                4250, 531, 3719, 186, 3905);
    }

    @Test
    void aFullCouponLeavesNothingToPayNorTax() {
        assertQuote(Pricing.quote(Money.of(1999, "EUR"), new Pricing.Percentage(10_000), VAT_DE_INCLUSIVE), 1999, 1999, 0, 0, 0);
        assertQuote(Pricing.quote(Money.of(1999, "AUD"), new Pricing.Percentage(10_000), GST_AU_EXCLUSIVE), 1999, 1999, 0, 0, 0);
    }

    @Test
    void aFixedCouponLargerThanThePriceFloorsAtZero() {
        Pricing.Quote q = Pricing.quote(Money.of(500, "EUR"), new Pricing.Fixed(Money.of(2000, "EUR")), VAT_DE_INCLUSIVE);
        assertQuote(q, 500, 500, 0, 0, 0);
    }

    @Test
    void aFixedCouponInAnotherCurrencyDoesNotApply() {
        assertThrows(Pricing.NotApplicable.class,
                () -> Pricing.quote(Money.of(1999, "EUR"), new Pricing.Fixed(Money.of(500, "USD")), null));
        assertThrows(Pricing.NotApplicable.class,
                () -> Pricing.quote(Money.of(1999, "JPY"), new Pricing.Fixed(Money.of(500, "EUR")), null));
    }

    @Test
    void aFreePlanCostsNothing() {
        assertQuote(Pricing.quote(Money.of(0, "EUR"), new Pricing.Percentage(5000), GST_AU_EXCLUSIVE), 0, 0, 0, 0, 0);
    }

    @Test
    void impossibleInputsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Pricing.Percentage(10_001));
        assertThrows(IllegalArgumentException.class, () -> new Pricing.Tax("DE", "VAT", -1, true));
        assertThrows(IllegalArgumentException.class, () -> new Pricing.Fixed(Money.of(-1, "EUR")));
        assertThrows(IllegalArgumentException.class, () -> Pricing.quote(Money.of(-1, "EUR"), null, null));
    }
}
