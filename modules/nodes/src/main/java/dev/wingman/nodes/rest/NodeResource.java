package dev.wingman.nodes.rest;

import dev.wingman.nodes.api.NodePermissions;
import dev.wingman.nodes.api.Allocation;
import dev.wingman.nodes.api.Allocations;
import dev.wingman.nodes.api.Wings;
import dev.wingman.nodes.internal.AvailableNodes;
import dev.wingman.nodes.internal.Node;
import dev.wingman.nodes.internal.NodeRepository;
import dev.wingman.nodes.internal.NodeService;
import dev.wingman.nodes.internal.allocations.AllocationMove;
import dev.wingman.nodes.internal.allocations.AllocationService;
import dev.wingman.nodes.internal.heartbeats.HeartbeatHistory;
import dev.wingman.nodes.internal.reboots.RebootOperations;
import dev.wingman.organisations.api.OrganisationAccess;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.Authenticated;
import dev.wingman.platform.api.CurrentRequest;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
import dev.wingman.platform.api.RequiresPermission;
import dev.wingman.platform.api.Validate;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

@Path("/api/nodes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Nodes")
public class NodeResource {
    static final Set<String> HEARTBEAT_SORT = Set.of("checkedAt");

    @Inject
    OrganisationAccess organisations;

    @Inject
    NodeService service;

    @Inject
    NodeRepository nodes;

    @Inject
    AvailableNodes available;

    @Inject
    HeartbeatHistory heartbeats;

    @Inject
    AllocationService allocationService;

    @Inject
    Allocations allocations;

    @Inject
    AllocationMove allocationMove;

    @Inject
    RebootOperations reboots;

    @Inject
    Wings wings;

    @Inject
    CurrentRequest request;

    public record TokenView(String token) {
    }

    public record AssignRequest(String organisationId) {
    }

    public record RotateRequest(String token) {
    }

    public record AllocationRequest(String ip, Integer port, String notes) {
    }

    public record MoveRequest(String oldIp, String newIp) {
    }

    public record HeartbeatPage(List<HeartbeatHistory.Heartbeat> data, Page.Meta meta, HeartbeatHistory.Summary summary) {
    }

    private static NodeView view(Node node) {
        return NodeView.of(node.info());
    }

    @GET
    @RequiresPermission(NodePermissions.READ)
    @Operation(summary = "List nodes", description = "Every node, paged; sort by name, nodeType or createdAt.")
    public Page<NodeView> list(@QueryParam("page") Integer page, @QueryParam("perPage") Integer perPage,
                               @QueryParam("sort") String sort) {
        return nodes.list(PageRequest.of(page, perPage, sort, NodeRepository.SORTABLE, "name")).map(NodeResource::view);
    }

    @POST
    @RequiresPermission(NodePermissions.CREATE)
    @Operation(summary = "Register a node", description = "Contacts Wings (GET /api/system with the token) before storing "
            + "anything: unreachable or rejected answers 502 with the reason. The token is stored encrypted.")
    @RequestBody(content = @Content(schema = @Schema(implementation = NodeRequest.class)))
    @APIResponse(responseCode = "201", description = "Registered")
    @APIResponse(responseCode = "400", description = "A field is invalid (named in the error)")
    @APIResponse(responseCode = "409", description = "The name is taken")
    @APIResponse(responseCode = "502", description = "Wings is unreachable or refused the token")
    public Response register(JsonObject body) {
        return Response.status(201).entity(view(service.register(body))).build();
    }

    @GET
    @Path("/available")
    @Authenticated(scope = "servers:create")
    @Operation(summary = "Nodes I can deploy to", description = "For a personal server, or with organisationId for "
            + "that organisation's servers. free accounts: free and free_and_paid nodes; paid, educational and enterprise: "
            + "paid and free_and_paid; with organisationId also that organisation's enterprise nodes (which take no other "
            + "servers); node administrators: all. Only healthy nodes open for deployments and not in maintenance. "
            + "Cached 10 s per account, tier and organisation.")
    @APIResponse(responseCode = "404", description = "No such organisation, or you may not create servers in it")
    @APIResponse(responseCode = "200", description = "The nodes, without their credentials")
    public List<NodeView> available(@QueryParam("organisationId") String organisationId) {
        Caller caller = request.requireCaller();
        if (organisationId != null && !organisations.allows(caller, organisationId, "servers:create")) {
            throw ApiException.notFound("Organisation not found");
        }
        return available.available(caller, organisationId).stream().map(NodeView::of).toList();
    }

