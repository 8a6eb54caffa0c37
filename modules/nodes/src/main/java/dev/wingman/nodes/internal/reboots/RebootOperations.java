package dev.wingman.nodes.internal.reboots;

import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.nodes.api.NodePermissions;
import dev.wingman.nodes.api.Wings;
import dev.wingman.nodes.api.WingsException;
import dev.wingman.nodes.internal.Node;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.AuditTrail;
import dev.wingman.platform.api.DueRows;
import dev.wingman.platform.api.Jobs;
import dev.wingman.platform.api.OneOffJob;
import dev.wingman.platform.api.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * "Reboot every server on a node": stop the running servers, wait, kill the ones that did not
 * stop, start them all, recording each server's outcome. The operation lives in PostgreSQL, so
 * every instance can report it; the instance running it renews a claim as it goes, and when that
 * claim lapses (the instance died or restarted) another instance takes it over and resumes from
 * the phase it had reached. Every phase is safe to repeat.
 *
 * <p>The operation runs as a platform {@link OneOffJob} ({@code nodes.reboot-all}, one execution per
 * operation): db-scheduler gives it to one instance and to another if that one dies. Waiting for
 * the servers to stop does not sleep: the job checks, and asks to run again after
 * {@code wingman.nodes.reboot.poll-interval} until they stopped or {@code stop-timeout} passed.
 * {@link RebootResume} finds operations whose claim lapsed without a job (an instance that died
 * between the commit and scheduling) and schedules them again.
 */
@ApplicationScoped
public class RebootOperations implements OneOffJob {
    private static final Logger LOG = Logger.getLogger(RebootOperations.class.getName());
    static final String KIND = "reboot-all";
    static final String JOB = "nodes.reboot-all";
    static final Duration CLAIM = Duration.ofSeconds(60);
    private static final Set<String> UP = Set.of("running", "starting");

    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    Wings wings;

    @Inject
    AuditTrail audit;

    @Inject
    RebootOperations self;

    @Inject
    Jobs jobs;

    @Inject
    @ConfigProperty(name = "wingman.nodes.reboot.stop-timeout", defaultValue = "PT10S")
    Duration stopTimeout;

    @Inject
    @ConfigProperty(name = "wingman.nodes.reboot.poll-interval", defaultValue = "PT1S")
    Duration pollInterval;

    private final String instance = Ids.newId();

    /** One server's outcome: stop, kill and start are null until tried, then "stopped"/"killed"/"started" or "failed: ...". */
    public record ServerResult(String uuid, String stop, String kill, String start) {
        ServerResult with(String phase, String outcome) {
            return switch (phase) {
                case "stop" -> new ServerResult(uuid, outcome, kill, start);
                case "kill" -> new ServerResult(uuid, stop, outcome, start);
                default -> new ServerResult(uuid, stop, kill, outcome);
            };
        }

        boolean failed() {
            return isFailure(start) || (isFailure(stop) && !"killed".equals(kill));
        }

        private static boolean isFailure(String outcome) {
            return outcome != null && outcome.startsWith("failed");
        }
    }

    /** The operation as the status endpoint shows it. */
    public record Status(String operationId, String nodeId, String kind, String status, String phase, int progress,
                         String message, int totalServers, List<ServerResult> servers, Instant createdAt,
                         Instant updatedAt, Instant finishedAt) {
    }

    @Override
    public String name() {
        return JOB;
    }

    /** A failure here is the database's (Wings failures end the operation as failed): try again soon. */
    @Override
    public Retry retry() {
        return new Retry(20, Duration.ofSeconds(2), 2.0);
    }

