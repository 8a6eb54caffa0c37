package dev.wingman.billing.api;

/** The permissions, API-key scope and audit actions of the billing module, as its code names them. */
public final class BillingPermissions {
    /** Panel: see every plan (hidden and inactive ones too) and their regional prices. */
    public static final String PLANS_READ = "plans:read";
    /** Panel: create, change and delete plans and their regional prices. */
    public static final String PLANS_MANAGE = "plans:manage";
    public static final String COUPONS_READ = "coupons:read";
    public static final String COUPONS_MANAGE = "coupons:manage";
    public static final String TAX_RATES_READ = "tax-rates:read";
    public static final String TAX_RATES_MANAGE = "tax-rates:manage";
    /** Panel: see every account's orders and their history. */
    public static final String ORDERS_READ = "orders:read";
    /** Panel: confirm or reject orders' payments. */
    public static final String ORDERS_MANAGE = "orders:manage";
    public static final String PAYMENT_METHODS_READ = "payment-methods:read";
    public static final String PAYMENT_METHODS_MANAGE = "payment-methods:manage";
    /** Organisation: order plans for the organisation (its owner holds it; give it to others by a custom role). */
    public static final String ORGANISATION_BILLING = "billing:manage";
    /**
     * API-key scope: buy for the account (validate coupons, place and pay orders). Every account may
     * give it to its keys, as the other {@code account:} scopes.
     */
    public static final String SCOPE_BILLING = "account:billing";

    public static final String AUDIT_PLAN_CREATE = "plan.create";
    public static final String AUDIT_PLAN_UPDATE = "plan.update";
    public static final String AUDIT_PLAN_DELETE = "plan.delete";
    public static final String AUDIT_REGIONAL_PRICE_SET = "plan.regional-price.set";
    public static final String AUDIT_REGIONAL_PRICE_DELETE = "plan.regional-price.delete";
    public static final String AUDIT_TAX_RATE_SET = "tax-rate.set";
    public static final String AUDIT_TAX_RATE_DELETE = "tax-rate.delete";
    public static final String AUDIT_COUPON_CREATE = "coupon.create";
    public static final String AUDIT_COUPON_UPDATE = "coupon.update";
    public static final String AUDIT_COUPON_DELETE = "coupon.delete";
    public static final String AUDIT_PAYMENT_METHOD_CREATE = "payment-method.create";
    public static final String AUDIT_PAYMENT_METHOD_UPDATE = "payment-method.update";
    public static final String AUDIT_PAYMENT_METHOD_DELETE = "payment-method.delete";
    public static final String AUDIT_ORDER_CREATE = "order.create";
    public static final String AUDIT_ORDER_CHECKOUT = "order.checkout";
    public static final String AUDIT_ORDER_MARK_SENT = "order.mark-sent";
    public static final String AUDIT_ORDER_CANCEL = "order.cancel";
    public static final String AUDIT_ORDER_CONFIRM = "order.confirm-payment";
    public static final String AUDIT_ORDER_REJECT = "order.reject-payment";

    private BillingPermissions() {
    }
}
