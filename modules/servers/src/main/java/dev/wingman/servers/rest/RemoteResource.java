package dev.wingman.servers.rest;

import static dev.wingman.platform.api.JsonSupport.JSON;

import dev.wingman.nodes.api.NodeDirectory;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.LargeBody;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
import dev.wingman.servers.internal.Server;
import dev.wingman.servers.internal.ServerActivity;
import dev.wingman.servers.internal.remote.ServerRemote;
import dev.wingman.servers.internal.transfers.ServerTransfers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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
 * other uuid is 404, as if it did not exist. Every operation's credentials are checked by
 * {@link NodeCredentialsFilter} before its body is read: 401 without them, 400 malformed, 403 wrong.
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

    @Inject
    RemoteNode node;

    @GET
    @Path("/servers")
    @Operation(summary = "Wings boot: this node's servers, paged", description = "page 0 is page 1; meta carries "
            + "current_page and last_page at its top level, as Go Wings and wings-rs read it.")
    @APIResponse(responseCode = "401", description = "No node credentials (checked before the body is read)")
    @APIResponse(responseCode = "400", description = "Malformed node credentials")
    @APIResponse(responseCode = "403", description = "Wrong node credentials")
    public JsonObject servers(@QueryParam("page") Integer page,
                              @QueryParam("per_page") Integer perPage) {
        String nodeId = node.id();
        int current = page == null || page < 1 ? 1 : Math.min(page, PageRequest.MAX_PAGE);
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
    @APIResponse(responseCode = "401", description = "No node credentials (checked before the body is read)")
    @APIResponse(responseCode = "400", description = "Malformed node credentials")
    @APIResponse(responseCode = "403", description = "Wrong node credentials")
    public Response reset() {
        remote.resetNode(node.id());
        return Response.noContent().build();
    }

    @GET
    @Path("/servers/{uuid}")
    @Operation(summary = "A server's configuration for Wings", description = "settings and process_configuration. The "
            + "destination node of a transfer in flight reads it too, with the ports reserved for the server there.")
    @APIResponse(responseCode = "401", description = "No node credentials (checked before the body is read)")
    @APIResponse(responseCode = "400", description = "Malformed node credentials")
    @APIResponse(responseCode = "403", description = "Wrong node credentials")
    @APIResponse(responseCode = "404", description = "Not a server of this node")
    public JsonObject server(@PathParam("uuid") String uuid) {
        String nodeId = node.id();
        Server server = remote.readableBy(nodeId, uuid);
        JsonObject configuration = remote.configuration(server, nodeId);
        return JSON.createObjectBuilder().add("settings", configuration.get("settings"))
                .add("process_configuration", configuration.get("process_configuration")).build();
    }

    @GET
    @Path("/servers/{uuid}/install")
    @Operation(summary = "A server's install script")
    @APIResponse(responseCode = "401", description = "No node credentials (checked before the body is read)")
    @APIResponse(responseCode = "400", description = "Malformed node credentials")
    @APIResponse(responseCode = "403", description = "Wrong node credentials")
    @APIResponse(responseCode = "404", description = "Not a server of this node")
    public JsonObject installScript(@PathParam("uuid") String uuid) {
        return remote.installScript(remote.onNode(node.id(), uuid));
    }

    /** {@code successful}: whether the install script succeeded; {@code reinstall}: whether it was a reinstall. */
    public record InstallResult(Boolean successful, Boolean reinstall) {
    }

    @POST
    @Path("/servers/{uuid}/install")
    @Operation(summary = "Wings finished installing a server", description = "Status becomes null, or install_failed / "
            + "reinstall_failed.")
    @APIResponse(responseCode = "401", description = "No node credentials (checked before the body is read)")
    @APIResponse(responseCode = "400", description = "Malformed node credentials")
    @APIResponse(responseCode = "403", description = "Wrong node credentials")
    @APIResponse(responseCode = "404", description = "Not a server of this node")
    public Response installed(@PathParam("uuid") String uuid,
                              InstallResult body) {
        Server server = remote.onNode(node.id(), uuid);
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
    @APIResponse(responseCode = "401", description = "No node credentials (checked before the body is read)")
    @APIResponse(responseCode = "400", description = "Malformed node credentials")
    @APIResponse(responseCode = "403", description = "Wrong node credentials")
    @APIResponse(responseCode = "413", description = "Request body over the limit (8 MiB by default)")
    public Response activity(JsonObject body) {
        String nodeId = node.id();
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
    @APIResponse(responseCode = "401", description = "No node credentials (checked before the body is read)")
    @APIResponse(responseCode = "400", description = "Malformed node credentials")
    @APIResponse(responseCode = "403", description = "Wrong node credentials")
    @APIResponse(responseCode = "204", description = "Recorded")
    @APIResponse(responseCode = "404", description = "Neither side of the server's transfers, nor its node")
    @APIResponse(responseCode = "409", description = "Server is not being transferred (also a server never transferred)")
    public Response transferSucceeded(@PathParam("uuid") String uuid) {
        transfers.succeeded(node.id(), uuid);
        return Response.noContent().build();
    }

    @POST
    @Path("/servers/{uuid}/transfer/failure")
    @Operation(summary = "A transfer failed", description = "From the source or the destination node: the server stays "
            + "on its source node, unlocked, and the ports reserved on the destination are freed. 409 when no transfer is "
            + "in flight (for example after the other side already reported).")
    @APIResponse(responseCode = "401", description = "No node credentials (checked before the body is read)")
    @APIResponse(responseCode = "400", description = "Malformed node credentials")
    @APIResponse(responseCode = "403", description = "Wrong node credentials")
    @APIResponse(responseCode = "204", description = "Recorded")
    @APIResponse(responseCode = "404", description = "Neither side of the server's transfers, nor its node")
    @APIResponse(responseCode = "409", description = "Server is not being transferred (also a server never transferred)")
    public Response transferFailed(@PathParam("uuid") String uuid) {
        transfers.failed(node.id(), uuid);
        return Response.noContent().build();
    }

    /**
     * type password or public_key; username {@code <e-mail>.<server id>}; ip the client's address as
     * Wings reports it (not trusted: the limit does not use it).
     */
    public record SftpRequest(String type, String username, String password, String ip) {
    }

    @POST
    @Path("/sftp/auth")
    @Operation(summary = "Wings' SFTP login check", description = "username <account e-mail>.<8-character server id>, "
            + "the account's password or one of its SSH keys (type public_key); needs file.sftp on the server. An "
            + "account with two-factor authentication logs in with a key only. Every refusal (unknown account or "
            + "server, wrong password or key, no file.sftp, suspended account or server, a password for a two-factor "
            + "account) is the same 403.")
    @APIResponse(responseCode = "200", description = "{user, server, permissions}")
    @APIResponse(responseCode = "400", description = "No server id in the username, or an unknown type")
    @APIResponse(responseCode = "401", description = "No node credentials")
    @APIResponse(responseCode = "403", description = "Wrong node credentials, or the login is refused: always "
            + "\"Authorization credentials were not correct, please try again.\"")
    @APIResponse(responseCode = "429", description = "More than 10 attempts a minute for this account on this node")
    @APIResponse(responseCode = "503", description = "Too many password checks at once; see Retry-After")
    public JsonObject sftp(SftpRequest body) {
        String nodeId = node.id();
        if (body == null) {
            throw ApiException.badRequest("A JSON body is required");
        }
        ServerRemote.SftpLogin login = remote.sftp(nodeId, body.type(), body.username(), body.password());
        JsonArrayBuilder permissions = JSON.createArrayBuilder();
        login.permissions().forEach(permissions::add);
        return JSON.createObjectBuilder().add("user", login.user()).add("server", login.server())
                .add("permissions", permissions).build();
    }
}