    @GET
    @Path("/heartbeats")
    @RequiresPermission(NodePermissions.READ)
    @Operation(summary = "Heartbeats of every node", description = "Newest first; from/to are ISO-8601 instants "
            + "(default: the last 24 hours).")
    public Page<HeartbeatHistory.Heartbeat> allHeartbeats(@QueryParam("from") String from, @QueryParam("to") String to,
                                                          @QueryParam("page") Integer page,
                                                          @QueryParam("perPage") Integer perPage,
                                                          @QueryParam("sort") String sort) {
        Instant[] range = range(from, to);
        return heartbeats.search(null, range[0], range[1], PageRequest.of(page, perPage, sort, HEARTBEAT_SORT, "-checkedAt"));
    }

    @POST
    @Path("/generate-token")
    @RequiresPermission(NodePermissions.READ_CREDENTIALS)
    @Operation(summary = "Generate a Wings token", description = "A fresh token id and token for a new Wings install. "
            + "Nothing is stored: register the node (or rotate its credentials) with the token.")
    public NodeService.Credentials generateToken() {
        return service.generateToken();
    }

    @GET
    @Path("/{id}")
    @RequiresPermission(NodePermissions.READ)
    @Operation(summary = "Get a node")
    public NodeView get(@PathParam("id") String id) {
        return view(nodes.find(id));
    }

    @PUT
    @Path("/{id}")
    @RequiresPermission(NodePermissions.UPDATE)
    @Operation(summary = "Change a node", description = "Fields present are changed; an explicit null clears an optional "
            + "one. A new url is verified with Wings first; a new token is pushed to Wings first (see credentials).")
    @RequestBody(content = @Content(schema = @Schema(implementation = NodeRequest.class)))
    public NodeView update(@PathParam("id") String id, JsonObject body) {
        return view(service.update(id, body));
    }

