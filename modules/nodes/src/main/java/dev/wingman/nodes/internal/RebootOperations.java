package dev.wingman.nodes.internal;

import dev.wingman.nodes.api.NodePermissions;
import dev.wingman.nodes.api.Wings;
import dev.wingman.nodes.api.WingsException;
import dev.wingman.platform.api.AfterCommit;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.AuditTrail;
import dev.wingman.platform.api.Ids;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.interceptor.Interceptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.lang.reflect.Type;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * "Reboot every server on a node": stop the running servers, wait, kill the ones that did not
 * stop, start them all, recording each server's outcome. The operation lives in PostgreSQL, so
 * every instance can report it; the instance running it renews a claim as it goes, and when that
 * claim lapses (the instance died or restarted) another instance takes it over and resumes from
 * the phase it had reached. Every phase is safe to repeat.
 */
@ApplicationScoped
public class RebootOperations {
    private static final Logger LOG = Logger.getLogger(RebootOperations.class.getName());
    static final String KIND = "reboot-all";
    private static final Duration CLAIM = Duration.ofSeconds(60);
    private static final Set<String> UP = Set.of("running", "starting");
    private static final Type RESULTS = new ArrayList<ServerResult>() {
    }.getClass().getGenericSuperclass();

    @PersistenceContext(unitName = "wingman")
    EntityManager em;

    @Inject
    Wings wings;

    @Inject
    AuditTrail audit;

    @Inject
    AfterCommit afterCommit;

    @Inject
    RebootOperations self;

    @Inject
    @ConfigProperty(name = "wingman.nodes.reboot.stop-timeout", defaultValue = "PT10S")
    Duration stopTimeout;

    @Inject
    @ConfigProperty(name = "wingman.nodes.reboot.poll-interval", defaultValue = "PT1S")
    Duration pollInterval;

    /** How often each instance looks for operations whose instance stopped renewing its claim. */
    @Inject
    @ConfigProperty(name = "wingman.nodes.operations.sweep-interval", defaultValue = "PT15S")
    Duration sweepInterval;

