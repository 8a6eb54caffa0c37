package dev.wingman.organisations.rest;

import dev.wingman.organisations.api.OrganisationPermissions;
import dev.wingman.organisations.internal.OrganisationService;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
import dev.wingman.platform.api.RequiresPermission;
import dev.wingman.platform.api.Validate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Set;

@Path("/api/admin/organisations")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Admin")
@Tag(name = "Organisations")
public class AdminOrganisationResource {
    private static final Set<String> SORTABLE = Set.of("createdAt", "name", "handle");

    @Inject
    OrganisationService organisations;

    @GET
    @RequiresPermission(OrganisationPermissions.MANAGE)
    @Operation(summary = "All organisations", description = "Paged; ?q searches name and handle; sort by createdAt, name, handle.")
    public Page<Views.OrganisationView> list(@QueryParam("q") String query, @QueryParam("page") Integer page,
                                             @QueryParam("perPage") Integer perPage, @QueryParam("sort") String sort) {
        return organisations.search(query, PageRequest.of(page, perPage, sort, SORTABLE, "-createdAt")).map(Views::organisation);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresPermission(OrganisationPermissions.MANAGE)
    @Operation(summary = "Set an organisation's tier", description = "tier: free, paid, educational or enterprise. Audited.")
    public Views.OrganisationView update(@PathParam("id") String id, Views.TierChange body) {
        Validate.body(body);
        return Views.organisation(organisations.setTier(id, body.tier()));
    }
}
