package dev.wingman.billing.api;

import java.time.Instant;

/**
 * What an account or an organisation may use now: the tier and limits of its active plan, or the
 * free tier's when it has none (or its period ended). Other modules (servers, tunnels, AI) ask
 * this rather than reading billing's tables. They apply only while the {@link #FEATURE} flag is on
 * (platform's {@code FeatureFlags}); with it off each module keeps its own per-tier rules.
 * Changes are announced as {@link EntitlementChanged}.
 */
public interface Entitlements {
    /** The feature flag that switches billing, and with it the enforcement of entitlements, on. */
    String FEATURE = "billing";

    /** The account's own entitlement (what it runs personally, not through organisations). */
    Entitlement forAccount(String accountId);

    Entitlement forOrganisation(String organisationId);

    /**
     * @param tier    the portal tier in force ({@code free} without a plan)
     * @param planId  the plan it comes from; null for the free tier
     * @param orderId the active order it comes from; null for the free tier
     * @param since   when that order became active; null for the free tier
     * @param until   when its period ends; null for a lifetime plan and for the free tier
     * @param limits  the limits in force
     */
    record Entitlement(String tier, String planId, String planName, BillingPeriod period, String orderId, Instant since,
                       Instant until, PlanLimits limits) {
        public boolean free() {
            return orderId == null;
        }
    }
}
