package dev.wingman.auth.rest;

import dev.wingman.platform.api.PermissionCatalogue;
import dev.wingman.auth.api.AuthPermissions;
import dev.wingman.auth.internal.RoleService;
import dev.wingman.platform.api.CurrentRequest;
import dev.wingman.platform.api.RequiresPermission;
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

@Path("/api/roles")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Admin")
public class RoleResource {
    @Inject
    RoleService roles;

    @Inject
    CurrentRequest request;

    @Inject
    PermissionCatalogue catalogue;

    @GET
    @RequiresPermission(AuthPermissions.ROLES_READ)
    @Operation(summary = "Roles", description = "Built-in roles first: admin holds *, default is given to new accounts.")
    public List<Views.RoleView> list() {
        return roles.list().stream().map(Mappers::role).toList();
    }

    @POST
    @RequiresPermission(AuthPermissions.ROLES_CREATE)
    @Operation(summary = "Create a role", description = "Name, description and permissions you hold yourself.")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "409", description = "The name is taken")
    public Response create(Views.RoleRequest body) {
        Validate.body(body);
        String name = Validate.text(body.name(), "name", 64);
        var role = roles.create(request.requireCaller(), name, Validate.optionalText(body.description(), "description", 500),
                permissions(body.permissions()));
        return Response.status(201).entity(Mappers.role(role)).build();
    }

    @PUT
    @Path("/{id}")
    @RequiresPermission(AuthPermissions.ROLES_UPDATE)
    @Operation(summary = "Change a role", description = "Fields left out stay as they are. Holders see the change at once.")
    public Views.RoleView update(@PathParam("id") String roleId, Views.RoleRequest body) {
        Validate.body(body);
        return Mappers.role(roles.update(request.requireCaller(), roleId, Validate.optionalText(body.name(), "name", 64),
                Validate.optionalText(body.description(), "description", 500),
                body.permissions() == null ? null : permissions(body.permissions())));
    }

    @DELETE
    @Path("/{id}")
    @RequiresPermission(AuthPermissions.ROLES_DELETE)
    @Operation(summary = "Delete a role", description = "Built-in roles cannot be deleted (409).")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("id") String roleId) {
        roles.delete(request.requireCaller(), roleId);
        return Response.noContent().build();
    }

    /** Well-formed, and panel permissions the catalogue declares (wildcards over them, or *). */
    private java.util.Set<String> permissions(List<String> values) {
        return catalogue.requireDeclared(Validate.permissions(values, "permissions"), "permissions",
                java.util.EnumSet.of(PermissionCatalogue.Context.PANEL));
    }
}