    @DELETE
    @Path("/{id}")
    @RequiresPermission(NodePermissions.DELETE)
    @Operation(summary = "Delete a node")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "409", description = "The node still hosts servers")
    public Response delete(@PathParam("id") String id) {
        service.delete(id);
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/system")
    @RequiresPermission(NodePermissions.READ)
    @Operation(summary = "Wings system information", description = "GET /api/system on the node, through its circuit "
            + "breaker: version, architecture, OS, kernel and CPU count.")
    @APIResponse(responseCode = "502", description = "Wings is unreachable, timed out or failed")
    @APIResponse(responseCode = "200", description = "Wings' own answer: version, kernel, architecture, CPUs")
    @APIResponse(responseCode = "503", description = "The node's circuit breaker is open or too many calls are in flight")
    public Wings.SystemInfo system(@PathParam("id") String id) {
        return wings.system(id);
    }

    @GET
    @Path("/{id}/token")
    @RequiresPermission(NodePermissions.READ_CREDENTIALS)
    @Operation(summary = "The node's Wings token")
    public TokenView token(@PathParam("id") String id) {
        return new TokenView(service.credentials(id).token());
    }

    @GET
    @Path("/{id}/credentials")
    @RequiresPermission(NodePermissions.READ_CREDENTIALS)
    @Operation(summary = "The node's Wings credentials", description = "tokenId and token, and the Authorization value "
            + "Wings sends to the panel (Bearer tokenId.token).")
    public NodeService.Credentials credentials(@PathParam("id") String id) {
        return service.credentials(id);
    }

    @PUT
    @Path("/{id}/credentials")
    @RequiresPermission(NodePermissions.UPDATE_CREDENTIALS)
    @Operation(summary = "Rotate the node's token", description = "Pushes the configuration with the new token (generated "
            + "when none is given) and a new token id to Wings with POST /api/update, using the old token; stored only once "
            + "Wings applied it. 502 when Wings cannot be reached or refuses.")
    public NodeService.Credentials rotate(@PathParam("id") String id, RotateRequest body) {
        String token = body == null ? null : Validate.optionalText(body.token(), "token", 512);
        return service.rotateToken(id, token);
    }

    @GET
    @Path("/{id}/configuration")
    @Produces({"application/yaml", MediaType.APPLICATION_JSON})
    @RequiresPermission(NodePermissions.READ_CREDENTIALS)
    @Operation(summary = "The node's Wings config.yml", description = "uuid, token_id, token, api host/port/ssl, sftp port "
            + "and remote (this panel's public URL, wingman.public-url).")
    public Response configuration(@PathParam("id") String id) {
        return Response.ok(service.configuration(id), "application/yaml").build();
    }

    @POST
    @Path("/{id}/assign-org")
    @RequiresPermission(NodePermissions.UPDATE)
    @Operation(summary = "Scope an enterprise node to an organisation", description = "Only that organisation's members "
            + "can deploy to it. organisationId null removes the scope.")
    @APIResponse(responseCode = "200", description = "The node, with its organisation")
    @APIResponse(responseCode = "409", description = "The node is not an enterprise node, or holds servers the organisation does not own")
    public NodeView assignOrganisation(@PathParam("id") String id, AssignRequest body) {
        Validate.body(body);
        return view(service.assignOrganisation(id, Validate.optionalText(body.organisationId(), "organisationId", 64)));
    }

    @GET
    @Path("/{id}/heartbeats")
    @RequiresPermission(NodePermissions.READ)
    @Operation(summary = "A node's heartbeats", description = "Newest first, with uptime and mean response time over the "
            + "range; from/to are ISO-8601 instants (default: the last 24 hours).")
    public HeartbeatPage heartbeats(@PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to,
                                    @QueryParam("page") Integer page, @QueryParam("perPage") Integer perPage,
                                    @QueryParam("sort") String sort) {
        nodes.find(id);
        Instant[] range = range(from, to);
        Page<HeartbeatHistory.Heartbeat> beats = heartbeats.search(id, range[0], range[1],
                PageRequest.of(page, perPage, sort, HEARTBEAT_SORT, "-checkedAt"));
        return new HeartbeatPage(beats.data(), beats.meta(), heartbeats.summary(id, range[0], range[1]));
    }

    @POST
    @Path("/{id}/allocations")
    @RequiresPermission(NodePermissions.UPDATE)
    @Operation(summary = "Reserve a port", description = "ip: one of the node's IPv4 addresses or an address in its IPv6 "
            + "subnet (default: its first IPv4 address); port: a given port, or the lowest free one in the node's range.")
    @APIResponse(responseCode = "201", description = "Reserved")
    @APIResponse(responseCode = "409", description = "The port is taken, or no port is free")
    public Response allocate(@PathParam("id") String id, AllocationRequest body) {
        AllocationRequest request = body == null ? new AllocationRequest(null, null, null) : body;
        Allocation allocation = allocations.allocate(id, Validate.optionalText(request.ip(), "ip", 45), request.port(), null,
                Validate.optionalText(request.notes(), "notes", 255));
        return Response.status(201).entity(allocation).build();
    }

    @DELETE
    @Path("/{id}/allocations/{allocationId}")
    @RequiresPermission(NodePermissions.UPDATE)
    @Operation(summary = "Free a port no server uses")
    @APIResponse(responseCode = "204", description = "Freed")
    @APIResponse(responseCode = "409", description = "A server uses it")
    public Response release(@PathParam("id") String id, @PathParam("allocationId") String allocationId) {
        allocationService.release(id, allocationId);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/mass-allocation-change")
    @RequiresPermission(NodePermissions.UPDATE)
    @Operation(summary = "Move every allocation from one IP to another", description = "Refused whole (409) if a port is "
            + "taken on the new IP. Then each affected server's configuration is pushed to Wings (sync); the answer counts "
            + "updated and failed servers.")
    public AllocationMove.Result moveAllocations(@PathParam("id") String id, MoveRequest body) {
        Validate.body(body);
        return allocationMove.move(id, body.oldIp(), body.newIp());
    }

    @POST
    @Path("/{id}/reboot-all-servers")
    @RequiresPermission(NodePermissions.UPDATE)
    @Operation(summary = "Reboot every running server on the node", description = "Answers at once with an operationId; "
            + "in the background the running servers are stopped, stragglers killed, and all started again. Poll "
            + "reboot-status. The operation is persisted: any instance answers, and it resumes after a restart.")
    @APIResponse(responseCode = "202", description = "Started")
    @APIResponse(responseCode = "409", description = "One is already running on this node")
    public Response rebootAll(@PathParam("id") String id) {
        return Response.status(202).entity(reboots.begin(id, request.requireCaller().userId())).build();
    }

    @GET
    @Path("/{id}/reboot-status/{operationId}")
    @RequiresPermission(NodePermissions.READ)
    @Operation(summary = "Progress of a reboot-all operation", description = "status running, completed or failed; "
            + "progress 0-100; per-server stop/kill/start results.")
    public RebootOperations.Status rebootStatus(@PathParam("id") String id, @PathParam("operationId") String operationId) {
        return reboots.status(id, operationId);
    }

    static Instant[] range(String from, String to) {
        Instant end = Validate.optionalInstant(to, "to");
        Instant start = Validate.optionalInstant(from, "from");
        end = end == null ? Instant.now() : end;
        start = start == null ? end.minus(Duration.ofHours(24)) : start;
        if (start.isAfter(end)) {
            throw ApiException.invalidField("from", "must not be after to");
        }
        return new Instant[] {start, end};
    }
}