    /** Starts the operation and answers at once; 409 while one is already running on the node. */
    @Transactional
    public Status begin(String nodeId, String requestedBy) {
        Node node = Node.require(em, nodeId);
        @SuppressWarnings("unchecked")
        List<String> running = em.createNativeQuery(
                        "select id from node_operations where node_id = ? and kind = ? and status = ? for update")
                .setParameter(1, nodeId).setParameter(2, KIND).setParameter(3, OperationStatus.RUNNING.stored()).getResultList();
        if (!running.isEmpty()) {
            throw ApiException.conflict("A reboot of every server on node '" + node.name + "' is already running (operation "
                    + running.get(0) + ")");
        }
        NodeOperation operation = new NodeOperation();
        Instant now = Instant.now();
        operation.nodeId = nodeId;
        operation.kind = KIND;
        operation.status = OperationStatus.RUNNING;
        operation.phase = "listing";
        operation.progress = 0;
        operation.message = "Listing the node's servers";
        operation.results = List.of();
        operation.requestedBy = requestedBy;
        operation.claimedBy = instance;
        operation.claimedUntil = now.plus(CLAIM);
        em.persist(operation);
        audit.record(NodePermissions.AUDIT_NODE_REBOOT_ALL, "node", nodeId, Map.of("operationId", operation.id));
        String id = operation.id;
        jobs.scheduleAfterCommit(JOB, id, "");
        return status(operation);
    }

    public Status status(String nodeId, String operationId) {
        NodeOperation operation = em.find(NodeOperation.class, operationId);
        if (operation == null || !operation.nodeId.equals(nodeId)) {
            throw ApiException.notFound("Operation not found");
        }
        return status(operation);
    }

    private Status status(NodeOperation operation) {
        List<ServerResult> results = operation.results;
        return new Status(operation.id, operation.nodeId, operation.kind, operation.status.stored(), operation.phase,
                operation.progress, operation.message, results.size(), results, operation.createdAt, operation.updatedAt,
                operation.finishedAt);
    }

    /** Running operations whose claim lapsed, claimed for this instance (see {@link RebootResume}). */
    @Transactional
    public List<String> claimAbandoned() {
        return DueRows.claim(em, "node_operations", "id", "claimed_until", "status = '" + OperationStatus.RUNNING.stored() + "'", CLAIM, 100);
    }

    /** The operation as stored now (a transaction of its own, so every run sees the latest phase). */
    @Transactional
    public NodeOperation load(String operationId) {
        return em.find(NodeOperation.class, operationId);
    }

    /** One run of the job: from the phase the operation is in to the end, or until it must wait. */
    @Override
    public Outcome run(String operationId, String data) {
        return step(operationId);
    }

