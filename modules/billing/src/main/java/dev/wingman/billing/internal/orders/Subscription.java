package dev.wingman.billing.internal.orders;

import dev.wingman.billing.api.BillingPeriod;
import dev.wingman.billing.api.EntitlementChanged;
import dev.wingman.billing.api.Entitlements;
import dev.wingman.billing.api.PlanLimits;
import dev.wingman.platform.api.TimestampedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A subject's (an account's or an organisation's) current plan: the active order it came from
 * and what that order froze (the plan's tier and limits), for the order's period. One per
 * subject: a newer active order takes it over ({@link #takeOver}).
 */
@Entity
@Table(name = "billing_subscriptions")
public class Subscription extends TimestampedEntity {
    public static final String ACCOUNT = EntitlementChanged.ACCOUNT;
    public static final String ORGANISATION = EntitlementChanged.ORGANISATION;

    @Column(name = "subject_type", nullable = false, updatable = false)
    public String subjectType;
    @Column(name = "subject_id", nullable = false, updatable = false)
    public String subjectId;
    @Column(name = "order_id", nullable = false)
    public String orderId;
    @Column(name = "plan_id", nullable = false)
    public String planId;
    @Column(name = "plan_name", nullable = false)
    public String planName;
    @Column(nullable = false)
    public String tier;
    @Convert(converter = BillingPeriod.Column.class)
    @Column(nullable = false)
    public BillingPeriod period;
    @Embedded
    public PlanLimits limits;
    @Column(name = "starts_at", nullable = false)
    public Instant startsAt;
    @Column(name = "ends_at")
    public Instant endsAt;

    static Subscription of(String subjectType, String subjectId) {
        Subscription s = new Subscription();
        s.subjectType = subjectType;
        s.subjectId = subjectId;
        return s;
    }

    /** The order's plan, from {@code start} to {@code end} (null: lifetime), replaces what was here. */
    void takeOver(Order order, Instant start, Instant end) {
        orderId = order.id;
        planId = order.planId;
        planName = order.planName;
        tier = order.planTier;
        period = order.planPeriod;
        limits = order.limits;
        startsAt = start;
        endsAt = end;
    }

    /** Whether it is in force at {@code now}: a lifetime plan always, another until its period ends. */
    boolean inForce(Instant now) {
        return endsAt == null || now.isBefore(endsAt);
    }

    Entitlements.Entitlement entitlement() {
        return new Entitlements.Entitlement(tier, planId, planName, period, orderId, startsAt, endsAt, limits);
    }
}
