package dev.wingman.billing.internal;

import dev.wingman.platform.api.IdentifiedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** One redemption of a coupon by an account, on a plan, for an order (null when redeemed outside one). */
@Entity
@Table(name = "coupon_redemptions")
public class CouponRedemption extends IdentifiedEntity {
    @Column(name = "coupon_id", nullable = false)
    public String couponId;
    @Column(name = "account_id", nullable = false)
    public String accountId;
    @Column(name = "plan_id", nullable = false)
    public String planId;
    @Column(name = "order_id")
    public String orderId;
}
