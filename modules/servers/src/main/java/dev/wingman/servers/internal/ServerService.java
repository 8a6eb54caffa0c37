package dev.wingman.servers.internal;

import dev.wingman.servers.api.ServersPermissions;

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
import dev.wingman.servers.internal.eggs.Egg;
import dev.wingman.servers.internal.eggs.EggService;
import dev.wingman.servers.internal.databases.ServerDatabases;
import dev.wingman.servers.internal.subusers.SubuserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Creating, finding and deleting servers. Creation places the server on a node the caller may
 * use that has room, reserves a port, stores the server, and only then asks Wings to create it
 * (Wings reads the configuration back from the panel while answering). If Wings refuses or cannot
 * be reached, the row and the port are removed again and the answer is 502 with the reason.
 */
@ApplicationScoped
public class ServerService {
    static final String ADMIN_READ = ServersPermissions.READ;
    static final String ADMIN_DELETE = ServersPermissions.DELETE;

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

    @Inject
    ServerPermissions permissions;

    @Inject
    ServerQuotas quotas;

    @Inject
    SubuserService subusers;

    @Inject
    ServerDatabases databases;

    /** What a caller asks for; environment may be partial (defaults fill the rest). */
    public record Request(String name, String description, String eggId, String dockerImage, int memoryMib, int swapMib,
                          int diskMib, int ioWeight, int cpuPercent, Map<String, String> environment, String nodeId,
                          String organisationId) {
    }

    public Server create(Caller caller, Request request) {
        if (request.organisationId() != null && !organisations.allows(caller, request.organisationId(), ServersPermissions.CREATE)) {
            throw ApiException.invalidField("organisationId", "you may not create servers in that organisation");
        }
        Egg egg = eggs.find(request.eggId());
        Map<String, String> environment = eggs.resolveEnvironment(egg.id, request.environment(), caller.has(ServersPermissions.ALL));
        Map<String, String> images = egg.dockerImages();
        String image = request.dockerImage() == null ? images.values().iterator().next() : request.dockerImage();
        if (!images.containsValue(image) && !caller.has(ServersPermissions.ALL)) {
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
        server.environment(environment);
        server.limits = new ServerLimits(request.memoryMib(), request.swapMib(), request.diskMib(), request.ioWeight(),
                request.cpuPercent());
        server.installStarted();

        NodeInfo node = place(caller, server, request.nodeId());
        try {
            wings.createServer(node.id(), uuid.toString(), false);
        } catch (WingsException e) {
            undo(server);
            throw e.relay(502, "Wings could not create the server on node '" + node.name() + "': "
                    + e.getMessage());
        } catch (RuntimeException e) {
            undo(server);
            throw e;
        }
        audit.record(ServersPermissions.AUDIT_SERVER_CREATE, "server", server.id, Map.of("name", server.name, "node", node.id()));
        return server;
    }

    /** Picks the first candidate node with room, reserving a port there; 503 when none has room. */
    private NodeInfo place(Caller caller, Server server, String requestedNode) {
        ServerQuotas.Quota quota = quotaFor(caller, server);
        List<NodeInfo> candidates = new ArrayList<>(nodes.available(caller, server.organisationId));
        if (requestedNode != null) {
            candidates.removeIf(n -> !n.id().equals(requestedNode));
            if (candidates.isEmpty()) {
                throw ApiException.invalidField("nodeId", "is not a node you can deploy to now (unknown, not yours, "
                        + "unhealthy, in maintenance or closed to new servers)");
            }
        }
        // An organisation's own nodes first, then in name order, so where a server lands is predictable for operators.
        candidates.sort(Comparator.comparing((NodeInfo n) -> !Objects.equals(n.organisationId(), server.organisationId)
                || n.organisationId() == null).thenComparing(NodeInfo::name));
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
            boolean inserted;
            try {
                inserted = store.insertIfFits(server, node, quota);
            } catch (RuntimeException e) { // over the quota: the port reserved for it goes back too
                allocations.releaseServer(server.uuid.toString());
                throw e;
            }
            if (inserted) {
                return node;
            }
            allocations.releaseServer(server.uuid.toString());
        }
        throw new ApiException(503, candidates.isEmpty() ? "No node is available to you right now"
                : "No node you can deploy to has room for " + server.limits.room());
    }

    /**
     * The quota the server counts against: its organisation's, else its owner's (the plan's limits
     * under billing, else the tier's); none for server administrators.
     */
    private ServerQuotas.Quota quotaFor(Caller caller, Server server) {
        if (caller.has(ServersPermissions.ALL)) {
            return null;
        }
        if (server.organisationId == null) {
            return quotas.ofAccount(caller.userId(), caller.tier());
        }
        return quotas.ofOrganisation(server.organisationId, organisations.membership(caller.userId(), server.organisationId)
                .map(OrganisationAccess.Membership::tier).orElse(caller.tier()));
    }

    private void undo(Server server) {
        store.remove(server.id, () -> { }); // a server whose creation failed has no databases yet
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
        return caller.has(ADMIN_READ)
                || (server.organisationId != null && organisations.allows(caller, server.organisationId, ServersPermissions.READ))
                || !permissions.of(caller, server).isEmpty();
    }

