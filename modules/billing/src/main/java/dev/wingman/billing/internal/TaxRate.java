package dev.wingman.billing.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The sales tax (VAT, GST) charged to buyers in one country, keyed by the country (ISO 3166-1
 * alpha-2) as there is one rate per country. {@link #inclusive}: the prices shown there already
 * contain it (the EU's consumer prices), so it is taken out of the price; otherwise it is added.
 */
@Entity
@Table(name = "tax_rates")
public class TaxRate {
    @Id
    @Column(name = "country_code")
    public String countryCode;
    @Column(nullable = false)
    public String name;
    @Column(name = "basis_points", nullable = false)
    public int basisPoints;
    @Column(nullable = false)
    public boolean inclusive;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @PrePersist
    void beforeInsert() {
        createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        updatedAt = createdAt;
    }

    @PreUpdate
    void beforeUpdate() {
        updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** The rate as the quote applies it. */
    public Pricing.Tax tax() {
        return new Pricing.Tax(countryCode, name, basisPoints, inclusive);
    }
}
