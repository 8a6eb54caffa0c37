package dev.wingman.billing.internal.orders;

import dev.wingman.billing.api.BillingPeriod;
import dev.wingman.billing.api.Money;
import dev.wingman.billing.api.PlanLimits;
import dev.wingman.billing.internal.Coupons;
import dev.wingman.billing.internal.Pricing;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.TimestampedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.util.Currency;

/**
 * An order of one period of a plan, priced and frozen when it was placed: the plan as it was
 * (name, tier, period, limits), the quote (list price, discount, net, tax, total in one currency,
 * the tax rate applied), the coupon redeemed for it and the buyer as they were. Nothing here
 * follows later changes of the catalogue or the account.
 *
 * <p>Its state moves only through the intent methods ({@link #checkout}, {@link #markSent},
 * {@link #confirmPayment}, {@link #rejectPayment}, {@link #cancel}, {@link #activateFree}), each of
 * which refuses a move {@link OrderState} does not allow with a 409 and answers the
 * {@link OrderEvent} to store.
 */
@Entity(name = "BillingOrder")
@Table(name = "orders")
public class Order extends TimestampedEntity {
    @Column(name = "account_id", nullable = false, updatable = false)
    public String accountId;
    @Column(name = "organisation_id", updatable = false)
    public String organisationId;
    @Column(name = "idempotency_key", nullable = false, updatable = false)
    public String idempotencyKey;
    @Column(name = "request_fingerprint", nullable = false, updatable = false)
    public String requestFingerprint;
    @Convert(converter = OrderState.Column.class)
    @Column(nullable = false)
    public OrderState state;

    @Column(name = "plan_id", nullable = false, updatable = false)
    public String planId;
    @Column(name = "plan_name", nullable = false, updatable = false)
    public String planName;
    @Column(name = "plan_tier", nullable = false, updatable = false)
    public String planTier;
    @Convert(converter = BillingPeriod.Column.class)
    @Column(name = "plan_period", nullable = false, updatable = false)
    public BillingPeriod planPeriod;
    @Embedded
    public PlanLimits limits;

    @Column(nullable = false, updatable = false)
    String currency;
    @Column(name = "list_amount", nullable = false, updatable = false)
    long listAmount;
    @Column(name = "discount_amount", nullable = false, updatable = false)
    long discountAmount;
    @Column(name = "net_amount", nullable = false, updatable = false)
    long netAmount;
    @Column(name = "tax_amount", nullable = false, updatable = false)
    long taxAmount;
    @Column(name = "total_amount", nullable = false, updatable = false)
    long totalAmount;
    @Column(name = "regional_price", nullable = false, updatable = false)
    public boolean regionalPrice;
    @Column(name = "tax_name", updatable = false)
    String taxName;
    @Column(name = "tax_basis_points", updatable = false)
    Integer taxBasisPoints;
    @Column(name = "tax_inclusive", updatable = false)
    Boolean taxInclusive;

    @Column(name = "coupon_id", updatable = false)
    public String couponId;
    @Column(name = "coupon_code", updatable = false)
    public String couponCode;
    @Column(name = "periods_discounted", updatable = false)
    public Integer periodsDiscounted;

    @Embedded
    public Buyer buyer;

    @Column(name = "payment_method_id")
    public String paymentMethodId;
    @Column(name = "payment_method_kind")
    public String paymentMethodKind;
    @Column(name = "payment_method_name")
    public String paymentMethodName;
    @Column(name = "payment_instructions")
    public String paymentInstructions;
    @Column(name = "payment_address")
    public String paymentAddress;
    /** What the buyer is to quote with the payment; unique, and kept when the buyer picks another method. */
    @Column(name = "payment_reference")
    public String paymentReference;
    /** The transaction id or reference the buyer says the money went out under. */
    @Column(name = "sent_reference")
    public String sentReference;
    /** The reference staff saw the money arrive under. */
    @Column(name = "received_reference")
    public String receivedReference;

    /** A new order, pending, with the priced plan frozen on it. */
    static Order priced(String accountId, String organisationId, String key, String fingerprint, Coupons.Priced priced,
                        Buyer buyer) {
        Order order = new Order();
        order.accountId = accountId;
        order.organisationId = organisationId;
        order.idempotencyKey = key;
        order.requestFingerprint = fingerprint;
        order.state = OrderState.PENDING;
        order.planId = priced.plan().id();
        order.planName = priced.plan().name();
        order.planTier = priced.plan().tier();
        order.planPeriod = priced.plan().period();
        order.limits = priced.plan().limits();
        Pricing.Quote q = priced.quote();
        order.currency = q.total().currencyCode();
        order.listAmount = q.listPrice().amount();
        order.discountAmount = q.discount().amount();
        order.netAmount = q.net().amount();
        order.taxAmount = q.tax().amount();
        order.totalAmount = q.total().amount();
        order.regionalPrice = priced.regional();
        if (q.taxRate() != null) {
            order.taxName = q.taxRate().name();
            order.taxBasisPoints = q.taxRate().basisPoints();
            order.taxInclusive = q.taxRate().inclusive();
        }
        if (priced.coupon() != null) {
            order.couponId = priced.coupon().id();
            order.couponCode = priced.coupon().code();
            order.periodsDiscounted = priced.periodsDiscounted().isPresent() ? priced.periodsDiscounted().getAsInt() : null;
        }
        order.buyer = buyer;
        return order;
    }

