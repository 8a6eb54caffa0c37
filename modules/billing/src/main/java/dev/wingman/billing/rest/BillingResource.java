package dev.wingman.billing.rest;

import dev.wingman.billing.api.BillingPermissions;
import dev.wingman.billing.api.Entitlements;
import dev.wingman.billing.api.PlanLimits;
import dev.wingman.organisations.api.OrganisationAccess;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.CurrentRequest;
import dev.wingman.platform.api.Validate;
import dev.wingman.billing.internal.BillingContributions;
import dev.wingman.billing.internal.payments.PaymentMethods;
import dev.wingman.platform.api.Authenticated;
import dev.wingman.platform.api.Feature;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;

/** What a buyer reads: the active payment methods, and the plan in force for the account or an organisation. */
@Path("/api/billing")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Feature(BillingContributions.FLAG)
@Tag(name = BillingContributions.TAG)
public class BillingResource {
    @Inject
    PaymentMethods methods;

    @Inject
    Entitlements entitlements;

    @Inject
    OrganisationAccess organisations;

    @Inject
    CurrentRequest request;

    /** What buyers see of a payment method: the instructions and address come with the checkout. */
    public record PaymentMethodChoice(String id, String kind, String name) {
    }

    /** The plan in force; plan, orderId, since and until are null on the free tier. */
    public record SubscriptionView(String subjectType, String subjectId, String tier, boolean free, SubscribedPlan plan,
                                   String orderId, Instant since, Instant until, PlanLimits limits) {
    }

    public record SubscribedPlan(String id, String name, String period) {
    }

    @GET
    @Path("/subscription")
    @Authenticated(scope = BillingPermissions.SCOPE_BILLING)
    @Operation(summary = "The plan in force", description = "Key scope account:billing. For the caller's account, or with "
            + "?organisationId= for an organisation the caller is a member of: {subjectType (account, organisation), "
            + "subjectId, tier, free, plan {id, name, period}, orderId, since, until (null: lifetime), limits}. Without an "
            + "active order, or after its period ended: the free tier (free: true) with wingman.billing.free-limits.")
    @APIResponse(responseCode = "200", description = "What is in force")
    @APIResponse(responseCode = "404", description = "No such organisation the caller is a member of")
    public SubscriptionView subscription(@QueryParam("organisationId") String organisationId) {
        Caller caller = request.requireCaller();
        if (organisationId == null || organisationId.isBlank()) {
            return view("account", caller.userId(), entitlements.forAccount(caller.userId()));
        }
        String id = Validate.text(organisationId, "organisationId", 64);
        if (organisations.membership(caller.userId(), id).isEmpty()
                && !organisations.allows(caller, id, BillingPermissions.ORGANISATION_BILLING)) {
            throw ApiException.notFound("Organisation not found");
        }
        return view("organisation", id, entitlements.forOrganisation(id));
    }

    private static SubscriptionView view(String type, String id, Entitlements.Entitlement e) {
        return new SubscriptionView(type, id, e.tier(), e.free(), e.free() ? null : new SubscribedPlan(e.planId(), e.planName(),
                e.period().stored()), e.orderId(), e.since(), e.until(), e.limits());
    }

    @GET
    @Path("/payment-methods")
    @Authenticated(scope = BillingPermissions.SCOPE_BILLING)
    @Operation(summary = "Payment methods to choose from", description = "Key scope account:billing. The active methods: "
            + "{id, kind, name}; checking an order out with one answers its instructions and address.")
    @APIResponse(responseCode = "200", description = "The active payment methods")
    public List<PaymentMethodChoice> paymentMethods() {
        return methods.list().stream().filter(PaymentMethods.Info::active)
                .map(m -> new PaymentMethodChoice(m.id(), m.kind().stored(), m.name())).toList();
    }
}
