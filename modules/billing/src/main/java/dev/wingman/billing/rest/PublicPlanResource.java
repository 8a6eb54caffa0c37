package dev.wingman.billing.rest;

import dev.wingman.billing.internal.BillingContributions;
import dev.wingman.billing.internal.PlanCatalogue;
import dev.wingman.platform.api.Feature;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The plans on sale, for anyone: no authentication, served from the catalogue's shared cache. */
@Path("/api/plans")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Feature(BillingContributions.FLAG)
@Tag(name = "Public")
@Tag(name = BillingContributions.TAG)
public class PublicPlanResource {
    @Inject
    PlanCatalogue plans;

    @GET
    @Operation(summary = "Plans on sale", description = "Active and visible plans, cheapest first: id, name, description, "
            + "tier, price {amount (minor units), currency, formatted}, period, limits. No authentication.")
    @APIResponse(responseCode = "200", description = "The plans")
    public List<Views.PublicPlanView> list() {
        return plans.offered().stream().map(Views::publicPlan).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A plan on sale", description = "404 for a plan that does not exist, is inactive or hidden.")
    @APIResponse(responseCode = "200", description = "The plan")
    @APIResponse(responseCode = "404", description = "No such plan on sale")
    public Views.PublicPlanView get(@PathParam("id") String id) {
        return Views.publicPlan(plans.offered(id).orElseThrow(() -> dev.wingman.platform.api.ApiException.notFound("Plan not found")));
    }
}
