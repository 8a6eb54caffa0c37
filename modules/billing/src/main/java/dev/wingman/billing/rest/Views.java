package dev.wingman.billing.rest;

import jakarta.ws.rs.core.Response;
import dev.wingman.billing.internal.invoices.Invoices;
import dev.wingman.billing.api.Money;
import dev.wingman.billing.api.PlanLimits;
import dev.wingman.billing.internal.Coupons;
import dev.wingman.billing.internal.PlanCatalogue;
import dev.wingman.billing.internal.Pricing;
import dev.wingman.billing.internal.TaxRates;
import dev.wingman.billing.internal.orders.Buyer;
import dev.wingman.billing.internal.orders.OrderInfo;
import dev.wingman.billing.internal.payments.PaymentMethods;

import java.time.Instant;
import java.util.List;

/** What billing's endpoints answer. */
public final class Views {
    private Views() {
    }

    /** Money on the wire: minor units, the ISO 4217 code, and the amount in major units with the currency's digits. */
    public record MoneyView(long amount, String currency, String formatted) {
    }

    /** The plan as buyers see it. */
    public record PublicPlanView(String id, String name, String description, String tier, MoneyView price, String period,
                          PlanLimits limits) {
    }

    /** The plan as administrators see it. */
    public record PlanView(String id, String name, String description, String tier, MoneyView price, String period,
                    PlanLimits limits, boolean visible, boolean active, Instant createdAt, Instant updatedAt) {
    }

    public record RegionalPriceView(String planId, String countryCode, MoneyView price, Instant createdAt, Instant updatedAt) {
    }

    public record TaxRateView(String countryCode, String name, int basisPoints, boolean inclusive, Instant createdAt,
                       Instant updatedAt) {
    }

    public record CouponView(String id, String code, String kind, Integer percentBasisPoints, MoneyView fixed, Instant validFrom,
                      Instant validUntil, Integer maxUses, Integer maxUsesPerAccount, int uses, String duration,
                      Integer durationPeriods, List<String> planIds, boolean active, Instant createdAt, Instant updatedAt) {
    }

    public record TaxView(String countryCode, String name, int basisPoints, boolean inclusive) {
    }

    public record QuoteView(MoneyView listPrice, MoneyView discount, MoneyView net, MoneyView tax, MoneyView total, TaxView taxRate) {
    }

    /** A coupon check: the code as stored, the plan, the buyer's country, whether the price is regional, and the quote. */
    public record CouponCheckView(boolean valid, String code, String kind, Integer percentBasisPoints, MoneyView fixed,
                           String duration, Integer periodsDiscounted, String planId, String country, boolean regionalPrice,
                           QuoteView quote) {
    }

    /** A plan as an order froze it. */
    public record OrderPlanView(String id, String name, String tier, String period, PlanLimits limits) {
    }

    public record OrderPaymentView(String methodId, String kind, String methodName, String instructions, String address,
                                   String reference, String sentReference, String receivedReference) {
    }

    /** One move of an order: who (null: the panel), when, why, under which reference. */
    public record OrderEventView(String from, String to, String actorId, String reason, String reference, Instant at) {
    }

    /**
     * An order: its state, the plan and quote frozen when placed, the coupon, the buyer snapshot, the
     * payment (null before checkout) and, for one order, its history.
     */
    public record OrderView(String id, String state, String accountId, String organisationId, OrderPlanView plan,
                            QuoteView quote, boolean regionalPrice, String couponCode, Integer periodsDiscounted, Buyer buyer,
                            OrderPaymentView payment, Instant createdAt, Instant updatedAt, List<OrderEventView> history) {
    }

    public record PaymentMethodView(String id, String kind, String name, String instructions, String address, boolean active,
                                    Instant createdAt, Instant updatedAt) {
    }

    static OrderView order(OrderInfo o) {
        OrderInfo.Payment p = o.payment();
        return new OrderView(o.id(), o.state().stored(), o.accountId(), o.organisationId(),
                new OrderPlanView(o.planId(), o.planName(), o.planTier(), o.planPeriod().stored(), o.limits()), quote(o.quote()),
                o.regionalPrice(), o.couponCode(), o.periodsDiscounted(), o.buyer(),
                p == null ? null : new OrderPaymentView(p.methodId(), p.kind(), p.methodName(), p.instructions(), p.address(),
                        p.reference(), p.sentReference(), p.receivedReference()),
                o.createdAt(), o.updatedAt(), o.history() == null ? null : o.history().stream()
                        .map(e -> new OrderEventView(e.from() == null ? null : e.from().stored(), e.to().stored(), e.actorId(),
                                e.reason(), e.reference(), e.at())).toList());
    }

    static PaymentMethodView paymentMethod(PaymentMethods.Info m) {
        return new PaymentMethodView(m.id(), m.kind().stored(), m.name(), m.instructions(), m.address(), m.active(),
                m.createdAt(), m.updatedAt());
    }

    static MoneyView money(Money m) {
        return m == null ? null : new MoneyView(m.amount(), m.currencyCode(), m.formatted());
    }

    static PublicPlanView publicPlan(PlanCatalogue.PlanInfo p) {
        return new PublicPlanView(p.id(), p.name(), p.description(), p.tier(), money(p.price()), p.period().stored(), p.limits());
    }

    static PlanView plan(PlanCatalogue.PlanInfo p) {
        return new PlanView(p.id(), p.name(), p.description(), p.tier(), money(p.price()), p.period().stored(), p.limits(),
                p.visible(), p.active(), p.createdAt(), p.updatedAt());
    }

    static RegionalPriceView regionalPrice(PlanCatalogue.RegionalPriceInfo r) {
        return new RegionalPriceView(r.planId(), r.countryCode(), money(r.price()), r.createdAt(), r.updatedAt());
    }

    static TaxRateView taxRate(TaxRates.Info t) {
        return new TaxRateView(t.countryCode(), t.name(), t.basisPoints(), t.inclusive(), t.createdAt(), t.updatedAt());
    }

    static CouponView coupon(Coupons.Info c) {
        return new CouponView(c.id(), c.code(), c.kind().stored(), c.percentBasisPoints(), money(c.fixed()), c.validFrom(),
                c.validUntil(), c.maxUses(), c.maxUsesPerAccount(), c.uses(), c.duration().stored(), c.durationPeriods(),
                c.planIds(), c.active(), c.createdAt(), c.updatedAt());
    }

    static QuoteView quote(Pricing.Quote q) {
        Pricing.Tax t = q.taxRate();
        return new QuoteView(money(q.listPrice()), money(q.discount()), money(q.net()), money(q.tax()), money(q.total()),
                t == null ? null : new TaxView(t.countryCode(), t.name(), t.basisPoints(), t.inclusive()));
    }

    static CouponCheckView check(Coupons.Priced p) {
        Coupons.Info c = p.coupon();
        return new CouponCheckView(true, c.code(), c.kind().stored(), c.percentBasisPoints(), money(c.fixed()),
                c.duration().stored(), p.periodsDiscounted().isPresent() ? p.periodsDiscounted().getAsInt() : null,
                p.plan().id(), p.country(), p.regional(), quote(p.quote()));
    }

    /** An invoice PDF as a download named after its number. */
    static Response pdf(Invoices.Rendered invoice) {
        return Response.ok(invoice.pdf(), "application/pdf")
                .header("Content-Disposition", "attachment; filename=\"" + invoice.number() + ".pdf\"")
                .header("Cache-Control", "private, no-store").build();
    }
}
