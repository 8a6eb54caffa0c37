package dev.wingman.billing.internal.orders;

import dev.wingman.billing.api.BillingPeriod;
import dev.wingman.billing.api.PlanLimits;
import dev.wingman.billing.internal.Pricing;

import java.time.Instant;
import java.util.List;

/** An order as the service hands it out; {@code history} is null where it was not read (lists). */
public record OrderInfo(String id, OrderState state, String accountId, String organisationId, String planId, String planName,
                        String planTier, BillingPeriod planPeriod, PlanLimits limits, Pricing.Quote quote, boolean regionalPrice,
                        String couponCode, Integer periodsDiscounted, Buyer buyer, Payment payment, Instant createdAt,
                        Instant updatedAt, List<Event> history) {

    /** How the order is paid; null before checkout. */
    public record Payment(String methodId, String kind, String methodName, String instructions, String address,
                          String reference, String sentReference, String receivedReference) {
    }

    public record Event(OrderState from, OrderState to, String actorId, String reason, String reference, Instant at) {
    }

    static OrderInfo of(Order o, List<Event> history) {
        Payment payment = o.paymentReference == null ? null : new Payment(o.paymentMethodId, o.paymentMethodKind,
                o.paymentMethodName, o.paymentInstructions, o.paymentAddress, o.paymentReference, o.sentReference,
                o.receivedReference);
        return new OrderInfo(o.id, o.state, o.accountId, o.organisationId, o.planId, o.planName, o.planTier, o.planPeriod,
                o.limits, o.quote(), o.regionalPrice, o.couponCode, o.periodsDiscounted, o.buyer, payment, o.createdAt,
                o.updatedAt, history);
    }
}
