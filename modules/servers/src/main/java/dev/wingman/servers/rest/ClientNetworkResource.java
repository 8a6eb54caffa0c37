package dev.wingman.servers.rest;

import dev.wingman.platform.api.Authenticated;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.CurrentRequest;
import dev.wingman.platform.api.RateLimit;
import dev.wingman.platform.api.Scopes;
import dev.wingman.servers.internal.client.ClientServers;
import dev.wingman.servers.internal.network.ServerNetwork;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
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

/**
 * Pterodactyl's client API for a server's ports (NetworkAllocationController): {@code {server}} is
 * the 8-character identifier or the uuid, {@code {allocation}} the allocation's numeric id.
 */
@Path("/api/client/servers/{server}/network/allocations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Authenticated(scope = Scopes.RESOURCE, grant = "server")
@Tag(name = "Servers")
public class ClientNetworkResource {
    @Inject
    CurrentRequest request;

    @Inject
    ClientServers actions;

    @Inject
    ServerNetwork network;

    /** notes: up to 255 characters; null or empty clears them. */
    public record NotesRequest(String notes) {
    }

    @GET
    @Operation(summary = "A server's ports", description = "allocation.read. The primary first (is_default).")
    @APIResponse(responseCode = "200", description = "{object: list, data: [{object: allocation, attributes: {id, ip, "
            + "ip_alias, port, notes, is_default}}]}")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred")
    public JsonObject list(@PathParam("server") String reference) {
        return network.list(actions.access(request.requireCaller(), reference));
    }

    @POST
    @RateLimit(name = "allocation-create", limit = 30, windowSeconds = 60, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Add a port", description = "allocation.create. Auto-assigned on the primary port's IP: an "
            + "unused allocation an administrator reserved in the node's port range first, else the lowest free port of "
            + "the range. Up to feature_limits.allocations ports in all, the primary included. Wings re-reads the "
            + "server once the change is saved (a durable job, retried while the node is down). Logged as "
            + "server:allocation.create.")
    @APIResponse(responseCode = "200", description = "{object: allocation, attributes}")
    @APIResponse(responseCode = "400", description = "\"Cannot assign additional allocations to this server: limit has "
            + "been reached.\", or auto-assignment is off (wingman.servers.allocations.auto-assign)")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred, or its "
            + "node has no free port left in its range")
    @APIResponse(responseCode = "503", description = "No port could be reserved under heavy contention; try again")
    public JsonObject add(@PathParam("server") String reference) {
        Caller caller = request.requireCaller();
        return network.add(caller, actions.access(caller, reference));
    }

    @POST
    @Path("/{allocation}")
    @Operation(summary = "Change a port's notes", description = "allocation.update. {notes}. Logged as "
            + "server:allocation.notes when they change.")
    @APIResponse(responseCode = "200", description = "{object: allocation, attributes}")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred")
    @APIResponse(responseCode = "422", description = "notes longer than 255 characters: named in field")
    public JsonObject notes(@PathParam("server") String reference, @PathParam("allocation") String allocation,
                            NotesRequest body) {
        Caller caller = request.requireCaller();
        return network.notes(caller, actions.access(caller, reference), allocation, body == null ? null : body.notes());
    }

    @POST
    @Path("/{allocation}/primary")
    @Operation(summary = "Make a port the primary one", description = "allocation.update. SERVER_PORT and the game's "
            + "default port become it; Wings re-reads the server once saved. Logged as server:allocation.primary.")
    @APIResponse(responseCode = "200", description = "{object: allocation, attributes} with is_default true")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred")
    public JsonObject primary(@PathParam("server") String reference, @PathParam("allocation") String allocation) {
        Caller caller = request.requireCaller();
        return network.primary(caller, actions.access(caller, reference), allocation);
    }

    @DELETE
    @Path("/{allocation}")
    @Operation(summary = "Remove a port", description = "allocation.delete. The port returns to the node; Wings "
            + "re-reads the server once saved. Logged as server:allocation.delete.")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "400", description = "\"You cannot delete the primary allocation for this server.\", or "
            + "the server has no allocation limit set")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred")
    public Response remove(@PathParam("server") String reference, @PathParam("allocation") String allocation) {
        Caller caller = request.requireCaller();
        network.remove(caller, actions.access(caller, reference), allocation);
        return Response.noContent().build();
    }
}
