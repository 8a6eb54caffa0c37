package dev.wingman.nodes.rest;

import dev.wingman.nodes.api.NodePermissions;
import dev.wingman.nodes.internal.Node;
import dev.wingman.nodes.internal.NodeRepository;
import dev.wingman.nodes.internal.NodeService;
import dev.wingman.nodes.internal.allocations.AllocationService;
import dev.wingman.organisations.api.OrganisationAccess;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.Authenticated;
import dev.wingman.platform.api.Scopes;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.CurrentRequest;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Set;

/**
 * The enterprise view of nodes (seed 000): an organisation's members see the nodes assigned to
 * it, its owners and admins also their Wings configuration; node administrators see every node.
 * A node the caller may not see answers 404.
 */
@Path("/api/infrastructure/nodes")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Authenticated(scope = Scopes.RESOURCE, grant = "node:nodes:read")
@Tag(name = "Nodes")
public class InfrastructureResource {
    private static final Set<String> ALLOCATION_SORT = Set.of("port");

    @Inject
    NodeRepository nodes;

    @Inject
    NodeService service;

    @Inject
    AllocationService allocations;

    @Inject
    OrganisationAccess organisations;

    @Inject
    CurrentRequest request;

    @GET
    @Operation(summary = "My infrastructure nodes", description = "Nodes assigned to my organisations (all nodes for "
            + "node administrators).")
    public List<NodeView> list() {
        Caller caller = request.requireCaller();
        if (caller.has(NodePermissions.READ)) {
            return nodes.list(PageRequest.of(1, PageRequest.MAX_PER_PAGE, null, NodeRepository.SORTABLE, "name"))
                    .data().stream().map(n -> NodeView.of(n.info())).toList();
        }
        return nodes.assignedTo(organisations.organisationIdsOf(caller.userId())).stream()
                .filter(n -> organisations.allows(caller, n.info().organisationId(), NodePermissions.READ))
                .map(n -> NodeView.of(n.info())).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "An infrastructure node")
    public NodeView get(@PathParam("id") String id) {
        return NodeView.of(visible(id, NodePermissions.READ).info());
    }

    @GET
    @Path("/{id}/config")
    @Produces({"application/yaml", MediaType.APPLICATION_JSON})
    @Operation(summary = "An infrastructure node's Wings config.yml", description = "Needs nodes:read-creds globally or in "
            + "the node's organisation (owners and admins).")
    public Response config(@PathParam("id") String id) {
        Node node = visible(id, NodePermissions.READ);
        if (!allows(request.requireCaller(), node, NodePermissions.READ_CREDENTIALS)) {
            throw ApiException.missingPermission(NodePermissions.READ_CREDENTIALS);
        }
        return Response.ok(service.configuration(id), "application/yaml").build();
    }

    @GET
    @Path("/{id}/allocations")
    @Operation(summary = "An infrastructure node's ports", description = "status free, used or all (default); paged in "
            + "(ip, port) order. Free ports are listed for the node's IPv4 addresses.")
    public Page<AllocationService.Slot> allocations(@PathParam("id") String id, @QueryParam("status") String status,
                                                    @QueryParam("page") Integer page,
                                                    @QueryParam("perPage") Integer perPage) {
        visible(id, NodePermissions.READ);
        return allocations.list(id, status, PageRequest.of(page, perPage, null, ALLOCATION_SORT, "port"));
    }

    private Node visible(String id, String permission) {
        Node node = nodes.find(id);
        if (!allows(request.requireCaller(), node, permission)) {
            throw ApiException.notFound("Node not found");
        }
        return node;
    }

    private boolean allows(Caller caller, Node node, String permission) {
        String organisationId = node.info().organisationId();
        return caller.has(permission) || (organisationId != null && organisations.allows(caller, organisationId, permission));
    }
}
