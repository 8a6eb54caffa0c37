package dev.wingman.billing.rest;

import dev.wingman.billing.internal.Coupons;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
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

/** Coupons for administrators. Changes are audited. */
@Path("/api/admin/coupons")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Feature(BillingContributions.FLAG)
@Tag(name = "Admin")
@Tag(name = BillingContributions.TAG)
public class AdminCouponResource {
    private static final String FIELDS = "code (3 to 64 letters, digits, - or _; unique regardless of case), kind "
            + "(percentage or fixed), percentBasisPoints (percentage: 1 to 10000) or fixed {amount, currency} (fixed), "
            + "validFrom and validUntil (optional instants), maxUses and maxUsesPerAccount (optional, 1 or more), duration "
            + "(once, repeating with durationPeriods 1 to 120, forever), planIds (empty: every plan), active.";

    @Inject
    Coupons coupons;

    @GET
    @RequiresPermission(BillingPermissions.COUPONS_READ)
    @Operation(summary = "All coupons", description = "coupons:read. Paged; ?q searches the code; sort by createdAt, code. "
            + "uses: how often each was redeemed.")
    @APIResponse(responseCode = "200", description = "One page of coupons")
    public Page<Views.CouponView> list(@QueryParam("q") String query, @QueryParam("page") Integer page,
                                       @QueryParam("perPage") Integer perPage, @QueryParam("sort") String sort) {
        return coupons.search(query, PageRequest.of(page, perPage, sort, Coupons.sortable(), "-createdAt")).map(Views::coupon);
    }

    @GET
    @Path("/{id}")
    @RequiresPermission(BillingPermissions.COUPONS_READ)
    @Operation(summary = "A coupon", description = "coupons:read.")
    @APIResponse(responseCode = "200", description = "The coupon")
    @APIResponse(responseCode = "404", description = "No such coupon")
    public Views.CouponView get(@PathParam("id") String id) {
        return Views.coupon(coupons.get(id));
    }

    @POST
    @RequiresPermission(BillingPermissions.COUPONS_MANAGE)
    @Operation(summary = "Create a coupon", description = "coupons:manage. " + FIELDS + " Audited (coupon.create).")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "A field is missing or invalid (named in field), or unknown")
    @APIResponse(responseCode = "409", description = "A coupon with this code exists")
    public Response create(Coupons.Input body) {
        return Response.status(201).entity(Views.coupon(coupons.create(body))).build();
    }

    @PUT
    @Path("/{id}")
    @RequiresPermission(BillingPermissions.COUPONS_MANAGE)
    @Operation(summary = "Change a coupon", description = "coupons:manage. Replaces every field (the body of create); the "
            + "redemption count stays, and maxUses cannot go below it. Audited (coupon.update).")
    @APIResponse(responseCode = "200", description = "Changed")
    @APIResponse(responseCode = "400", description = "A field is missing or invalid (named in field), or unknown")
    @APIResponse(responseCode = "404", description = "No such coupon")
    @APIResponse(responseCode = "409", description = "Another coupon has this code")
    public Views.CouponView update(@PathParam("id") String id, Coupons.Input body) {
        return Views.coupon(coupons.update(id, body));
    }

    @DELETE
    @Path("/{id}")
    @RequiresPermission(BillingPermissions.COUPONS_MANAGE)
    @Operation(summary = "Delete a coupon", description = "coupons:manage. Only one never redeemed; deactivate a redeemed "
            + "one (active: false). Audited (coupon.delete).")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such coupon")
    @APIResponse(responseCode = "409", description = "The coupon has been redeemed")
    public Response delete(@PathParam("id") String id) {
        coupons.delete(id);
        return Response.noContent().build();
    }
}
