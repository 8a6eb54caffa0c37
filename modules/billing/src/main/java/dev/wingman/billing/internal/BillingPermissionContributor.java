package dev.wingman.billing.internal;

import dev.wingman.platform.api.HeldElsewhere;
import dev.wingman.platform.api.PermissionContributor;
import jakarta.enterprise.context.ApplicationScoped;

import static dev.wingman.billing.api.BillingPermissions.*;
import static dev.wingman.platform.api.PermissionCatalogue.Context.ACCOUNT;
import static dev.wingman.platform.api.PermissionCatalogue.Context.ORGANISATION;
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
                .permission(ORDERS_READ, "See every account's orders and their history", PANEL)
                .permission(ORDERS_MANAGE, "Confirm or reject orders' payments", PANEL)
                .permission(PAYMENT_METHODS_READ, "See the payment methods, inactive ones too", PANEL)
                .permission(PAYMENT_METHODS_MANAGE, "Create, change and delete payment methods", PANEL)
                .permission(ORGANISATION_BILLING, "Order plans for the organisation", ORGANISATION)
                .permission(SCOPE_BILLING, "API-key scope: buy for the account (validate coupons, place and pay orders)", ACCOUNT)
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
                .audit("panel", AUDIT_PAYMENT_METHOD_CREATE, "A payment method was created")
                .audit("panel", AUDIT_PAYMENT_METHOD_UPDATE, "A payment method was changed")
                .audit("panel", AUDIT_PAYMENT_METHOD_DELETE, "A payment method was deleted")
                .audit("panel", AUDIT_ORDER_CREATE, "An order was placed")
                .audit("panel", AUDIT_ORDER_CHECKOUT, "A buyer chose how to pay an order")
                .audit("panel", AUDIT_ORDER_MARK_SENT, "A buyer said an order's payment was sent")
                .audit("panel", AUDIT_ORDER_CANCEL, "A buyer cancelled an order")
                .audit("panel", AUDIT_ORDER_CONFIRM, "Staff confirmed an order's payment")
                .audit("panel", AUDIT_ORDER_REJECT, "Staff rejected an order's payment")
                .build();
    }

    @Override
    public boolean holds(String userId, String permission) {
        return SCOPE_BILLING.equals(permission);
    }
}
