package dev.wingman.billing.internal;

import dev.wingman.billing.api.BillingPeriod;
import dev.wingman.billing.api.Money;
import dev.wingman.billing.api.PlanLimits;
import dev.wingman.platform.api.TimestampedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.util.Currency;

/**
 * A plan of the catalogue: the tier it grants, its list price per period and the limits it
 * entitles to. Buyers see it only while it is both {@link #active} (on sale) and {@link #visible}
 * (listed); an inactive plan stays in the catalogue for administrators (and, later, for the orders
 * that bought it) but cannot be bought.
 */
@Entity
@Table(name = "plans")
public class Plan extends TimestampedEntity {
    @Column(nullable = false)
    public String name;
    @Column(nullable = false)
    public String description;
    /** One of auth's {@code Tiers}. */
    @Column(nullable = false)
    public String tier;
    @Column(name = "price_amount", nullable = false)
    long priceAmount;
    @Column(name = "price_currency", nullable = false)
    String priceCurrency;
    @Convert(converter = BillingPeriod.Column.class)
    @Column(nullable = false)
    public BillingPeriod period;
    @Embedded
    public PlanLimits limits;
    @Column(nullable = false)
    public boolean visible;
    @Column(nullable = false)
    public boolean active;

    public Money price() {
        return new Money(priceAmount, Currency.getInstance(priceCurrency));
    }

    void price(Money price) {
        priceAmount = price.amount();
        priceCurrency = price.currencyCode();
    }

    /** Whether buyers see it and may buy it. */
    public boolean offered() {
        return active && visible;
    }

    /** Takes every field of {@code changed} (a validated replacement). */
    void replaceWith(Plan changed) {
        name = changed.name;
        description = changed.description;
        tier = changed.tier;
        price(changed.price());
        period = changed.period;
        limits = changed.limits;
        visible = changed.visible;
        active = changed.active;
    }
}
