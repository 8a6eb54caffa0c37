package dev.wingman.servers.rest;

import dev.wingman.platform.api.Authenticated;
import dev.wingman.platform.api.LargeBody;
import dev.wingman.platform.api.RequiresPermission;
import dev.wingman.servers.api.ServersPermissions;
import dev.wingman.servers.internal.eggs.EggService;
import dev.wingman.servers.internal.eggs.EggViews;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
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
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Eggs: everyone signed in browses them; administrators import, replace, export and delete them. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Servers")
public class EggResource {
    @Inject
    EggService eggs;

    @GET
    @Path("/eggs")
    @Authenticated(scope = ServersPermissions.CREATE)
    @Operation(summary = "Eggs", description = "Server templates, with the variables users may see.")
    public List<EggViews.Parts> list() {
        return eggs.list().stream().map(e -> EggViews.of(e, false)).toList();
    }

    @GET
    @Path("/eggs/{id}")
    @Authenticated(scope = ServersPermissions.CREATE)
    @Operation(summary = "An egg")
    public EggViews.Parts get(@PathParam("id") String id) {
        return EggViews.of(eggs.find(id), false);
    }

    @GET
    @Path("/admin/eggs")
    @RequiresPermission(ServersPermissions.EGGS_READ)
    @Operation(summary = "Eggs, with every variable")
    public List<EggViews.Parts> adminList() {
        return eggs.list().stream().map(e -> EggViews.of(e, true)).toList();
    }

    @POST
    @Path("/admin/eggs/import")
    @RequiresPermission(ServersPermissions.EGGS_MANAGE)
    @LargeBody
    @Operation(summary = "Import a Pterodactyl egg", description = "The egg's JSON export (PTDL_v1 or PTDL_v2): images, "
            + "startup, variables with rules, config files, startup-done pattern, stop command, install script. A "
            + "variable with an invalid name or rule, or an egg without images, is refused naming the field.")
    @RequestBody(description = "a Pterodactyl egg export")
    @APIResponse(responseCode = "201", description = "Imported")
    @APIResponse(responseCode = "409", description = "An egg with this name exists")
    @APIResponse(responseCode = "413", description = "Request body over the limit (8 MiB by default)")
    public Response importEgg(JsonObject body) {
        return Response.status(201).entity(EggViews.of(eggs.importEgg(body), true)).build();
    }

    @PUT
    @Path("/admin/eggs/{id}")
    @RequiresPermission(ServersPermissions.EGGS_MANAGE)
    @LargeBody
    @Operation(summary = "Replace an egg's definition", description = "With a new export of the egg; its id stays.")
    @APIResponse(responseCode = "413", description = "Request body over the limit (8 MiB by default)")
    public EggViews.Parts replace(@PathParam("id") String id, JsonObject body) {
        return EggViews.of(eggs.replace(id, body), true);
    }

    @DELETE
    @Path("/admin/eggs/{id}")
    @RequiresPermission(ServersPermissions.EGGS_MANAGE)
    @Operation(summary = "Delete an egg")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("id") String id) {
        eggs.delete(id);
        return Response.noContent().build();
    }

    @GET
    @Path("/admin/eggs/{id}/export")
    @RequiresPermission(ServersPermissions.EGGS_READ)
    @Operation(summary = "Export an egg as PTDL_v2 JSON")
    public JsonObject export(@PathParam("id") String id) {
        return EggViews.export(eggs.find(id));
    }
}
