package dev.wingman.billing.rest;

import dev.wingman.platform.api.Secrets;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.nio.charset.StandardCharsets;
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

    /** JSON-B as the panel writes answers (the default serialisation; the resolver's settings are for reading). */
    private static final Jsonb JSON = JsonbBuilder.create();

    /** The list last written, with the catalogue's list it was written from (the cache's own object). */
    private record Written(List<PlanCatalogue.PlanInfo> from, byte[] json, EntityTag tag) {
    }

    private volatile Written written;

    @GET
    @Operation(summary = "Plans on sale", description = "Active and visible plans, cheapest first: id, name, description, "
            + "tier, price {amount (minor units), currency, formatted}, period, limits. No authentication. With an ETag and "
            + "Cache-Control: public, max-age=60; If-None-Match with the current ETag answers 304.")
    @APIResponse(responseCode = "200", description = "The plans",
            content = @Content(schema = @Schema(implementation = Views.PublicPlanView.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "304", description = "Not modified since the ETag sent")
    public Response list(@Context Request request) {
        // The list is written once per catalogue version, not per request: the cache hands out the
        // same list object until a change drops it, so the bytes written from it stay right.
        List<PlanCatalogue.PlanInfo> offered = plans.offered();
        Written current = written;
        if (current == null || current.from() != offered) {
            String json = JSON.toJson(offered.stream().map(Views::publicPlan).toList());
            current = new Written(offered, json.getBytes(StandardCharsets.UTF_8),
                    new EntityTag(Secrets.sha256(json).substring(0, 32)));
            written = current;
        }
        CacheControl cache = new CacheControl();
        cache.setMaxAge(60);
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(current.tag());
        if (unchanged != null) {
            return unchanged.cacheControl(cache).build();
        }
        return Response.ok(current.json(), MediaType.APPLICATION_JSON_TYPE).tag(current.tag()).cacheControl(cache).build();
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
