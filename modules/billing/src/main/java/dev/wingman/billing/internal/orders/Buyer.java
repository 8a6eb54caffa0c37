package dev.wingman.billing.internal.orders;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * Who bought an order, as they were when they ordered: the account's e-mail and name, the country
 * the order was priced for (null: none given, so no regional price and no tax), and the
 * organisation's name when bought for one. Invoices print these, not today's account.
 */
@Embeddable
public record Buyer(
        @Column(name = "buyer_email", nullable = false) String email,
        @Column(name = "buyer_name", nullable = false) String name,
        @Column(name = "buyer_country") String country,
        @Column(name = "buyer_organisation_name") String organisationName) {
}
