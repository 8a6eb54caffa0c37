package dev.wingman.billing.rest;

import dev.wingman.billing.api.BillingPermissions;
import dev.wingman.billing.internal.BillingContributions;
import dev.wingman.billing.internal.payments.PaymentMethods;
import dev.wingman.platform.api.Authenticated;
import dev.wingman.platform.api.Feature;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** What a buyer reads to pay: the active payment methods. */
@Path("/api/billing")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Feature(BillingContributions.FLAG)
@Tag(name = BillingContributions.TAG)
public class BillingResource {
    @Inject
    PaymentMethods methods;

    /** What buyers see of a payment method: the instructions and address come with the checkout. */
    public record PaymentMethodChoice(String id, String kind, String name) {
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
