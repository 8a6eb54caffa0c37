package dev.wingman.billing.rest;

import dev.wingman.billing.internal.Inputs;
import dev.wingman.billing.internal.PlanCatalogue;
import dev.wingman.platform.api.Validate;
import dev.wingman.billing.api.BillingPermissions;
import dev.wingman.billing.internal.BillingContributions;
import dev.wingman.platform.api.Feature;
import dev.wingman.platform.api.RequiresPermission;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** A plan's prices per country (ISO 3166-1 alpha-2), each in its own currency; the paths the reference panel uses. */
@Path("/api/admin/regional-prices/{planId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Feature(BillingContributions.FLAG)
@Tag(name = "Admin")
@Tag(name = BillingContributions.TAG)
public class RegionalPriceResource {
    @Inject
    PlanCatalogue plans;

    /** countryCode (either case), price {amount, currency}. */
    public record PriceRequest(String countryCode, Inputs.MoneyInput price) {
    }

    @GET
    @RequiresPermission(BillingPermissions.PLANS_READ)
    @Operation(summary = "A plan's regional prices", description = "plans:read. By country code.")
    @APIResponse(responseCode = "200", description = "The prices")
    @APIResponse(responseCode = "404", description = "No such plan")
    public List<Views.RegionalPriceView> list(@PathParam("planId") String planId) {
        return plans.regionalPrices(planId).stream().map(Views::regionalPrice).toList();
    }

    @POST
    @RequiresPermission(BillingPermissions.PLANS_MANAGE)
    @Operation(summary = "Set a plan's price for a country", description = "plans:manage. Creates it or replaces the "
            + "country's price. Audited (plan.regional-price.set).")
    @APIResponse(responseCode = "200", description = "Set")
    @APIResponse(responseCode = "400", description = "countryCode is no ISO 3166-1 alpha-2 code, or price is invalid (named)")
    @APIResponse(responseCode = "404", description = "No such plan")
    public Views.RegionalPriceView set(@PathParam("planId") String planId, PriceRequest body) {
        Validate.body(body);
        return Views.regionalPrice(plans.setRegionalPrice(planId, body.countryCode(), body.price()));
    }

    @DELETE
    @Path("/{countryCode}")
    @RequiresPermission(BillingPermissions.PLANS_MANAGE)
    @Operation(summary = "Remove a plan's price for a country", description = "plans:manage. Buyers there pay the plan's "
            + "own price again. Audited (plan.regional-price.delete).")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "400", description = "countryCode is no ISO 3166-1 alpha-2 code")
    @APIResponse(responseCode = "404", description = "No such plan, or no price for that country")
    public Response delete(@PathParam("planId") String planId, @PathParam("countryCode") String countryCode) {
        plans.deleteRegionalPrice(planId, countryCode);
        return Response.noContent().build();
    }
}
