package dev.wingman.billing.rest;

import dev.wingman.billing.api.BillingPermissions;
import dev.wingman.billing.internal.BillingContributions;
import dev.wingman.billing.internal.Coupons;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.Authenticated;
import dev.wingman.platform.api.CurrentRequest;
import dev.wingman.platform.api.Feature;
import dev.wingman.platform.api.RateLimit;
import dev.wingman.platform.api.Validate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A buyer checks what a coupon would take off a plan; nothing is redeemed. */
@Path("/api/coupons")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Feature(BillingContributions.FLAG)
@Tag(name = BillingContributions.TAG)
public class CouponResource {
    @Inject
    Coupons coupons;

    @Inject
    CurrentRequest request;

    /** code, planId; country (optional, ISO 3166-1 alpha-2): prices regionally and taxes as for a buyer there. */
    public record ValidateRequest(String code, String planId, String country) {
    }

    @POST
    @Path("/validate")
    @Authenticated(scope = BillingPermissions.SCOPE_BILLING)
    @RateLimit(name = "coupon-validate", limit = 20, windowSeconds = 60, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Check a coupon", description = "Key scope account:billing. What the coupon would take off one "
            + "period of the plan for the caller: {valid: true, code, kind, percentBasisPoints, fixed, duration, "
            + "periodsDiscounted, planId, country, regionalPrice, quote {listPrice, discount, net, tax, total, taxRate}}. "
            + "Nothing is redeemed.")
    @APIResponse(responseCode = "200", description = "The coupon applies; the quote")
    @APIResponse(responseCode = "400", description = "code, planId or country missing or invalid (named in field)")
    @APIResponse(responseCode = "404", description = "No such coupon, or no such plan on sale")
    @APIResponse(responseCode = "422", description = "The coupon does not apply; reason: inactive, not_yet_valid, expired, "
            + "used_up, account_used_up, not_for_plan or currency")
    public Views.CouponCheckView validate(ValidateRequest body) {
        Validate.body(body);
        String code = Validate.text(body.code(), "code", 64);
        String planId = Validate.text(body.planId(), "planId", 64);
        String accountId = request.caller().orElseThrow(() -> ApiException.unauthorized("Authentication required")).userId();
        return Views.check(coupons.quote(planId, body.country(), code, accountId));
    }
}
