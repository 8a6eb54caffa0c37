package dev.wingman.servers.rest;

import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.Authenticated;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.CurrentRequest;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
import dev.wingman.platform.api.RateLimit;
import dev.wingman.platform.api.RequiresPermission;
import dev.wingman.platform.api.Scopes;
import dev.wingman.platform.api.Validate;
import dev.wingman.servers.api.ServersPermissions;
import dev.wingman.servers.internal.Server;
import dev.wingman.servers.internal.ServerService;
import dev.wingman.servers.internal.ServerStates;
import dev.wingman.servers.internal.ServerStore;
import dev.wingman.servers.internal.ServerViews;
import dev.wingman.servers.internal.transfers.ServerTransfers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;

@Path("/api/servers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Servers")
public class ServerResource {
    @Inject
    ServerService servers;

    @Inject
    CurrentRequest request;

    /**
     * memory, disk in MiB; swap in MiB (-1 unlimited); io 10-1000; cpu in percent of one core
     * (0 unlimited); environment: egg variables (defaults fill the rest).
     */
    public record CreateRequest(String name, String description, String eggId, String dockerImage, Integer memory,
                                Integer swap, Integer disk, Integer io, Integer cpu, Map<String, String> environment,
                                String nodeId, String organisationId) {
    }

    @Inject
    ServerStates states;

    private ServerViews.View view(Server server) {
        return ServerViews.of(server, servers.allocationsOf(server), states.of(server),
                servers.hiddenFrom(request.requireCaller(), server));
    }

    @POST
    @RequiresPermission(ServersPermissions.CREATE)
    @RateLimit(name = "server-create", limit = 20, windowSeconds = 3600, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Create a server", description = "Placed on a healthy node you may deploy to (your tier and "
            + "organisations; nodeId to choose one) with room for its memory and disk; a port is reserved, the server "
            + "stored, then created on Wings. If Wings fails nothing is kept and the answer is 502 with the reason.")
    @APIResponse(responseCode = "201", description = "Created; status installing")
    @APIResponse(responseCode = "400", description = "A field is invalid (named), including egg variables as environment.<VAR>")
    @APIResponse(responseCode = "403", description = "Missing servers:create, or, with the "
            + "billing flag on, over the plan's limits of the payer (the organisation, else you: servers, memory or disk in "
            + "all): {error, limit (servers, memory or disk), allowed, tier, plan (absent on the free tier)}")
    @APIResponse(responseCode = "409", description = "With the billing flag off: over the tier's quota (servers, memory or "
            + "disk in all; named)")
    @APIResponse(responseCode = "502", description = "Wings refused or could not be reached; nothing was kept")
    @APIResponse(responseCode = "503", description = "No node you may use has room")
    public Response create(CreateRequest body) {
        Validate.body(body);
        ServerService.Request create = new ServerService.Request(
                Validate.text(body.name(), "name", 191),
                Validate.optionalText(body.description(), "description", 2000),
                Validate.text(body.eggId(), "eggId", 64),
                Validate.optionalText(body.dockerImage(), "dockerImage", 255),
                bounded(body.memory(), "memory", 64, 1_048_576, null),
                bounded(body.swap(), "swap", -1, 1_048_576, 0),
                bounded(body.disk(), "disk", 64, 10_485_760, null),
                bounded(body.io(), "io", 10, 1000, 500),
                bounded(body.cpu(), "cpu", 0, 100_000, 0),
                body.environment(),
                Validate.optionalText(body.nodeId(), "nodeId", 64),
                Validate.optionalText(body.organisationId(), "organisationId", 64));
        return Response.status(201).entity(view(servers.create(request.requireCaller(), create))).build();
    }

    private static int bounded(Integer value, String field, int min, int max, Integer fallback) {
        if (value == null) {
            if (fallback == null) {
                throw ApiException.invalidField(field, "is required");
            }
            return fallback;
        }
        if (value < min || value > max) {
            throw ApiException.invalidField(field, "must be from " + min + " to " + max);
        }
        return value;
    }

    @GET
    @Authenticated(scope = Scopes.RESOURCE, grant = "server")
    @Operation(summary = "Servers", description = "Yours and your organisations' (all=true for every server, with "
            + "servers:read); q filters by name, nodeId and organisationId narrow it; paged, sort name or createdAt.")
    public Page<ServerViews.View> list(@QueryParam("all") boolean all, @QueryParam("q") String q,
                                       @QueryParam("nodeId") String nodeId, @QueryParam("organisationId") String organisationId,
                                       @QueryParam("page") Integer page, @QueryParam("perPage") Integer perPage,
                                       @QueryParam("sort") String sort) {
        Caller caller = request.requireCaller();
        String contains = q == null || q.isBlank() ? null : Validate.containsPattern(q);
        return servers.list(caller, all, contains, nodeId, organisationId, PageRequest.of(page, perPage, sort, ServerStore.SORTABLE,
                "-createdAt")).map(this::view);
    }

    @GET
    @Path("/{id}")
    @Authenticated(scope = Scopes.RESOURCE, grant = "server")
    @Operation(summary = "A server", description = "By id, uuid or 8-character identifier; 404 if you may not see it.")
    public ServerViews.View get(@PathParam("id") String id) {
        return view(servers.visible(request.requireCaller(), id));
    }

    @DELETE
    @Path("/{id}")
    @Authenticated(scope = Scopes.RESOURCE, grant = "server")
    @Operation(summary = "Delete a server", description = "Its node deletes its backups' archives first (each one "
            + "deleted loses its record; the first the node cannot delete stops the deletion, keeping the server), then "
            + "it is deleted on Wings (a server Wings no longer knows is fine), then here; its ports are freed. 502 if "
            + "Wings cannot be reached.")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("id") String id) {
        servers.delete(request.requireCaller(), id);
        return Response.noContent().build();
    }

