package dev.wingman.servers.internal.transfers;

import dev.wingman.platform.api.Locking;
import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.nodes.api.Allocation;
import dev.wingman.nodes.api.Allocations;
import dev.wingman.nodes.api.NodeDirectory;
import dev.wingman.nodes.api.NodeHealth;
import dev.wingman.nodes.api.NodeInfo;
import dev.wingman.nodes.api.NodeTokens;
import dev.wingman.nodes.api.Wings;
import dev.wingman.nodes.api.WingsException;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.AuditTrail;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.Jobs;
import dev.wingman.platform.api.RecurringJob;
import dev.wingman.platform.api.Secrets;
import dev.wingman.servers.api.ServersPermissions;
import dev.wingman.servers.internal.AuditTrailScopes;
import dev.wingman.servers.internal.Server;
import dev.wingman.servers.internal.ServerService;
import dev.wingman.servers.internal.ServerStates;
import dev.wingman.servers.internal.ServerStore;
import dev.wingman.servers.internal.backups.Backups;
import dev.wingman.servers.internal.client.ClientListCache;
import dev.wingman.servers.internal.console.ConsoleCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Moving a server to another node, Wings' way (reference/wings-protocol.md §2.5): ports are
 * reserved on the destination and the server is locked to the transfer in one transaction (the
 * destination's capacity lock counts it from then on); the source Wings is given a JWT signed with
 * the destination node's token and pushes the archive there; the destination reports success or
 * either side reports failure on the remote API.
 *
 * <p>Every way out unlocks the server: success moves it (node, primary port) and frees the source
 * ports, then the source copy is deleted (retried until Wings confirms); failure, cancellation and
 * the timeout free the destination ports and leave it where it was, usable. The state lives in
 * PostgreSQL, so any instance can finish what another started.
 *
 * <p>Background work is platform jobs: this bean is the recurring {@code servers.transfer-sweep}
 * (overdue transfers, source copies still to delete); deleting the source copy after success
 * ({@link TransferSourceDeletion}) and a late destination copy ({@link LateCopyDeletion}) are
 * one-off jobs, retried with back-off until Wings confirms.
 */
@ApplicationScoped
public class ServerTransfers implements RecurringJob {
    private static final Logger LOG = Logger.getLogger(ServerTransfers.class.getName());
    static final String PERMISSION = ServersPermissions.TRANSFER;

    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    Backups backups;

    @Inject
    ServerService servers;

    @Inject
    ServerStore store;

    @Inject
    ServerStates states;

    @Inject
    NodeDirectory nodes;

    @Inject
    Allocations allocations;

    @Inject
    NodeTokens tokens;

    @Inject
    Wings wings;

    @Inject
    AuditTrail audit;

    @Inject
    ServerTransfers self;

    @Inject
    ClientListCache clientLists;

    @Inject
    Jobs jobs;

    /** How long a transfer may stay in flight before it is called off and the server unlocked. */
    @Inject
    @ConfigProperty(name = "wingman.transfers.timeout", defaultValue = "PT2H")
    Duration timeout;

    /** How often each instance looks for overdue transfers and source copies still to delete. */
    @Inject
    @ConfigProperty(name = "wingman.transfers.sweep-interval", defaultValue = "PT30S")
    Duration sweepInterval;

    /** How long the JWT the destination Wings checks is valid: the source must start sending within it. */
    @Inject
    @ConfigProperty(name = "wingman.transfers.token-lifetime", defaultValue = "PT15M")
    Duration tokenLifetime;

    @Inject
    @ConfigProperty(name = "wingman.public-url", defaultValue = "http://localhost:8080")
    String panelUrl;

    /** A transfer as the API shows it. */
    public record Status(String id, String serverId, String sourceNodeId, String destinationNodeId, String state,
                         String reason, boolean sourceDeleted, boolean startOnCompletion, String requestedBy,
                         Instant createdAt, Instant updatedAt, Instant finishedAt) {
        static Status of(ServerTransfer t) {
            return new Status(t.id, t.serverId, t.sourceNodeId, t.destinationNodeId, t.state.stored(), t.reason, t.sourceDeleted,
                    t.startOnCompletion, t.requestedBy, t.createdAt, t.updatedAt, t.finishedAt);
        }
    }

    @Override
    public String name() {
        return "servers.transfer-sweep";
    }

    @Override
    public Duration interval() {
        return sweepInterval;
    }

    @Override
    public void run() {
        self.sweepOnce();
    }

    /**
     * Starts moving the server to {@code destinationNodeId} (needs {@code servers:transfer}).
     * Answers once the source Wings accepted; if it refuses or cannot be reached, nothing is kept
     * and the answer is 502.
     */
    public Status begin(Caller caller, String reference, String destinationNodeId) {
        Server server = servers.visible(caller, reference);
        if (!caller.has(PERMISSION)) {
            throw ApiException.missingPermission(PERMISSION);
        }
        server.requireNotTransferring();
        if (server.installing()) {
            throw ApiException.conflict("This server is being installed; transfer it once the install has finished.");
        }
        backups.requireNoneInProgress(server); // backups stay on the node that made them (docs/api.md)
        if (server.nodeId.equals(destinationNodeId)) {
            throw ApiException.invalidField("nodeId", "is the node the server is on already");
        }
        NodeInfo destination = nodes.find(destinationNodeId)
                .orElseThrow(() -> ApiException.invalidField("nodeId", "is not a node"));
        if (destination.health() != NodeHealth.HEALTHY || destination.maintenance()) {
            throw ApiException.conflict("Node '" + destination.name() + "' cannot receive servers now ("
                    + (destination.maintenance() ? "in maintenance" : "health " + destination.health()) + ")");
        }
        if (destination.organisationId() != null && !destination.organisationId().equals(server.organisationId)) {
            // Its members read the node's Wings credentials: it must hold their servers and no one else's.
            throw ApiException.conflict("Node '" + destination.name() + "' belongs to an organisation and takes only its servers");
        }
        NodeInfo source = nodes.find(server.nodeId).orElseThrow(() -> ApiException.conflict("The server's node is gone"));

        ServerTransfer transfer = new ServerTransfer();
        transfer.serverId = server.id;
        transfer.serverUuid = server.uuid;
        transfer.sourceNodeId = source.id();
        transfer.destinationNodeId = destination.id();
        transfer.requested();
        // Wings stops the server to archive it; bring it back up if it was running.
        transfer.startOnCompletion = states.of(server).map(o -> "running".equals(o.state())).orElse(false);
        transfer.requestedBy = caller.userId();
        transfer.destinationAllocationId = reservePorts(server, destination);
        boolean begun;
        try {
            begun = store.beginTransferIfFits(server, transfer, destination);
        } catch (RuntimeException e) {
            allocations.releaseServerOnNode(server.uuid.toString(), destination.id());
            throw e;
        }
        if (!begun) {
            allocations.releaseServerOnNode(server.uuid.toString(), destination.id());
            throw ApiException.conflict("Node '" + destination.name() + "' has no room for " + server.limits.room());
        }
        audit.record(AuditTrailScopes.server(server.id), ServersPermissions.ACTIVITY_TRANSFER + "start", "server", server.id,
                Map.of("transferId", transfer.id, "from", source.id(), "to", destination.id()));
        try {
            wings.transfer(source.id(), server.uuid.toString(), destination.url() + "/api/transfers",
                    destinationToken(server, destination), transfer.startOnCompletion);
        } catch (WingsException e) {
            String reason = "The source node did not start the transfer: " + e.getMessage();
            end(transfer.id, "failed", reason, null);
            throw new ApiException(502, reason);
        } catch (RuntimeException e) {
            // Whatever went wrong, the server must not stay locked to a transfer that never started.
            end(transfer.id, "failed", "The transfer could not be started: " + e.getMessage(), null);
            throw e;
        }
        return self.advance(transfer.id).orElseGet(() -> status(transfer.id));
    }

    /**
     * Reserves one destination port per port the server has, the same port numbers where they are
     * free (players keep their address's port), answering the new primary's id.
     */
    private String reservePorts(Server server, NodeInfo destination) {
        List<Allocation> held = new ArrayList<>(server.ownAllocations(allocations.ofServer(server.uuid.toString())));
        held.sort((a, b) -> Boolean.compare(!a.id().equals(server.allocationId), !b.id().equals(server.allocationId)));
        String primary = null;
        try {
            for (Allocation port : held) {
                Allocation reserved;
                try {
                    reserved = allocations.allocate(destination.id(), null, port.port(), server.uuid.toString(), port.notes());
                } catch (ApiException taken) {
                    if (taken.status() != 409 && taken.status() != 400) {
                        throw taken;
                    }
                    reserved = allocations.allocate(destination.id(), null, null, server.uuid.toString(), port.notes());
                }
                primary = primary == null ? reserved.id() : primary;
            }
        } catch (ApiException e) {
            allocations.releaseServerOnNode(server.uuid.toString(), destination.id());
            throw e.status() == 409 || e.status() == 400
                    ? ApiException.conflict("Node '" + destination.name() + "' has no free port for the server: " + e.getMessage())
                    : e;
        }
        if (primary == null) {
            throw ApiException.conflict("The server holds no port on its node to move");
        }
        return primary;
    }

    /** The JWT the destination Wings checks on {@code POST /api/transfers}: signed with its token, sub = server uuid. */
    private String destinationToken(Server server, NodeInfo destination) {
        String jti = Secrets.sha256(server.uuid.toString());
        JsonObject claims = ConsoleCredentials.nodeClaims(panelUrl, destination, jti, tokenLifetime)
                .add("sub", server.uuid.toString()).build();
        return tokens.sign(destination.id(), claims, jti);
    }

    /** pending → archiving once the source accepted; empty if the transfer already ended meanwhile. */
    @Transactional
    public Optional<Status> advance(String transferId) {
        ServerTransfer transfer = Locking.row(em, ServerTransfer.class, transferId);
        if (!transfer.pending()) {
            return Optional.empty();
        }
        transfer.archiving(Instant.now());
        return Optional.of(Status.of(transfer));
    }

    /**
     * Ends a transfer in flight and unlocks the server in one transaction: {@code completed} points it
     * at the destination node and its new primary port; {@code failed} and {@code cancelled} leave it
     * where it was. Ports are freed by {@link #end} once this committed. False if it had ended already.
     */
    @Transactional
    public boolean finish(String transferId, String outcome, String reason, String reportedByNode) {
        ServerTransfer transfer = Locking.row(em, ServerTransfer.class, transferId);
        if (transfer == null || !transfer.active()) {
            return false;
        }
        Instant now = Instant.now();
        transfer.ended(TransferState.ofStored(outcome), reason, now);
        Server server = Locking.row(em, Server.class, transfer.serverId);
        server.transferNodeId = null;
        if ("completed".equals(outcome)) {
            server.nodeId = transfer.destinationNodeId;
            server.allocationId = transfer.destinationAllocationId;
        }
        clientLists.changed();
        Map<String, Object> details = reason == null ? Map.of("transferId", transfer.id)
                : Map.of("transferId", transfer.id, "reason", reason);
        audit.recordReported(AuditTrailScopes.server(server.id), null, null, now, ServersPermissions.ACTIVITY_TRANSFER + outcome, "server",
                server.id, reportedByNode == null ? details : merge(details, "reportedBy", reportedByNode));
        return true;
    }

    /**
     * Ends the transfer ({@link #finish}), then, once that has committed, frees the ports on the
     * side the server no longer uses (they were referenced until then) and, after success,
     * schedules the job that has the source delete its copy. False if the transfer had already ended.
     */
    boolean end(String transferId, String outcome, String reason, String reportedByNode) {
        if (!self.finish(transferId, outcome, reason, reportedByNode)) {
            return false;
        }
        ServerTransfer transfer = em.find(ServerTransfer.class, transferId);
        boolean completed = "completed".equals(outcome);
        releasePorts(transferId, transfer.serverUuid.toString(),
                completed ? transfer.sourceNodeId : transfer.destinationNodeId);
        if (completed) {
            jobs.scheduleAfterCommit(TransferSourceDeletion.JOB, transferId, "");
        }
        return true;
    }

    private void releasePorts(String transferId, String serverUuid, String nodeId) {
        try {
            allocations.releaseServerOnNode(serverUuid, nodeId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Transfer " + transferId + ": could not free the server's ports on node " + nodeId, e);
        }
    }

    private static Map<String, Object> merge(Map<String, Object> details, String key, Object value) {
        Map<String, Object> all = new HashMap<>(details);
        all.put(key, value);
        return all;
    }

    /**
     * The destination Wings reports the server is running there now. A report that arrives after the
     * transfer was failed or cancelled is refused (409), and that destination is told to delete the
     * copy it just made: the server lives on its source.
     */
    public void succeeded(String nodeId, String serverUuid) {
        ServerTransfer transfer;
        try {
            transfer = activeFor(nodeId, serverUuid);
        } catch (ApiException refused) {
            if (refused.status() == 409) {
                dropLateCopy(nodeId, serverUuid);
            }
            throw refused;
        }
        if (!nodeId.equals(transfer.destinationNodeId)) {
            throw ApiException.forbidden("Only the destination node can report that a transfer succeeded.");
        }
        if (!end(transfer.id, "completed", null, nodeId)) {
            throw notTransferring();
        }
    }

    /** Either Wings reports the transfer failed: the server stays on its source, unlocked. */
    public void failed(String nodeId, String serverUuid) {
        ServerTransfer transfer = activeFor(nodeId, serverUuid);
        String side = nodeId.equals(transfer.destinationNodeId) ? "destination" : "source";
        if (!end(transfer.id, "failed", "The " + side + " node reported that the transfer failed", nodeId)) {
            throw notTransferring();
        }
        cleanUpDestination(transfer);
    }

    /**
     * The transfer in flight for a server this node is the source or destination of. 404 as if the
     * server did not exist for any other node; 409 when nothing is in flight (Pterodactyl's answer).
     */
    private ServerTransfer activeFor(String nodeId, String serverUuid) {
        List<ServerTransfer> recent = em.createQuery("select t from ServerTransfer t where cast(t.serverUuid as string) = :uuid "
                        + "order by t.createdAt desc", ServerTransfer.class)
                .setParameter("uuid", serverUuid).setMaxResults(1).getResultList();
        ServerTransfer latest = recent.isEmpty() ? null : recent.get(0);
        if (latest == null) {
            // Never transferred: Pterodactyl's 409 for the node's own server, 404 for anybody else's.
            if (store.onNode(nodeId, serverUuid) != null) {
                throw notTransferring();
            }
            throw ApiException.notFound("The requested server does not exist on this node.");
        }
        if (!nodeId.equals(latest.sourceNodeId) && !nodeId.equals(latest.destinationNodeId)) {
            throw ApiException.notFound("The requested server does not exist on this node.");
        }
        if (!latest.active()) {
            throw notTransferring();
        }
        return latest;
    }

    /** After a late success report: the reporting node deletes its copy unless the server really lives there. */
    private void dropLateCopy(String nodeId, String serverUuid) {
        if (store.onNode(nodeId, serverUuid) != null) {
            return; // a repeated report from the node the server did move to
        }
        jobs.scheduleAfterCommit(LateCopyDeletion.JOB, LateCopyDeletion.id(nodeId, serverUuid), "");
    }

    private static ApiException notTransferring() {
        return ApiException.conflict("Server is not being transferred.");
    }

    /**
     * Calls the transfer off (admin): the source is told to stop sending, the destination to drop
     * anything it received, and the server is unlocked on its source. A node that cannot be
     * reached does not keep the server locked; the reason says which.
     */
    public Status cancel(Caller caller, String reference) {
        Server server = servers.visible(caller, reference);
        if (!caller.has(PERMISSION)) {
            throw ApiException.missingPermission(PERMISSION);
        }
        ServerTransfer transfer = current(server.id).filter(ServerTransfer::active)
                .orElseThrow(() -> ApiException.conflict("This server is not being transferred."));
        String reason = "Cancelled by an administrator";
        try {
            wings.cancelTransfer(transfer.sourceNodeId, server.uuid.toString());
        } catch (WingsException e) {
            reason += "; the source node could not be told: " + e.getMessage();
        }
        end(transfer.id, "cancelled", reason, null);
        cleanUpDestination(transfer);
        return status(transfer.id);
    }

    /** Best effort: a destination that received part of a failed transfer drops it (Wings answers 404 when it has nothing). */
    private void cleanUpDestination(ServerTransfer transfer) {
        try {
            wings.deleteServer(transfer.destinationNodeId, transfer.serverUuid.toString());
        } catch (WingsException e) {
            LOG.info(() -> "Could not clear transfer " + transfer.id + " from its destination: " + e.detail());
        }
    }

    /** The server's latest transfer, for its owner and anyone who may see it. */
    public Status latest(Caller caller, String reference) {
        Server server = servers.visible(caller, reference);
        return current(server.id).map(Status::of)
                .orElseThrow(() -> ApiException.notFound("This server has never been transferred."));
    }

    private Optional<ServerTransfer> current(String serverId) {
        return em.createQuery("select t from ServerTransfer t where t.serverId = :server order by t.createdAt desc",
                ServerTransfer.class).setParameter("server", serverId).setMaxResults(1).getResultStream().findFirst();
    }

    private Status status(String transferId) {
        return Status.of(em.find(ServerTransfer.class, transferId));
    }

    /** The destination port that becomes primary, while the server is coming to {@code nodeId}. */
    public Optional<String> incomingPrimary(String serverId, String nodeId) {
        return em.createQuery("select t.destinationAllocationId from ServerTransfer t where t.serverId = :server "
                        + "and t.destinationNodeId = :node and t.state in :active", String.class)
                .setParameter("server", serverId).setParameter("node", nodeId).setParameter("active", ServerTransfer.ACTIVE)
                .getResultStream().findFirst();
    }

    /**
     * After success: the source deletes its copy (run by {@link TransferSourceDeletion}); a Wings
     * failure is thrown, so the job tries again after its back-off.
     */
    void deleteSourceCopy(String transferId) {
        ServerTransfer transfer = em.find(ServerTransfer.class, transferId);
        if (transfer == null || transfer.sourceDeleted) {
            return;
        }
        wings.deleteServer(transfer.sourceNodeId, transfer.serverUuid.toString());
        self.markSourceDeleted(transferId);
    }

    @Transactional
    public void markSourceDeleted(String transferId) {
        em.createQuery("update ServerTransfer t set t.sourceDeleted = true, t.updatedAt = current_timestamp where t.id = :id")
                .setParameter("id", transferId).executeUpdate();
    }

    /** Calls off overdue transfers and makes sure source copies still to delete have their job; safe to repeat. */
    @ActivateRequestContext
    public void sweepOnce() {
        Instant overdue = Instant.now().minus(timeout);
        List<ServerTransfer> late = em.createQuery("select t from ServerTransfer t where t.state in :active "
                        + "and t.createdAt < :overdue", ServerTransfer.class)
                .setParameter("active", ServerTransfer.ACTIVE).setParameter("overdue", overdue).getResultList();
        for (ServerTransfer transfer : late) {
            String reason = "No outcome was reported within " + timeout + "; the transfer was called off";
            try {
                wings.cancelTransfer(transfer.sourceNodeId, transfer.serverUuid.toString());
            } catch (WingsException e) {
                reason += " (the source node could not be told: " + e.getMessage() + ")";
            }
            if (end(transfer.id, "failed", reason, null)) {
                cleanUpDestination(transfer);
            }
        }
        List<String> undeleted = em.createQuery("select t.id from ServerTransfer t where t.state = :completed "
                + "and t.sourceDeleted = false", String.class).setParameter("completed", TransferState.COMPLETED)
                .setMaxResults(100).getResultList();
        // Normally each has its deletion job waiting for its back-off; this schedules one again for a
        // deletion that ran out of attempts or was never scheduled (an instance died after the commit).
        undeleted.forEach(id -> jobs.schedule(TransferSourceDeletion.JOB, id, ""));
    }
}
