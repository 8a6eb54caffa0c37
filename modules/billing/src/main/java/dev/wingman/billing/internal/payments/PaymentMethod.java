package dev.wingman.billing.internal.payments;

import dev.wingman.platform.api.TimestampedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * A way to pay that an administrator set up: its kind, the name buyers choose it by, the
 * instructions and the address (wallet, PayPal address, IBAN) they pay to. Only active methods
 * can be chosen. Orders copy what they were told, so changing a method changes no order.
 */
@Entity
@Table(name = "payment_methods")
public class PaymentMethod extends TimestampedEntity {
    @Convert(converter = PaymentMethodKind.Column.class)
    @Column(nullable = false)
    public PaymentMethodKind kind;
    @Column(nullable = false)
    public String name;
    @Column(nullable = false)
    public String instructions;
    @Column(nullable = false)
    public String address;
    @Column(nullable = false)
    public boolean active;

    void replaceWith(PaymentMethod changed) {
        kind = changed.kind;
        name = changed.name;
        instructions = changed.instructions;
        address = changed.address;
        active = changed.active;
    }
}
