package dev.wingman.billing.rest;

import dev.wingman.billing.api.BillingPermissions;
import dev.wingman.billing.internal.BillingContributions;
import dev.wingman.billing.internal.payments.PaymentMethods;
import dev.wingman.platform.api.Feature;
import dev.wingman.platform.api.RequiresPermission;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The manual payment methods buyers choose from. Changes are audited. */
@Path("/api/admin/payment-methods")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Feature(BillingContributions.FLAG)
@Tag(name = "Admin")
@Tag(name = BillingContributions.TAG)
public class AdminPaymentMethodResource {
    private static final String FIELDS = "kind (crypto, paypal, bank_transfer, other), name (1 to 100), instructions (up to "
            + "4000, may be empty), address (wallet, PayPal address, IBAN; up to 500, may be empty), active.";

    @Inject
    PaymentMethods methods;

    @GET
    @RequiresPermission(BillingPermissions.PAYMENT_METHODS_READ)
    @Operation(summary = "All payment methods", description = "payment-methods:read. Active ones first, then by name.")
    @APIResponse(responseCode = "200", description = "Every payment method")
    public List<Views.PaymentMethodView> list() {
        return methods.list().stream().map(Views::paymentMethod).toList();
    }

    @GET
    @Path("/{id}")
    @RequiresPermission(BillingPermissions.PAYMENT_METHODS_READ)
    @Operation(summary = "A payment method", description = "payment-methods:read.")
    @APIResponse(responseCode = "200", description = "The payment method")
    @APIResponse(responseCode = "404", description = "No such payment method")
    public Views.PaymentMethodView get(@PathParam("id") String id) {
        return Views.paymentMethod(methods.get(id));
    }

    @POST
    @RequiresPermission(BillingPermissions.PAYMENT_METHODS_MANAGE)
    @Operation(summary = "Create a payment method", description = "payment-methods:manage. " + FIELDS
            + " Audited (payment-method.create).")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "A field is missing or invalid (named in field), or unknown")
    public Response create(PaymentMethods.Input body) {
        return Response.status(201).entity(Views.paymentMethod(methods.create(body))).build();
    }

    @PUT
    @Path("/{id}")
    @RequiresPermission(BillingPermissions.PAYMENT_METHODS_MANAGE)
    @Operation(summary = "Change a payment method", description = "payment-methods:manage. Replaces every field (the body of "
            + "create); orders already checked out keep what they were told. Audited (payment-method.update).")
    @APIResponse(responseCode = "200", description = "Changed")
    @APIResponse(responseCode = "400", description = "A field is missing or invalid (named in field), or unknown")
    @APIResponse(responseCode = "404", description = "No such payment method")
    public Views.PaymentMethodView update(@PathParam("id") String id, PaymentMethods.Input body) {
        return Views.paymentMethod(methods.update(id, body));
    }

    @DELETE
    @Path("/{id}")
    @RequiresPermission(BillingPermissions.PAYMENT_METHODS_MANAGE)
    @Operation(summary = "Delete a payment method", description = "payment-methods:manage. Only one no order chose; "
            + "deactivate one in use (active: false). Audited (payment-method.delete).")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such payment method")
    @APIResponse(responseCode = "409", description = "Orders chose this payment method")
    public Response delete(@PathParam("id") String id) {
        methods.delete(id);
        return Response.noContent().build();
    }
}