    /** Every field optional: name and description (settings.rename), environment (startup.update), dockerImage
     * (startup.docker-image), and limits memory, swap, disk, io, cpu, databaseLimit, allocationLimit (the ports its
     * users may hold through the client API, the primary included) and backupLimit (feature_limits.backups)
     * (servers:update). */
    public record UpdateRequest(String name, String description, Map<String, String> environment, String dockerImage,
                                Integer memory, Integer swap, Integer disk, Integer io, Integer cpu, Integer databaseLimit,
                                Integer allocationLimit, Integer backupLimit) {
    }

    @PATCH
    @Path("/{id}")
    @Authenticated(scope = Scopes.RESOURCE, grant = "server")
    @Operation(summary = "Change a server", description = "Fields present change. Variables are checked against the egg's "
            + "rules; a larger size must still fit the node (409). backupLimit sets the server's feature_limits.backups. Wings "
            + "is then asked to re-read the server (sync); if it "
            + "cannot be reached the change stays saved and the answer is 502 saying so.")
    @APIResponse(responseCode = "200", description = "The server as changed (other fields as they are now)")
    @APIResponse(responseCode = "400", description = "A field is invalid (named in field)")
    @APIResponse(responseCode = "403", description = "The permission a field needs is missing")
    @APIResponse(responseCode = "404", description = "No such server the caller can see")
    @APIResponse(responseCode = "409", description = "Being transferred, no room on the node for the larger size, its "
            + "node is gone, or a transfer completed during the request (try again)")
    @APIResponse(responseCode = "502", description = "Saved, but Wings could not be told")
    public ServerViews.View update(@PathParam("id") String id, UpdateRequest body) {
        Validate.body(body);
        ServerService.Change change = new ServerService.Change(
                Validate.optionalText(body.name(), "name", 191),
                body.description() == null ? null : Validate.optionalText(body.description(), "description", 2000),
                body.environment(),
                Validate.optionalText(body.dockerImage(), "dockerImage", 255),
                body.memory() == null ? null : bounded(body.memory(), "memory", 64, 1_048_576, null),
                body.swap() == null ? null : bounded(body.swap(), "swap", -1, 1_048_576, null),
                body.disk() == null ? null : bounded(body.disk(), "disk", 64, 10_485_760, null),
                body.io() == null ? null : bounded(body.io(), "io", 10, 1000, null),
                body.cpu() == null ? null : bounded(body.cpu(), "cpu", 0, 100_000, null),
                body.databaseLimit() == null ? null : bounded(body.databaseLimit(), "databaseLimit", 0, 1000, null),
                body.allocationLimit() == null ? null : bounded(body.allocationLimit(), "allocationLimit", 0, 1000, null),
                body.backupLimit() == null ? null : bounded(body.backupLimit(), "backupLimit", 0, 1000, null));
        return view(servers.update(request.requireCaller(), id, change));
    }

