package dev.wingman.organisations.rest;

import dev.wingman.platform.api.PermissionCatalogue;
import dev.wingman.organisations.internal.OrgRoleService;
import dev.wingman.platform.api.Authenticated;
import dev.wingman.platform.api.Scopes;
import dev.wingman.platform.api.CurrentRequest;
import dev.wingman.platform.api.Validate;
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

@Path("/api/organisations/{id}/roles")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Authenticated(scope = Scopes.RESOURCE, grant = "organisation:organisations:roles:*")
@Tag(name = "Organisations")
public class OrganisationRoleResource {
    @Inject
    OrgRoleService roles;

    @Inject
    CurrentRequest request;

    @Inject
    PermissionCatalogue catalogue;

    @GET
    @Operation(summary = "Organisation roles", description = "The custom roles; owner, admin and member are built in.")
    public List<Views.RoleView> list(@PathParam("id") String id) {
        return roles.list(request.requireCaller(), id).stream().map(Views::role).toList();
    }

    @POST
    @Operation(summary = "Create an organisation role", description = "Name, description and permission strings you hold "
            + "in this organisation (e.g. servers:read, organisations:invites:manage).")
    @APIResponse(responseCode = "201", description = "Created")
    public Response create(@PathParam("id") String id, Views.RoleRequest body) {
        Validate.body(body);
        String name = Validate.text(body.name(), "name", 64);
        var role = roles.create(request.requireCaller(), id, name, Validate.optionalText(body.description(), "description", 500),
                permissions(body.permissions()));
        return Response.status(201).entity(Views.role(role)).build();
    }

    @PUT
    @Path("/{roleId}")
    @Operation(summary = "Change an organisation role", description = "Fields left out stay as they are.")
    public Views.RoleView update(@PathParam("id") String id, @PathParam("roleId") String roleId, Views.RoleRequest body) {
        Validate.body(body);
        return Views.role(roles.update(request.requireCaller(), id, roleId, Validate.optionalText(body.name(), "name", 64),
                Validate.optionalText(body.description(), "description", 500),
                body.permissions() == null ? null : permissions(body.permissions())));
    }

    @DELETE
    @Path("/{roleId}")
    @Operation(summary = "Delete an organisation role", description = "Its holders keep the member role.")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("id") String id, @PathParam("roleId") String roleId) {
        roles.delete(request.requireCaller(), id, roleId);
        return Response.noContent().build();
    }

    /** Well-formed, and organisation permissions the catalogue declares (wildcards over them, or *). */
    private java.util.Set<String> permissions(java.util.List<String> values) {
        return catalogue.requireDeclared(Validate.permissions(values, "permissions"), "permissions",
                java.util.EnumSet.of(PermissionCatalogue.Context.ORGANISATION));
    }
}
