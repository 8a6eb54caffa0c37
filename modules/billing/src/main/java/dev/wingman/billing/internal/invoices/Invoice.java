package dev.wingman.billing.internal.invoices;

import dev.wingman.billing.api.Money;
import dev.wingman.platform.api.IdentifiedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Currency;
import java.util.List;

/**
 * An issued invoice: written once and never changed ({@code @Immutable}), a snapshot of who sold,
 * who bought, what and for how much, as it was at issue. Kept when its order or account is deleted.
 */
@Entity
@Immutable
@Table(name = "invoices")
public class Invoice extends IdentifiedEntity {
    /** The seller, as configured when the invoice was issued. */
    public record Party(String name, List<String> address, String taxId, String email) {
    }

    /** One line: a description, how many, the price of one and the line's amount (minor units). */
    public record Line(String description, int quantity, long unitAmount, long amount) {
    }

    /** The buyer as the order froze them. */
    public record Buyer(String name, String email, String country, String organisationName) {
    }

    @Column(nullable = false, updatable = false)
    public String number;
    @Column(name = "order_id", nullable = false, updatable = false)
    public String orderId;
    @Column(name = "account_id", nullable = false, updatable = false)
    public String accountId;
    @Column(name = "organisation_id", updatable = false)
    public String organisationId;
    @Column(name = "issued_at", nullable = false, updatable = false)
    public Instant issuedAt;
    @Column(nullable = false, updatable = false)
    public String currency;
    @Column(name = "list_amount", nullable = false, updatable = false)
    public long listAmount;
    @Column(name = "discount_amount", nullable = false, updatable = false)
    public long discountAmount;
    @Column(name = "net_amount", nullable = false, updatable = false)
    public long netAmount;
    @Column(name = "tax_amount", nullable = false, updatable = false)
    public long taxAmount;
    @Column(name = "total_amount", nullable = false, updatable = false)
    public long totalAmount;
    @Column(name = "tax_name", updatable = false)
    public String taxName;
    @Column(name = "tax_basis_points", updatable = false)
    public Integer taxBasisPoints;
    @Column(name = "tax_inclusive", updatable = false)
    public Boolean taxInclusive;
    @Column(name = "coupon_code", updatable = false)
    public String couponCode;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, updatable = false)
    public Party seller;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, updatable = false)
    public Buyer buyer;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, updatable = false)
    public List<Line> lines;
    @Column(name = "payment_method", updatable = false)
    public String paymentMethod;
    @Column(name = "payment_reference", updatable = false)
    public String paymentReference;

    protected Invoice() {
    }

    Invoice(String number, Instant issuedAt) {
        this.number = number;
        this.issuedAt = issuedAt;
    }

    public Money money(long amount) {
        return new Money(amount, Currency.getInstance(currency));
    }
}
