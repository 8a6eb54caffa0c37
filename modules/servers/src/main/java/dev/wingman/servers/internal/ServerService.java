package dev.wingman.servers.internal;

import dev.wingman.nodes.api.Allocation;
import dev.wingman.nodes.api.Allocations;
import dev.wingman.nodes.api.NodeDirectory;
import dev.wingman.nodes.api.NodeInfo;
import dev.wingman.nodes.api.Wings;
import dev.wingman.nodes.api.WingsException;
import dev.wingman.organisations.api.OrganisationAccess;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.AuditTrail;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.Ids;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Creating, finding and deleting servers. Creation places the server on a node the caller may
 * use that has room, reserves a port, stores the server, and only then asks Wings to create it
 * (Wings reads the configuration back from the panel while answering). If Wings refuses or cannot
 * be reached, the row and the port are removed again and the answer is 502 with the reason.
 */
@ApplicationScoped
public class ServerService {
    static final String ADMIN_READ = "servers:read";
    static final String ADMIN_DELETE = "servers:delete";

    @Inject
    ServerStore store;

    @Inject
    EggService eggs;

    @Inject
    NodeDirectory nodes;

    @Inject
    Allocations allocations;

    @Inject
    Wings wings;

    @Inject
    OrganisationAccess organisations;

    @Inject
    AuditTrail audit;

    /** What a caller asks for; environment may be partial (defaults fill the rest). */
    public record Request(String name, String description, String eggId, String dockerImage, int memoryMib, int swapMib,
                          int diskMib, int ioWeight, int cpuPercent, Map<String, String> environment, String nodeId,
                          String organisationId) {
    }

    public Server create(Caller caller, Request request) {
        if (request.organisationId() != null && !organisations.allows(caller, request.organisationId(), "servers:create")) {
            throw ApiException.invalidField("orgId", "you may not create servers in that organisation");
        }
        Egg egg = eggs.find(request.eggId());
        Map<String, String> environment = eggs.resolveEnvironment(egg.id, request.environment(), caller.has("servers:*"));
        Map<String, String> images = EggFormat.dockerImages(egg);
        String image = request.dockerImage() == null ? images.values().iterator().next() : request.dockerImage();
        if (!images.containsValue(image) && !caller.has("servers:*")) {
            throw ApiException.invalidField("dockerImage", "must be one of the egg's images: " + String.join(", ", images.values()));
        }
        Server server = new Server();
        UUID uuid = UUID.randomUUID();
        server.id = Ids.newId();
        server.uuid = uuid;
        server.identifier = uuid.toString().substring(0, 8);
        server.name = request.name();
        server.description = request.description() == null ? "" : request.description();
        server.ownerId = caller.userId();
        server.organisationId = request.organisationId();
        server.eggId = egg.id;
        server.dockerImage = image;
        server.startup = egg.startup;
        server.environment = json(environment);
        server.memoryMib = request.memoryMib();
        server.swapMib = request.swapMib();
        server.diskMib = request.diskMib();
        server.ioWeight = request.ioWeight();
        server.cpuPercent = request.cpuPercent();
        server.status = "installing";
        server.createdAt = Instant.now();
        server.updatedAt = server.createdAt;

        NodeInfo node = place(caller, server, request.nodeId());
        try {
            wings.createServer(node.id(), uuid.toString(), false);
        } catch (WingsException e) {
            undo(server);
            throw new ApiException(502, "Wings could not create the server on node '" + node.name() + "': " + e.getMessage());
        } catch (RuntimeException e) {
            undo(server);
            throw e;
        }
        audit.record("server.create", "server", server.id, Map.of("name", server.name, "node", node.id()));
        return server;
    }

    /** Picks the first candidate node with room, reserving a port there; 503 when none has room. */
    private NodeInfo place(Caller caller, Server server, String requestedNode) {
        List<NodeInfo> candidates = new ArrayList<>(nodes.available(caller));
        if (requestedNode != null) {
            candidates.removeIf(n -> !n.id().equals(requestedNode));
            if (candidates.isEmpty()) {
                throw ApiException.invalidField("nodeId", "is not a node you can deploy to now (unknown, not yours, "
                        + "unhealthy, in maintenance or closed to new servers)");
            }
        }
        // In name order, so where a server lands is predictable for operators.
        candidates.sort(Comparator.comparing(NodeInfo::name));
        for (NodeInfo node : candidates) {
            if (node.portRangeStart() == null) {
                continue;
            }
            Allocation port;
            try {
                port = allocations.allocate(node.id(), null, null, server.uuid.toString(), null);
            } catch (ApiException e) {
                if (e.status() == 409) {
                    continue; // no free port there
                }
                throw e;
            }
            server.nodeId = node.id();
            server.allocationId = port.id();
            if (store.insertIfFits(server, node)) {
                return node;
            }
            allocations.releaseServer(server.uuid.toString());
        }
        throw new ApiException(503, candidates.isEmpty() ? "No node is available to you right now"
                : "No node you can deploy to has room for " + server.memoryMib + " MiB memory and " + server.diskMib
                + " MiB disk");
    }

    private void undo(Server server) {
        store.remove(server.id);
        allocations.releaseServer(server.uuid.toString());
    }

    /** The server if the caller may see it, else 404. */
    public Server visible(Caller caller, String reference) {
        Server server = store.findByAnyId(reference);
        if (server == null || !sees(caller, server)) {
            throw ServerStore.notFound();
        }
        return server;
    }

    boolean sees(Caller caller, Server server) {
        return caller.has(ADMIN_READ) || server.ownerId.equals(caller.userId())
                || (server.organisationId != null && organisations.allows(caller, server.organisationId, "servers:read"));
    }

    public Page<Server> list(Caller caller, boolean all, String query, String nodeId, String organisationId, PageRequest page) {
        if (all && !caller.has(ADMIN_READ)) {
            throw ApiException.forbidden("Listing every server needs " + ADMIN_READ);
        }
        List<String> orgs = organisations.organisationIdsOf(caller.userId()).stream()
                .filter(org -> organisations.allows(caller, org, "servers:read")).toList();
        return store.search(caller.userId(), orgs, all, query, nodeId, organisationId, page);
    }

    /** Deletes the server on Wings, then here, and frees its ports. */
    public void delete(Caller caller, String reference) {
        Server server = visible(caller, reference);
        boolean allowed = caller.has(ADMIN_DELETE) || server.ownerId.equals(caller.userId())
                || (server.organisationId != null && organisations.allows(caller, server.organisationId, "servers:delete"));
        if (!allowed) {
            throw ApiException.forbidden("You may not delete this server");
        }
        wings.deleteServer(server.nodeId, server.uuid.toString());
        store.remove(server.id);
        allocations.releaseServer(server.uuid.toString());
        audit.record("server.delete", "server", server.id, Map.of("name", server.name));
    }

    public List<Allocation> allocationsOf(Server server) {
        return allocations.ofServer(server.uuid.toString());
    }

    static String json(Map<String, String> values) {
        JsonObjectBuilder object = Json.createObjectBuilder();
        values.forEach(object::add);
        return object.build().toString();
    }
}