    /** Runs the operation from the phase it is in to the end, or answers when to look again while servers stop. */
    Outcome step(String operationId) {
        NodeOperation operation = self.load(operationId);
        if (operation == null || !operation.running()) {
            return Outcome.done();
        }
        String nodeId = operation.nodeId;
        List<ServerResult> results = new ArrayList<>(operation.results);
        String phase = operation.phase;
        try {
            if (phase.equals("listing")) {
                for (Wings.ServerState server : wings.servers(nodeId)) {
                    if (UP.contains(server.state())) {
                        results.add(new ServerResult(server.uuid(), null, null, null));
                    }
                }
                phase = save(operationId, results, "stopping", 10, "Stopping " + results.size() + " running server(s)");
            }
            if (phase.equals("stopping")) {
                results = each(operationId, new Step("stopping", 10, "Stopping " + results.size() + " running server(s)"),
                        nodeId, results, "stop", "stopped", r -> r.stop() == null);
                phase = save(operationId, results, "waiting", 30, "Waiting for the servers to stop");
            }
            if (phase.equals("waiting")) {
                Instant waitingSince = "waiting".equals(operation.phase) ? operation.updatedAt : Instant.now();
                if (!allStopped(nodeId, results) && Instant.now().isBefore(waitingSince.plus(stopTimeout))) {
                    self.renew(operationId);
                    return Outcome.againIn(pollInterval);
                }
                phase = save(operationId, results, "killing", 50, "Killing servers that did not stop");
            }
            if (phase.equals("killing")) {
                Set<String> stillUp = upServers(nodeId);
                results = each(operationId, new Step("killing", 50, "Killing servers that did not stop"), nodeId, results,
                        "kill", "killed", r -> r.kill() == null && stillUp.contains(r.uuid()));
                phase = save(operationId, results, "starting", 70, "Starting the servers");
            }
            if (phase.equals("starting")) {
                results = each(operationId, new Step("starting", 70, "Starting the servers"), nodeId, results, "start",
                        "started", r -> r.start() == null);
                long failed = results.stream().filter(ServerResult::failed).count();
                self.finish(operationId, results, OperationStatus.COMPLETED, (results.size() - failed) + " of " + results.size()
                        + " server(s) restarted" + (failed > 0 ? "; " + failed + " failed" : ""));
            }
            return Outcome.done();
        } catch (WingsException e) {
            // Reboot operations are shown to node administrators only: Wings' own text helps them.
            self.finish(operationId, results, OperationStatus.FAILED, e.detail());
        } catch (ApiException e) {
            self.finish(operationId, results, OperationStatus.FAILED, e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Node operation " + operationId + " failed", e);
            self.finish(operationId, results, OperationStatus.FAILED, "Unexpected error: " + e.getMessage());
        }
        return Outcome.done();
    }

    /** A phase as the operation's status shows it while the phase runs. */
    private record Step(String phase, int progress, String message) {
    }

    /**
     * Sends one power action to every server the filter selects, recording each outcome as it comes:
     * an instance that takes over after this one died resumes after the last recorded server, so at
     * most the action that was in flight is sent twice (harmless: Wings takes a repeated power action).
     */
    private List<ServerResult> each(String operationId, Step step, String nodeId, List<ServerResult> results, String action,
                                    String success, java.util.function.Predicate<ServerResult> selected) {
        List<ServerResult> updated = new ArrayList<>(results);
        for (int i = 0; i < updated.size(); i++) {
            ServerResult result = updated.get(i);
            if (!selected.test(result)) {
                continue;
            }
            String outcome;
            try {
                wings.power(nodeId, result.uuid(), action);
                outcome = success;
            } catch (WingsException e) {
                if (e.failure() == WingsException.Failure.CIRCUIT_OPEN) {
                    throw e;
                }
                outcome = "failed: " + e.detail();
            }
            updated.set(i, result.with(action, outcome));
            self.update(operationId, updated, step.phase(), step.progress(), step.message());
        }
        return updated;
    }

    /** Whether none of the operation's servers is still up. */
    private boolean allStopped(String nodeId, List<ServerResult> results) {
        Set<String> up = upServers(nodeId);
        return results.stream().noneMatch(r -> up.contains(r.uuid()));
    }

    private Set<String> upServers(String nodeId) {
        Set<String> up = new java.util.HashSet<>();
        for (Wings.ServerState server : wings.servers(nodeId)) {
            if (!"offline".equals(server.state())) {
                up.add(server.uuid());
            }
        }
        return up;
    }

    private String save(String operationId, List<ServerResult> results, String phase, int progress, String message) {
        self.update(operationId, results, phase, progress, message);
        return phase;
    }

    /** Keeps this instance's claim on the operation while it waits. */
    @Transactional
    public void renew(String operationId) {
        em.createNativeQuery("update node_operations set claimed_by = ?, claimed_until = ? where id = ?")
                .setParameter(1, instance).setParameter(2, Timestamp.from(Instant.now().plus(CLAIM)))
                .setParameter(3, operationId).executeUpdate();
    }

    @Transactional
    public void update(String operationId, List<ServerResult> results, String phase, int progress, String message) {
        em.createQuery("""
                        update NodeOperation o set o.results = :results, o.phase = :phase, o.progress = :progress,
                            o.message = :message, o.updatedAt = instant, o.claimedBy = :instance, o.claimedUntil = :until
                        where o.id = :id""")
                .setParameter("results", results).setParameter("phase", phase).setParameter("progress", progress)
                .setParameter("message", message).setParameter("instance", instance)
                .setParameter("until", Instant.now().plus(CLAIM)).setParameter("id", operationId).executeUpdate();
    }

    /** Ends a running operation; one that has ended already stays as it ended (a repeated run after a takeover). */
    @Transactional
    public void finish(String operationId, List<ServerResult> results, OperationStatus status, String message) {
        if (!OperationStatus.RUNNING.canMoveTo(status)) {
            throw new IllegalArgumentException("An operation ends completed or failed, not " + status);
        }
        em.createQuery("""
                        update NodeOperation o set o.results = :results, o.status = :status, o.phase = 'done', o.progress = 100,
                            o.message = :message, o.updatedAt = instant, o.finishedAt = instant, o.claimedBy = null,
                            o.claimedUntil = null
                        where o.id = :id and o.status = :running""")
                .setParameter("results", results).setParameter("status", status).setParameter("message", message)
                .setParameter("id", operationId).setParameter("running", OperationStatus.RUNNING).executeUpdate();
    }
}
