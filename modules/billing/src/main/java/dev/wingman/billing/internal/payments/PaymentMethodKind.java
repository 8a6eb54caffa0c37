package dev.wingman.billing.internal.payments;

import dev.wingman.platform.api.StoredEnum;
import jakarta.persistence.Converter;

/** How a manual payment method is paid: a crypto wallet, PayPal, a bank transfer, or anything else. */
public enum PaymentMethodKind implements StoredEnum {
    CRYPTO("crypto"),
    PAYPAL("paypal"),
    BANK_TRANSFER("bank_transfer"),
    OTHER("other");

    private final String stored;

    PaymentMethodKind(String stored) {
        this.stored = stored;
    }

    @Override
    public String stored() {
        return stored;
    }

    /** The kind stored as {@code value}, or null when none is. */
    public static PaymentMethodKind parse(String value) {
        return StoredEnum.parse(PaymentMethodKind.class, value);
    }

    @Converter
    public static class Column extends StoredEnum.Column<PaymentMethodKind> {
        public Column() {
            super(PaymentMethodKind.class);
        }
    }
}
