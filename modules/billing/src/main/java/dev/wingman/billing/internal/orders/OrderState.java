package dev.wingman.billing.internal.orders;

import dev.wingman.platform.api.StoredEnum;
import jakarta.persistence.Converter;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an order is. pending (placed, priced) → awaiting_payment (the buyer chose a payment method
 * and has its instructions and reference; choosing another keeps it there) → payment_sent (the
 * buyer says the money went out) → active (staff confirmed it arrived; a free order goes there at
 * once from pending) → expired (its period ended, or a newer order replaced it). Before payment
 * the buyer may cancel (cancelled); staff may reject a payment that did not arrive (rejected).
 * Staff may also confirm or reject an order still awaiting payment: money can arrive before the
 * buyer says so. cancelled, rejected and expired are final.
 */
public enum OrderState implements StoredEnum {
    PENDING("pending"),
    AWAITING_PAYMENT("awaiting_payment"),
    PAYMENT_SENT("payment_sent"),
    ACTIVE("active"),
    EXPIRED("expired"),
    CANCELLED("cancelled"),
    REJECTED("rejected");

    private final String stored;

    OrderState(String stored) {
        this.stored = stored;
    }

    @Override
    public String stored() {
        return stored;
    }

    Set<OrderState> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(AWAITING_PAYMENT, ACTIVE, CANCELLED);
            case AWAITING_PAYMENT -> EnumSet.of(AWAITING_PAYMENT, PAYMENT_SENT, ACTIVE, CANCELLED, REJECTED);
            case PAYMENT_SENT -> EnumSet.of(ACTIVE, REJECTED);
            case ACTIVE -> EnumSet.of(EXPIRED);
            case EXPIRED, CANCELLED, REJECTED -> EnumSet.noneOf(OrderState.class);
        };
    }

    boolean canMoveTo(OrderState target) {
        return next().contains(target);
    }

    /** The state stored as {@code value}, or null for none (a filter naming no state). */
    public static OrderState parse(String value) {
        return StoredEnum.parse(OrderState.class, value);
    }

    /** Maps the enum onto {@code orders.state} and {@code order_events.*_state} with its strings. */
    @Converter
    public static class Column extends StoredEnum.Column<OrderState> {
        public Column() {
            super(OrderState.class);
        }
    }
}
