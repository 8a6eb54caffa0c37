package dev.wingman.billing.rest;

import dev.wingman.billing.api.BillingPermissions;
import dev.wingman.billing.internal.BillingContributions;
import dev.wingman.billing.internal.PlanCatalogue;
import dev.wingman.platform.api.Feature;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The plan catalogue for administrators: every plan, hidden and inactive ones too. Changes are audited. */
@Path("/api/admin/plans")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Feature(BillingContributions.FLAG)
@Tag(name = "Admin")
@Tag(name = BillingContributions.TAG)
public class AdminPlanResource {
    @Inject
    PlanCatalogue plans;

    @GET
    @RequiresPermission(BillingPermissions.PLANS_READ)
    @Operation(summary = "All plans", description = "plans:read. Paged; ?q searches the name; sort by createdAt, name, price.")
    @APIResponse(responseCode = "200", description = "One page of plans")
    public Page<Views.PlanView> list(@QueryParam("q") String query, @QueryParam("page") Integer page,
                                     @QueryParam("perPage") Integer perPage, @QueryParam("sort") String sort) {
        return plans.search(query, PageRequest.of(page, perPage, sort, PlanCatalogue.sortable(), "-createdAt")).map(Views::plan);
    }

    @GET
    @Path("/{id}")
    @RequiresPermission(BillingPermissions.PLANS_READ)
    @Operation(summary = "A plan", description = "plans:read.")
    @APIResponse(responseCode = "200", description = "The plan")
    @APIResponse(responseCode = "404", description = "No such plan")
    public Views.PlanView get(@PathParam("id") String id) {
        return Views.plan(plans.get(id));
    }

    @POST
    @RequiresPermission(BillingPermissions.PLANS_MANAGE)
    @Operation(summary = "Create a plan", description = "plans:manage. Every field required but description: name, "
            + "description, tier (free, paid, educational, enterprise), price {amount in minor units, currency ISO 4217}, "
            + "period (monthly, quarterly, yearly, lifetime), limits {servers, memoryMib, diskMib, cpuPercent, allocations, "
            + "databases, backups, tunnelPorts, aiTokens}, visible, active. Audited (plan.create).")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "A field is missing or invalid (named in field), or unknown")
    public Response create(PlanCatalogue.Input body) {
        return Response.status(201).entity(Views.plan(plans.create(body))).build();
    }

    @PUT
    @Path("/{id}")
    @RequiresPermission(BillingPermissions.PLANS_MANAGE)
    @Operation(summary = "Change a plan", description = "plans:manage. Replaces every field (the same body as create). "
            + "Buyers see the change at once. Audited (plan.update).")
    @APIResponse(responseCode = "200", description = "Changed")
    @APIResponse(responseCode = "400", description = "A field is missing or invalid (named in field), or unknown")
    @APIResponse(responseCode = "404", description = "No such plan")
    public Views.PlanView update(@PathParam("id") String id, PlanCatalogue.Input body) {
        return Views.plan(plans.update(id, body));
    }

    @DELETE
    @Path("/{id}")
    @RequiresPermission(BillingPermissions.PLANS_MANAGE)
    @Operation(summary = "Delete a plan", description = "plans:manage. With its regional prices; refused while a coupon "
            + "names it (deactivate it instead). Audited (plan.delete).")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such plan")
    @APIResponse(responseCode = "409", description = "Coupons apply to this plan")
    public Response delete(@PathParam("id") String id) {
        plans.delete(id);
        return Response.noContent().build();
    }
}