    private final String instance = Ids.newId();
    private final Jsonb json = JsonbBuilder.create();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private ScheduledExecutorService sweeper;

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

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("node-operations").factory());
        long every = sweepInterval.toMillis();
        sweeper.scheduleWithFixedDelay(this::resumeAbandoned, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the loop before anything else shuts down (the web server included): polling on while
     * the data source and the metrics registry shut down deadlocked Helidon's registry (a poll registering a meter against
     * the pool removing its own), which hung the JVM at exit.
     */
    void stopFirst(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 100) @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
        stop();
    }

    @PreDestroy
    void stop() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        workers.shutdownNow();
    }

    /** Starts the operation and answers at once; 409 while one is already running on the node. */
    @Transactional
    public Status begin(String nodeId, String requestedBy) {
        Node node = Node.require(em, nodeId);
        @SuppressWarnings("unchecked")
        List<String> running = em.createNativeQuery(
                        "select id from node_operations where node_id = ? and kind = ? and status = 'running' for update")
                .setParameter(1, nodeId).setParameter(2, KIND).getResultList();
        if (!running.isEmpty()) {
            throw ApiException.conflict("A reboot of every server on node '" + node.name + "' is already running (operation "
                    + running.get(0) + ")");
        }
        NodeOperation operation = new NodeOperation();
        Instant now = Instant.now();
        operation.id = Ids.newId();
        operation.nodeId = nodeId;
        operation.kind = KIND;
        operation.status = "running";
        operation.phase = "listing";
        operation.progress = 0;
        operation.message = "Listing the node's servers";
        operation.results = "[]";
        operation.requestedBy = requestedBy;
        operation.claimedBy = instance;
        operation.claimedUntil = now.plus(CLAIM);
        operation.createdAt = now;
        operation.updatedAt = now;
        em.persist(operation);
        audit.record(NodePermissions.AUDIT_NODE_REBOOT_ALL, "node", nodeId, Map.of("operationId", operation.id));
        String id = operation.id;
        afterCommit.run(() -> workers.submit(() -> run(id)));
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
        List<ServerResult> results = json.fromJson(operation.results, RESULTS);
        return new Status(operation.id, operation.nodeId, operation.kind, operation.status, operation.phase,
                operation.progress, operation.message, results.size(), results, operation.createdAt, operation.updatedAt,
                operation.finishedAt);
    }

    /** Takes over operations whose instance stopped renewing its claim. */
    private void resumeAbandoned() {
        try {
            for (String id : self.claimAbandoned()) {
                LOG.info(() -> "Resuming node operation " + id + " abandoned by another instance");
                workers.submit(() -> run(id));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not look for abandoned node operations: " + e.getMessage());
        }
    }

    @Transactional
    @SuppressWarnings("unchecked")
    public List<String> claimAbandoned() {
        return em.createNativeQuery("""
                        update node_operations set claimed_by = ?, claimed_until = ?
                        where id in (select id from node_operations where status = 'running' and claimed_until < now()
                                     for update skip locked)
                        returning id""")
                .setParameter(1, instance).setParameter(2, Timestamp.from(Instant.now().plus(CLAIM))).getResultList();
    }

    /** Runs the operation from the phase it is in to the end. */
    void run(String operationId) {
        NodeOperation operation = em.find(NodeOperation.class, operationId);
        if (operation == null || !"running".equals(operation.status)) {
            return;
        }
        String nodeId = operation.nodeId;
        List<ServerResult> results = new ArrayList<>(json.fromJson(operation.results, RESULTS));
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
                results = each(nodeId, results, "stop", "stopped", r -> r.stop() == null);
                phase = save(operationId, results, "waiting", 30, "Waiting for the servers to stop");
            }
            if (phase.equals("waiting")) {
                waitForStop(nodeId, results);
                phase = save(operationId, results, "killing", 50, "Killing servers that did not stop");
            }
            if (phase.equals("killing")) {
                Set<String> stillUp = upServers(nodeId);
                results = each(nodeId, results, "kill", "killed", r -> r.kill() == null && stillUp.contains(r.uuid()));
                phase = save(operationId, results, "starting", 70, "Starting the servers");
            }
            if (phase.equals("starting")) {
                results = each(nodeId, results, "start", "started", r -> r.start() == null);
                long failed = results.stream().filter(ServerResult::failed).count();
                self.finish(operationId, results, "completed", (results.size() - failed) + " of " + results.size()
                        + " server(s) restarted" + (failed > 0 ? "; " + failed + " failed" : ""));
            }
        } catch (WingsException e) {
            // Reboot operations are shown to node administrators only: Wings' own text helps them.
            self.finish(operationId, results, "failed", e.detail());
        } catch (ApiException e) {
            self.finish(operationId, results, "failed", e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Node operation " + operationId + " failed", e);
            self.finish(operationId, results, "failed", "Unexpected error: " + e.getMessage());
        }
    }

    /** Sends one power action to every server the filter selects, recording each outcome. */
    private List<ServerResult> each(String nodeId, List<ServerResult> results, String action, String success,
                                    java.util.function.Predicate<ServerResult> selected) {
        List<ServerResult> updated = new ArrayList<>();
        for (ServerResult result : results) {
            if (!selected.test(result)) {
                updated.add(result);
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
            updated.add(result.with(action, outcome));
        }
        return updated;
    }

    private void waitForStop(String nodeId, List<ServerResult> results) {
        Set<String> targets = new java.util.HashSet<>();
        results.forEach(r -> targets.add(r.uuid()));
        Instant deadline = Instant.now().plus(stopTimeout);
        while (Instant.now().isBefore(deadline)) {
            Set<String> up = upServers(nodeId);
            up.retainAll(targets);
            if (up.isEmpty()) {
                return;
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(503, "Interrupted while waiting for the servers to stop");
            }
        }
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

    @Transactional
    public void update(String operationId, List<ServerResult> results, String phase, int progress, String message) {
        em.createNativeQuery("""
                        update node_operations set results = ?, phase = ?, progress = ?, message = ?, updated_at = now(),
                            claimed_until = ? where id = ?""")
                .setParameter(1, json.toJson(results, RESULTS)).setParameter(2, phase).setParameter(3, progress)
                .setParameter(4, message).setParameter(5, Timestamp.from(Instant.now().plus(CLAIM)))
                .setParameter(6, operationId).executeUpdate();
    }

    @Transactional
    public void finish(String operationId, List<ServerResult> results, String status, String message) {
        em.createNativeQuery("""
                        update node_operations set results = ?, status = ?, phase = 'done', progress = 100, message = ?,
                            updated_at = now(), finished_at = now(), claimed_by = null, claimed_until = null where id = ?""")
                .setParameter(1, json.toJson(results, RESULTS)).setParameter(2, status).setParameter(3, message)
                .setParameter(4, operationId).executeUpdate();
    }
}
