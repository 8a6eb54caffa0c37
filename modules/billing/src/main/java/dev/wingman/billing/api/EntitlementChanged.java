package dev.wingman.billing.api;

/**
 * An account's or organisation's entitlement changed: a subscription started, or a newer one
 * superseded it (the period's end will be announced by the renewal job). A CDI event, fired once
 * after the change committed (never for a rollback) on the instance that made it; other modules
 * observe it to drop what they derived from the old entitlement. {@code before} is what was in
 * force until then (the free tier's without an active plan).
 *
 * @param subjectType {@link #ACCOUNT} or {@link #ORGANISATION}
 */
public record EntitlementChanged(String subjectType, String subjectId, Entitlements.Entitlement before,
                                 Entitlements.Entitlement after) {
    public static final String ACCOUNT = "account";
    public static final String ORGANISATION = "organisation";
}