    private Money money(long amount) {
        return new Money(amount, Currency.getInstance(currency));
    }

    /** The quote as it was frozen. */
    public Pricing.Quote quote() {
        Pricing.Tax tax = taxName == null ? null : new Pricing.Tax(buyer.country(), taxName, taxBasisPoints, taxInclusive);
        return new Pricing.Quote(money(listAmount), money(discountAmount), money(netAmount), money(taxAmount),
                money(totalAmount), tax);
    }

    public Money total() {
        return money(totalAmount);
    }

    /** Nothing to pay: the order needs no payment and is active at once. */
    public boolean free() {
        return totalAmount == 0;
    }

    /** A free order needs no payment: pending → active, by the panel. */
    OrderEvent activateFree() {
        if (!free()) {
            throw new IllegalStateException("order " + id + " costs " + total());
        }
        return move(OrderState.ACTIVE, null, "free order", null, "activated");
    }

    /**
     * The buyer chose a payment method: its instructions and address are copied onto the order (a
     * later change of the method does not change what the buyer was told), and the payment
     * reference is set once: choosing another method keeps it.
     */
    OrderEvent checkout(String actorId, PaymentSnapshot method, String newReference) {
        OrderEvent event = move(OrderState.AWAITING_PAYMENT, actorId, "payment method " + method.name(), null, "checked out");
        paymentMethodId = method.id();
        paymentMethodKind = method.kind();
        paymentMethodName = method.name();
        paymentInstructions = method.instructions();
        paymentAddress = method.address();
        if (paymentReference == null) {
            paymentReference = newReference;
        }
        event.reference = paymentReference;
        return event;
    }

    /** The buyer says the money went out under {@code reference}. */
    OrderEvent markSent(String actorId, String reference) {
        if (state == OrderState.PENDING) {
            throw ApiException.conflict("Choose a payment method first (POST /api/orders/{id}/checkout)");
        }
        OrderEvent event = move(OrderState.PAYMENT_SENT, actorId, "payment sent", reference, "marked as sent");
        sentReference = reference;
        return event;
    }

    /** Staff saw the money arrive under {@code reference}. */
    OrderEvent confirmPayment(String actorId, String reference, String note) {
        if (state == OrderState.PENDING) {
            throw ApiException.conflict("The order has no payment method yet; nothing can have been paid");
        }
        OrderEvent event = move(OrderState.ACTIVE, actorId, note == null ? "payment confirmed" : note, reference, "confirmed");
        receivedReference = reference;
        return event;
    }

    /** Staff found no payment (or a wrong one). */
    OrderEvent rejectPayment(String actorId, String reason) {
        return move(OrderState.REJECTED, actorId, reason, sentReference, "rejected");
    }

    /** The buyer withdraws the order; only before saying it was paid. */
    OrderEvent cancel(String actorId, String reason) {
        return move(OrderState.CANCELLED, actorId, reason == null ? "cancelled by the buyer" : reason, null, "cancelled");
    }

    /** A newer active order of the same subject replaced this one. */
    OrderEvent supersededBy(String newerOrderId, String actorId) {
        return move(OrderState.EXPIRED, actorId, "superseded by order " + newerOrderId, null, "superseded");
    }

    /** Whom the order is for: an organisation when bought for one, else the buying account. */
    String subjectType() {
        return organisationId == null ? Subscription.ACCOUNT : Subscription.ORGANISATION;
    }

    String subjectId() {
        return organisationId == null ? accountId : organisationId;
    }

    private OrderEvent move(OrderState to, String actorId, String reason, String reference, String verb) {
        if (!state.canMoveTo(to)) {
            throw ApiException.conflict("The order is " + state.stored() + " and cannot be " + verb);
        }
        OrderEvent event = OrderEvent.of(id, state, to, actorId, reason, reference);
        state = to;
        return event;
    }

    /** What the order keeps of a payment method. */
    record PaymentSnapshot(String id, String kind, String name, String instructions, String address) {
    }
}