    public Page<Server> list(Caller caller, boolean all, String query, String nodeId, String organisationId, PageRequest page) {
        return list(caller, all, readableOrganisations(caller), query, nodeId, organisationId, page);
    }

    /** As {@link #list(Caller, boolean, String, String, String, PageRequest)} with the caller's {@link #readableOrganisations}. */
    public Page<Server> list(Caller caller, boolean all, List<String> readableOrganisations, String query, String nodeId,
                             String organisationId, PageRequest page) {
        requireListAll(caller, all);
        // Ownership and subuser grants reach a server only through resource keys in the key's scope.
        String reachedAs = caller.reachesResources() ? caller.userId() : null;
        // A narrow key reaches a shared server only where the subuser's keys and its scope meet.
        java.util.Collection<String> shared = reachedAs == null || !narrowKey(caller) ? null
                : subusers.grantsOf(caller.userId()).entrySet().stream()
                        .filter(g -> !caller.narrow(g.getValue(), ServerPermissions.CATALOGUE).isEmpty())
                        .map(java.util.Map.Entry::getKey).toList();
        return store.search(reachedAs, shared, readableOrganisations, all, query, nodeId, organisationId, page);
    }

    private static boolean narrowKey(Caller caller) {
        return caller.keyScope() != null && !caller.keyScope().contains("*");
    }

    public void requireListAll(Caller caller, boolean all) {
        if (all && !caller.has(ADMIN_READ)) {
            throw ApiException.missingPermission(ADMIN_READ);
        }
    }

    /** The organisations whose servers the caller may read. */
    public List<String> readableOrganisations(Caller caller) {
        return organisations.organisationIdsOf(caller.userId()).stream()
                .filter(org -> organisations.allows(caller, org, ServersPermissions.READ)).toList();
    }

    @Inject
    dev.wingman.servers.internal.backups.Backups backups;

    /**
     * Deletes the server's backups and the server on Wings, then here (its backups' rows go with it;
     * its databases are dropped on their hosts by a job), and frees its ports.
     */
    public void delete(Caller caller, String reference) {
        Server server = visible(caller, reference);
        boolean allowed = caller.has(ADMIN_DELETE) || ServerPermissions.grants(permissions.of(caller, server), ServerPermissions.DELETE)
                || (server.organisationId != null && organisations.allows(caller, server.organisationId, ServersPermissions.DELETE));
        if (!allowed) {
            throw ApiException.forbidden("You may not delete this server");
        }
        server.requireNotTransferring();
        backups.deleteArchives(server);
        wings.deleteServer(server.nodeId, server.uuid.toString());
        store.remove(server.id, () -> databases.serverDeleting(server.id));
        allocations.releaseServer(server.uuid.toString());
        audit.record(ServersPermissions.AUDIT_SERVER_DELETE, "server", server.id, Map.of("name", server.name));
    }

    /** A change to a server; null fields stay as they are. Limits need {@code servers:update}. */
    public record Change(String name, String description, Map<String, String> environment, String dockerImage,
                         Integer memoryMib, Integer swapMib, Integer diskMib, Integer ioWeight, Integer cpuPercent,
                         Integer databaseLimit, Integer allocationLimit, Integer backupLimit) {
        boolean limits() {
            return memoryMib != null || swapMib != null || diskMib != null || ioWeight != null || cpuPercent != null
                    || databaseLimit != null || allocationLimit != null || backupLimit != null;
        }
    }

    /**
     * Applies the change to the server under its row lock (validated against the row as it is then,
     * so a concurrent change of other fields is kept), checks in the same transaction that a larger
     * size still fits the node, stores it, then asks Wings to
     * re-read the server ({@code sync}). If Wings cannot be told, the change stays saved (Wings
     * reads it at the server's next start) and the answer says so with 502.
     */
    public Server update(Caller caller, String reference, Change change) {
        Server server = visible(caller, reference);
        List<String> held = permissions.of(caller, server);
        boolean admin = caller.has(ServersPermissions.UPDATE);
        if ((change.name() != null || change.description() != null) && !ServerPermissions.grants(held, "settings.rename")) {
            throw ApiException.missingPermission("settings.rename");
        }
        if (change.environment() != null && !ServerPermissions.grants(held, "startup.update")) {
            throw ApiException.missingPermission("startup.update");
        }
        if (change.dockerImage() != null && !ServerPermissions.grants(held, "startup.docker-image")) {
            throw ApiException.missingPermission("startup.docker-image");
        }
        if (change.limits() && !admin) {
            throw ApiException.missingPermission(ServersPermissions.UPDATE);
        }
        boolean resolvesAll = caller.has(ServersPermissions.ALL);
        NodeInfo node = change.limits() ? nodes.find(server.nodeId).orElse(null) : null;
        // Applied to the row as it is under its lock, not to the copy read above: what another path
        // (a client rename, Wings' status report, a restore) changed meanwhile stays.
        Server changed = store.changeFitting(server.id, node, locked -> apply(locked, change, admin, resolvesAll));
        audit.record(AuditTrailScopes.server(changed.id), ServersPermissions.ACTIVITY_SETTINGS_UPDATE, "server", changed.id,
                Map.of("fields", changedFields(change)));
        tellWings(changed, "The change is saved");
        return changed;
    }

