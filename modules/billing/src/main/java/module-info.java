/**
 * Billing: the plan catalogue (plans with their tier, price, period and limits; regional prices),
 * tax rates per country, coupons and their redemptions, the quote that prices a plan for a
 * buyer, orders and their manual payments, invoices (gapless numbers, PDFs). Other modules use
 * only {@code api}: {@code Money}, {@code BillingPeriod}, {@code PlanLimits}, {@code Entitlements},
 * {@code EntitlementChanged} and the permission names.
 */
module dev.wingman.billing {
    requires transitive dev.wingman.platform;
    requires transitive dev.wingman.auth;
    requires dev.wingman.organisations;
    requires jakarta.annotation;
    requires org.hibernate.orm.core;
    requires jakarta.json;
    requires java.logging;
    requires java.desktop;
    requires com.github.librepdf.openpdf;

    exports dev.wingman.billing.api;

    opens dev.wingman.billing.api to weld.core.impl, io.helidon.microprofile.cdi, org.hibernate.orm.core, org.eclipse.yasson;
    opens dev.wingman.billing.rest to weld.core.impl, io.helidon.microprofile.cdi, jersey.server, org.eclipse.yasson;
    opens dev.wingman.billing.internal to weld.core.impl, io.helidon.microprofile.cdi, jersey.server,
            org.hibernate.orm.core, org.eclipse.yasson;
    opens dev.wingman.billing.internal.orders to weld.core.impl, io.helidon.microprofile.cdi, jersey.server,
            org.hibernate.orm.core, org.eclipse.yasson;
    opens dev.wingman.billing.internal.invoices to weld.core.impl, io.helidon.microprofile.cdi, jersey.server,
            org.hibernate.orm.core, org.eclipse.yasson;
    opens dev.wingman.billing.internal.payments to weld.core.impl, io.helidon.microprofile.cdi, jersey.server,
            org.hibernate.orm.core, org.eclipse.yasson;
}