    @POST
    @Path("/{id}/suspend")
    @RequiresPermission(ServersPermissions.SUSPEND)
    @Operation(summary = "Suspend a server", description = "servers:suspend. Wings stops it; it cannot be started, and "
            + "console sessions through the panel are closed.")
    public ServerViews.View suspend(@PathParam("id") String id) {
        return view(servers.suspend(request.requireCaller(), id, true));
    }

    @POST
    @Path("/{id}/unsuspend")
    @RequiresPermission(ServersPermissions.SUSPEND)
    @Operation(summary = "Unsuspend a server", description = "servers:suspend.")
    public ServerViews.View unsuspend(@PathParam("id") String id) {
        return view(servers.suspend(request.requireCaller(), id, false));
    }

    @POST
    @Path("/{id}/reinstall")
    @Authenticated(scope = Scopes.RESOURCE, grant = "server")
    @Operation(summary = "Reinstall a server", description = "settings.reinstall. Wings stops it and runs the egg's install "
            + "script again; status is installing until Wings reports, then null or reinstall_failed.")
    @APIResponse(responseCode = "202", description = "Reinstall started")
    @APIResponse(responseCode = "409", description = "Already installing, restoring a backup, being transferred, or Wings "
            + "is busy with "
            + "another power action on the server (start, stop or restart): try again once it has finished")
    @APIResponse(responseCode = "502", description = "Wings failed or could not be reached (with Retry-After when its "
            + "node's breaker is open); the status is unchanged")
    public Response reinstall(@PathParam("id") String id) {
        return Response.status(202).entity(view(servers.reinstall(request.requireCaller(), id))).build();
    }

    @Inject
    ServerTransfers transfers;

    /** nodeId: the node to move the server to. */
    public record TransferRequest(String nodeId) {
    }

    @POST
    @Path("/{id}/transfer")
    @RequiresPermission(ServersPermissions.TRANSFER)
    @Operation(summary = "Move a server to another node", description = "servers:transfer. Ports are reserved on the "
            + "destination (the same port numbers where free) and the server is locked: power, commands and changes "
            + "answer 409 until the transfer ends. The source Wings stops the server and streams it to the destination "
            + "with a JWT signed by the destination's token (start_on_completion when it was running). The outcome "
            + "arrives from Wings; GET shows it. On failure, cancellation or timeout (wingman.transfers.timeout) the "
            + "server stays usable on its source node.")
    @APIResponse(responseCode = "202", description = "The source Wings is sending the server (state archiving)")
    @APIResponse(responseCode = "400", description = "nodeId missing, unknown, or the server's own node")
    @APIResponse(responseCode = "409", description = "Already transferring, installing, restoring a backup or with a "
            + "backup pending (backups stay on their node), or the destination is unhealthy, "
            + "in maintenance, full or out of ports")
    @APIResponse(responseCode = "502", description = "The source Wings refused or could not be reached; nothing was kept")
    public Response transfer(@PathParam("id") String id, TransferRequest body) {
        Validate.body(body);
        String nodeId = Validate.text(body.nodeId(), "nodeId", 64);
        return Response.status(202).entity(transfers.begin(request.requireCaller(), id, nodeId)).build();
    }

    @GET
    @Path("/{id}/transfer")
    @Authenticated(scope = Scopes.RESOURCE, grant = "server")
    @Operation(summary = "A server's latest transfer", description = "For anyone who can see the server: state "
            + "pending, archiving, completed, failed or cancelled, the reason when it did not complete, and whether the "
            + "source node has deleted its copy. 404 if it was never transferred.")
    public ServerTransfers.Status transferStatus(@PathParam("id") String id) {
        return transfers.latest(request.requireCaller(), id);
    }

    @DELETE
    @Path("/{id}/transfer")
    @RequiresPermission(ServersPermissions.TRANSFER)
    @Operation(summary = "Cancel a transfer in flight", description = "servers:transfer. The source Wings is told to "
            + "stop, the destination to drop what it received, the destination ports are freed and the server is "
            + "unlocked on its source node, even when a node cannot be reached (the reason says so).")
    @APIResponse(responseCode = "409", description = "No transfer is in flight")
    public ServerTransfers.Status cancelTransfer(@PathParam("id") String id) {
        return transfers.cancel(request.requireCaller(), id);
    }
}
