package dev.wingman.billing.internal;

import dev.wingman.billing.api.Entitlements;
import dev.wingman.platform.api.ModuleContributions;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** The billing module's flag (taken over from app's planned modules) and its endpoint group. */
@ApplicationScoped
public class BillingContributions implements ModuleContributions {
    public static final String FLAG = Entitlements.FEATURE;
    public static final String TAG = "Billing & orders";

    @Override
    public List<String> featureFlags() {
        return List.of(FLAG);
    }

    @Override
    public List<ApiTag> openApiTags() {
        return List.of(new ApiTag(TAG, "Plans, regional prices, tax rates and coupons; orders and their manual payments"));
    }
}
