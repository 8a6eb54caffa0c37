package dev.wingman.billing.internal.orders;

import dev.wingman.platform.api.IdentifiedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * One move of an order: from which state to which, who made it (null: the panel itself), why, and
 * the reference it was made under (the payment reference the buyer sent, the one staff saw the money
 * arrive under). The proof of every staff decision; never changed once written.
 */
@Entity
@Table(name = "order_events")
public class OrderEvent extends IdentifiedEntity {
    @Column(name = "order_id", nullable = false, updatable = false)
    public String orderId;
    @Convert(converter = OrderState.Column.class)
    @Column(name = "from_state", updatable = false)
    public OrderState from;
    @Convert(converter = OrderState.Column.class)
    @Column(name = "to_state", nullable = false, updatable = false)
    public OrderState to;
    @Column(name = "actor_id", updatable = false)
    public String actorId;
    @Column(updatable = false)
    public String reason;
    @Column(updatable = false)
    public String reference;

    static OrderEvent of(String orderId, OrderState from, OrderState to, String actorId, String reason, String reference) {
        OrderEvent event = new OrderEvent();
        event.orderId = orderId;
        event.from = from;
        event.to = to;
        event.actorId = actorId;
        event.reason = reason;
        event.reference = reference;
        return event;
    }
}
