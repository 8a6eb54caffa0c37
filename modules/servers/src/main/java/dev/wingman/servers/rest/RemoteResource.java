package dev.wingman.servers.rest;

import static dev.wingman.platform.api.JsonSupport.JSON;

import dev.wingman.nodes.api.NodeDirectory;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.LargeBody;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
import dev.wingman.servers.internal.Server;
import dev.wingman.servers.internal.ServerActivity;
import dev.wingman.servers.internal.ServerRemote;
import dev.wingman.servers.internal.ServerTransfers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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


/**
 * The API Wings calls ({@code Authorization: Bearer <token_id>.<token>}), in Pterodactyl's shapes
 * and error envelope (reference/wings-protocol.md §5). A node only ever sees its own servers: any
 * other uuid is 404, as if it did not exist.
 */
@Path("/api/remote")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Wings remote API")
public class RemoteResource {
    @Inject
    NodeDirectory nodes;

    @Inject
    ServerRemote remote;

    @Inject
    ServerActivity activity;

    @Inject
    ServerTransfers transfers;

    /** The node these credentials belong to: 401 missing, 400 malformed, 403 wrong, as Pterodactyl answers. */
    private String node(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw ApiException.unauthorized("Access to this endpoint must include an Authorization header.");
        }
        String[] scheme = authorization.strip().split(" ", 2);
        String[] parts = scheme.length == 2 && scheme[0].equalsIgnoreCase("Bearer") ? scheme[1].strip().split("\\.", -1) : null;
        if (parts == null || parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw ApiException.badRequest("The Authorization header provided was not in a valid format.");
        }
        return nodes.authenticateDaemon(parts[0], parts[1])
                .orElseThrow(() -> ApiException.forbidden("You are not authorized to access this resource."));
    }

    @GET
    @Path("/servers")
    @Operation(summary = "Wings boot: this node's servers, paged", description = "page 0 is page 1; meta carries "
            + "current_page and last_page at its top level, as Go Wings and wings-rs read it.")
    public JsonObject servers(@HeaderParam("Authorization") String authorization, @QueryParam("page") Integer page,
                              @QueryParam("per_page") Integer perPage) {
        String nodeId = node(authorization);
        int current = page == null || page < 1 ? 1 : page;
        int size = perPage == null || perPage < 1 ? 50 : Math.min(perPage, 500);
        Page<Server> servers = remote.onNode(nodeId, new PageRequest(current, size, "createdAt", false));
        JsonArrayBuilder data = JSON.createArrayBuilder();
        servers.data().forEach(s -> data.add(remote.configuration(s)));
        long lastPage = Math.max(1, servers.meta().totalPages());
        long total = servers.meta().total();
        long from = total == 0 ? 0 : (long) (current - 1) * size + 1;
        return JSON.createObjectBuilder().add("data", data)
                .add("links", JSON.createObjectBuilder())
                .add("meta", JSON.createObjectBuilder().add("current_page", current).add("from", from)
                        .add("last_page", lastPage).add("per_page", size).add("to", from == 0 ? 0 : from + servers.data().size() - 1)
                        .add("total", total).add("path", "/api/remote/servers"))
                .build();
    }

    @POST
    @Path("/servers/reset")
    @Operation(summary = "Wings booted", description = "Installs this node was running failed; restores are over.")
    public Response reset(@HeaderParam("Authorization") String authorization) {
        remote.resetNode(node(authorization));
        return Response.noContent().build();
    }

    @GET
    @Path("/servers/{uuid}")
    @Operation(summary = "A server's configuration for Wings", description = "settings and process_configuration. The "
            + "destination node of a transfer in flight reads it too, with the ports reserved for the server there.")
    public JsonObject server(@HeaderParam("Authorization") String authorization, @PathParam("uuid") String uuid) {
        String nodeId = node(authorization);
        Server server = remote.readableBy(nodeId, uuid);
        JsonObject configuration = remote.configuration(server, nodeId);
        return JSON.createObjectBuilder().add("settings", configuration.get("settings"))
                .add("process_configuration", configuration.get("process_configuration")).build();
    }

    @GET
    @Path("/servers/{uuid}/install")
    @Operation(summary = "A server's install script")
    public JsonObject installScript(@HeaderParam("Authorization") String authorization, @PathParam("uuid") String uuid) {
        return remote.installScript(remote.onNode(node(authorization), uuid));
    }

    /** {@code successful}: whether the install script succeeded; {@code reinstall}: whether it was a reinstall. */
    public record InstallResult(Boolean successful, Boolean reinstall) {
    }

    @POST
    @Path("/servers/{uuid}/install")
    @Operation(summary = "Wings finished installing a server", description = "Status becomes null, or install_failed / "
            + "reinstall_failed.")
    @APIResponse(responseCode = "413", description = "Request body over the limit (1 MiB by default)")
    public Response installed(@HeaderParam("Authorization") String authorization, @PathParam("uuid") String uuid,
                              InstallResult body) {
        Server server = remote.onNode(node(authorization), uuid);
        boolean successful = body != null && Boolean.TRUE.equals(body.successful());
        boolean reinstall = body != null && Boolean.TRUE.equals(body.reinstall());
        remote.installed(server, successful, reinstall);
        return Response.noContent().build();
    }

    @POST
    @Path("/activity")
    @LargeBody // up to Wings' activity_send_count entries, whose metadata may list many file names
    @Operation(summary = "Wings' activity batch", description = "{data: [{user, server, event, metadata, ip, timestamp}]}; "
            + "merged into each server's activity log. Servers of other nodes and events not starting with server: are "
            + "ignored.")
    @APIResponse(responseCode = "413", description = "Request body over the limit (8 MiB by default)")
    public Response activity(@HeaderParam("Authorization") String authorization, JsonObject body) {
        String nodeId = node(authorization);
        if (body == null || !(body.get("data") instanceof JsonArray data)) {
            throw ApiException.badRequest("data must be a list of activity entries");
        }
        activity.merge(nodeId, data.getValuesAs(JsonObject.class));
        return Response.noContent().build();
    }

    @POST
    @Path("/servers/{uuid}/transfer/success")
    @Operation(summary = "The destination Wings received a transferred server", description = "Only the destination "
            + "node may report success: the server moves there (node and primary port), its source ports are freed and "
            + "the source Wings is asked to delete its copy. 409 when no transfer is in flight; 404 for a node that is "
            + "neither side of the transfer.")
    public Response transferSucceeded(@HeaderParam("Authorization") String authorization, @PathParam("uuid") String uuid) {
        transfers.succeeded(node(authorization), uuid);
        return Response.noContent().build();
    }

    @POST
    @Path("/servers/{uuid}/transfer/failure")
    @Operation(summary = "A transfer failed", description = "From the source or the destination node: the server stays "
            + "on its source node, unlocked, and the ports reserved on the destination are freed. 409 when no transfer is "
            + "in flight (for example after the other side already reported).")
    public Response transferFailed(@HeaderParam("Authorization") String authorization, @PathParam("uuid") String uuid) {
        transfers.failed(node(authorization), uuid);
        return Response.noContent().build();
    }

    /** type password or public_key; username {@code <e-mail>.<server id>}; ip the client's address. */
    public record SftpRequest(String type, String username, String password, String ip) {
    }

    @POST
    @Path("/sftp/auth")
    @Operation(summary = "Wings' SFTP login check", description = "username <account e-mail>.<8-character server id>, "
            + "the account's password; needs file.sftp on the server. 200 {user, server, permissions}; 403 wrong "
            + "credentials or no permission; 400 no server id; 429 after 10 attempts a minute per username and address.")
    @APIResponse(responseCode = "503", description = "Too many password checks at once; see Retry-After")
    @APIResponse(responseCode = "413", description = "Request body over the limit (1 MiB by default)")
    public JsonObject sftp(@HeaderParam("Authorization") String authorization, SftpRequest body) {
        String nodeId = node(authorization);
        if (body == null) {
            throw ApiException.badRequest("A JSON body is required");
        }
        ServerRemote.SftpLogin login = remote.sftp(nodeId, body.type(), body.username(), body.password(),
                body.ip() == null ? "unknown" : body.ip());
        JsonArrayBuilder permissions = JSON.createArrayBuilder();
        login.permissions().forEach(permissions::add);
        return JSON.createObjectBuilder().add("user", login.user()).add("server", login.server())
                .add("permissions", permissions).build();
    }
}
