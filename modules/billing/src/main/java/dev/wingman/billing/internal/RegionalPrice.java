package dev.wingman.billing.internal;

import dev.wingman.billing.api.Money;
import dev.wingman.platform.api.TimestampedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.util.Currency;

/** A plan's price for buyers in one country (ISO 3166-1 alpha-2), in that price's own currency. */
@Entity
@Table(name = "plan_regional_prices")
public class RegionalPrice extends TimestampedEntity {
    @Column(name = "plan_id", nullable = false)
    public String planId;
    @Column(name = "country_code", nullable = false)
    public String countryCode;
    @Column(nullable = false)
    long amount;
    @Column(nullable = false)
    String currency;

    public Money price() {
        return new Money(amount, Currency.getInstance(currency));
    }

    void price(Money price) {
        amount = price.amount();
        currency = price.currencyCode();
    }
}
