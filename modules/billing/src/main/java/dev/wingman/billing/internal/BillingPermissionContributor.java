package dev.wingman.billing.internal;

import dev.wingman.platform.api.HeldElsewhere;
import dev.wingman.platform.api.PermissionContributor;
import jakarta.enterprise.context.ApplicationScoped;

import static dev.wingman.billing.api.BillingPermissions.*;
import static dev.wingman.platform.api.PermissionCatalogue.Context.ACCOUNT;
import static dev.wingman.platform.api.PermissionCatalogue.Context.PANEL;

/**
 * Billing's permissions, its API-key scope and audit actions. As {@link HeldElsewhere} it says every
 * account holds {@code account:billing}: like the other {@code account:} scopes it only narrows
 * what a key of the account may do with the account's own purchases, so any account may give it
 * to its keys.
 */
@ApplicationScoped
public class BillingPermissionContributor implements PermissionContributor, HeldElsewhere {
    @Override
    public Contribution contribution() {
        return Contribution.of("billing")
                .permission(PLANS_READ, "See every plan, hidden and inactive ones too, and their regional prices", PANEL)
                .permission(PLANS_MANAGE, "Create, change and delete plans and their regional prices", PANEL)
                .permission(COUPONS_READ, "See coupons and how often they were redeemed", PANEL)
                .permission(COUPONS_MANAGE, "Create, change and delete coupons", PANEL)
                .permission(TAX_RATES_READ, "See the tax rate table", PANEL)
                .permission(TAX_RATES_MANAGE, "Set and delete countries' tax rates", PANEL)
                .permission(SCOPE_BILLING, "API-key scope: buy for the account (validate coupons; orders to come)", ACCOUNT)
                .audit("panel", AUDIT_PLAN_CREATE, "A plan was created")
                .audit("panel", AUDIT_PLAN_UPDATE, "A plan was changed")
                .audit("panel", AUDIT_PLAN_DELETE, "A plan was deleted")
                .audit("panel", AUDIT_REGIONAL_PRICE_SET, "A plan's price for a country was set")
                .audit("panel", AUDIT_REGIONAL_PRICE_DELETE, "A plan's price for a country was removed")
                .audit("panel", AUDIT_TAX_RATE_SET, "A country's tax rate was set")
                .audit("panel", AUDIT_TAX_RATE_DELETE, "A country's tax rate was removed")
                .audit("panel", AUDIT_COUPON_CREATE, "A coupon was created")
                .audit("panel", AUDIT_COUPON_UPDATE, "A coupon was changed")
                .audit("panel", AUDIT_COUPON_DELETE, "A coupon was deleted")
                .build();
    }

    @Override
    public boolean holds(String userId, String permission) {
        return SCOPE_BILLING.equals(permission);
    }
}