    /** The change, checked against the server as it is now (the caller holds its row lock). */
    private void apply(Server server, Change change, boolean admin, boolean resolvesAll) {
        server.requireNotTransferring();
        Map<String, String> before = server.environmentMap();
        if (change.name() != null) {
            server.name = change.name();
        }
        if (change.description() != null) {
            server.description = change.description();
        }
        if (change.environment() != null) {
            server.environment(eggs.resolveEnvironment(server.eggId, before, change.environment(), resolvesAll));
        }
        if (change.dockerImage() != null) {
            Map<String, String> images = eggs.find(server.eggId).dockerImages();
            if (!images.containsValue(change.dockerImage()) && !admin) {
                throw ApiException.invalidField("dockerImage", "must be one of the egg's images: " + String.join(", ", images.values()));
            }
            server.dockerImage = change.dockerImage();
        }
        server.featureLimits = server.featureLimits.with(change.databaseLimit(), change.allocationLimit(), change.backupLimit());
        server.limits = server.limits.with(change.memoryMib(), change.swapMib(), change.diskMib(), change.ioWeight(), change.cpuPercent());
    }

    private static String changedFields(Change change) {
        List<String> fields = new ArrayList<>();
        if (change.name() != null) {
            fields.add("name");
        }
        if (change.description() != null) {
            fields.add("description");
        }
        if (change.environment() != null) {
            fields.add("environment");
        }
        if (change.dockerImage() != null) {
            fields.add("dockerImage");
        }
        if (change.limits()) {
            fields.add("limits");
        }
        return String.join(",", fields);
    }

    /** Suspends or unsuspends (admin): Wings re-reads the server and stops a suspended one. */
    public Server suspend(Caller caller, String reference, boolean suspended) {
        Server server = visible(caller, reference);
        if (!caller.has(ServersPermissions.SUSPEND)) {
            throw ApiException.missingPermission(ServersPermissions.SUSPEND);
        }
        Server changed = store.change(server.id, locked -> {
            locked.requireNotTransferring();
            locked.suspended = suspended;
        });
        audit.record(AuditTrailScopes.server(changed.id), suspended ? ServersPermissions.ACTIVITY_SUSPEND : ServersPermissions.ACTIVITY_UNSUSPEND, "server",
                changed.id, Map.of());
        tellWings(changed, suspended ? "The server is suspended here" : "The server is unsuspended here");
        return changed;
    }

    /** Runs the egg's install script again; the status is installing until Wings reports back. */
    public Server reinstall(Caller caller, String reference) {
        Server server = visible(caller, reference);
        if (!ServerPermissions.grants(permissions.of(caller, server), "settings.reinstall")) {
            throw ApiException.missingPermission("settings.reinstall");
        }
        server.requireNotTransferring();
        reinstall(server, e -> e.relay(502, "Wings could not reinstall the server: " + e.getMessage()));
        audit.record(AuditTrailScopes.server(server.id), ServersPermissions.ACTIVITY_REINSTALL, "server", server.id, Map.of());
        return server;
    }

    /**
     * Marks the server installing and asks its Wings to reinstall it; when Wings does not take it
     * the status is put back and the failure answered: 409 while Wings is busy with a power action,
     * else as {@code failure} maps it. The caller checked the permission and the server's state.
     */
    public void reinstall(Server server, java.util.function.Function<WingsException, ApiException> failure) {
        server.reinstalling(); // this copy answers installing; the row moves under its lock
        ServerStatus before = store.reinstalling(server.id);
        try {
            wings.reinstall(server.nodeId, server.uuid.toString());
        } catch (WingsException e) {
            store.setStatus(server.id, before);
            if (e.failure() == WingsException.Failure.REJECTED && e.wingsStatus() == 409) {
                // Wings holds one power lock per server: a start, stop or restart is still running.
                throw e.relay(409, "The server cannot be reinstalled right now: its node is still running another "
                        + "power action (start, stop or restart) on it. Try again once that has finished.");
            }
            throw failure.apply(e);
        }
    }

    private void tellWings(Server server, String saved) {
        try {
            wings.sync(server.nodeId, server.uuid.toString());
        } catch (WingsException e) {
            throw e.relay(502, saved + ", but Wings could not be told now (it applies the change when the server "
                    + "next starts): " + e.getMessage());
        }
    }

    /** The environment names of the server's egg that the caller may not see: its hidden variables, except for server admins. */
    public java.util.Set<String> hiddenFrom(Caller caller, Server server) {
        return caller.has(ADMIN_READ) ? java.util.Set.of() : eggs.shown(server.eggId).hiddenVariables();
    }

    /** The server's ports on its own node. */
    public List<Allocation> allocationsOf(Server server) {
        return server.ownAllocations(allocations.ofServer(server.uuid.toString()));
    }
}
