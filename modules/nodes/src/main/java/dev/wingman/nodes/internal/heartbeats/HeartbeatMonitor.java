package dev.wingman.nodes.internal.heartbeats;

import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.nodes.api.NodeHealth;
import dev.wingman.nodes.api.NodeHealthChanged;
import dev.wingman.nodes.internal.AvailableNodes;
import dev.wingman.nodes.internal.NodeEndpoints;
import dev.wingman.nodes.internal.NodeRepository;
import dev.wingman.nodes.internal.wings.NodeGuards;
import dev.wingman.nodes.internal.wings.WingsHttp;
import dev.wingman.platform.api.DueRows;
import dev.wingman.platform.api.InstanceTimers;
import dev.wingman.platform.api.RecurringJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Pings every node's Wings ({@code GET /api/system}) once per interval across the whole fleet of
 * panel instances. It is a platform {@link RecurringJob} ({@code nodes.heartbeats}, every
 * {@code wingman.nodes.heartbeat.tick}): each run happens on one instance, claims the nodes that are
 * due through {@link DueRows} (moving their next check forward in the same statement) and pings them
 * on virtual threads, at most {@code concurrency} at once, returning once they all answered or timed
 * out. A dead instance's turn is simply taken by another. Pings bypass the node's circuit breaker:
 * the monitor must see a node come back even while calls to it are being refused.
 *
 * <p>The health gauges are this instance's (every instance exports the fleet's view), so they are
 * refreshed by an {@link InstanceTimers} timer; pruning old history is a job of its own
 * ({@link HeartbeatPrune}).
 */
@ApplicationScoped
public class HeartbeatMonitor implements RecurringJob {
    private static final Logger LOG = Logger.getLogger(HeartbeatMonitor.class.getName());
    private static final int CLAIM_BATCH = 500;

    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    HeartbeatSettings settings;

    @Inject
    NodeEndpoints endpoints;

    @Inject
    NodeRepository nodes;

    @Inject
    WingsHttp http;

    @Inject
    AvailableNodes available;

    @Inject
    Event<NodeHealthChanged> healthEvents;

    @Inject
    HeartbeatMonitor self;

    @Inject
    NodeHealthGauges gauges;

    @Inject
    NodeGuards guards;

    @Inject
    InstanceTimers timers;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        if (!settings.enabled()) {
            LOG.info("Node heartbeat monitor is disabled (wingman.nodes.heartbeat.enabled=false)");
            return;
        }
        timers.execute(gauges::refresh);
        timers.every("node-health-gauges", Duration.ofSeconds(10), gauges::refresh);
    }

    @Override
    public String name() {
        return "nodes.heartbeats";
    }

    @Override
    public Duration interval() {
        return settings.tick();
    }

    @Override
    public boolean enabled() {
        return settings.enabled();
    }

    /** One round: every due node is pinged once; answers when all pings have ended (each is bounded by its timeout). */
    @Override
    public void run() throws InterruptedException {
        Semaphore inFlight = new Semaphore(settings.concurrency());
        List<Thread> pings = new ArrayList<>();
        List<String> due;
        do {
            due = self.claimDue(CLAIM_BATCH);
            for (String nodeId : due) {
                inFlight.acquire();
                pings.add(Thread.ofVirtual().name("node-ping-" + nodeId).start(() -> {
                    try {
                        ping(nodeId);
                    } finally {
                        inFlight.release();
                    }
                }));
            }
        } while (due.size() == CLAIM_BATCH);
        long bound = settings.timeout().plusSeconds(5).toMillis();
        for (Thread ping : pings) {
            ping.join(bound);
        }
    }

    /** Claims up to {@code limit} due nodes for this instance and schedules their next check. */
    @Transactional
    public List<String> claimDue(int limit) {
        return DueRows.claim(em, "nodes", "id", "next_check_at", null, settings.interval(), limit);
    }

    /** Deletes history older than the retention (run by {@link HeartbeatPrune}, on one instance at a time). */
    @Transactional
    public int prune() {
        return em.createNativeQuery("delete from node_heartbeats where checked_at < ?")
                .setParameter(1, Timestamp.from(Instant.now().minus(settings.retention()))).executeUpdate();
    }

    /** One heartbeat: ok for any 2xx, timeout when Wings does not answer in time, error otherwise. */
    void ping(String nodeId) {
        NodeEndpoints.Endpoint endpoint;
        try {
            endpoint = endpoints.of(nodeId);
        } catch (RuntimeException e) {
            return; // deleted meanwhile
        }
        long started = System.nanoTime();
        String status;
        String error = null;
        // The failure reason as the node's Wings calls count it (wingman_wings_failures_total{kind="heartbeat"}).
        String reason = null;
        try {
            WingsHttp.Reply reply = http.send(endpoint.wingsUrl(), endpoint.token(), "GET", "/api/system", null, settings.timeout());
            if (reply.status() < 300) {
                status = "ok";
            } else {
                status = "error";
                error = "HTTP " + reply.status() + ": " + reply.error();
                reason = reply.status() >= 500 ? "server_error" : "rejected";
            }
        } catch (dev.wingman.platform.api.OutboundException e) {
            status = e.failure() == dev.wingman.platform.api.OutboundException.Failure.TIMEOUT ? "timeout" : "error";
            error = e.getMessage();
            reason = e.reason();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        guards.of(nodeId).record(NodeGuards.HEARTBEAT, took, reason);
        record(endpoint, status, (int) took.toMillis(), error);
    }

    private void record(NodeEndpoints.Endpoint endpoint, String status, int elapsedMs, String error) {
        Instant at = Instant.now();
        NodeHealth[] change;
        try {
            change = nodes.recordHeartbeat(endpoint.nodeId(), at, status, elapsedMs, error);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not record a heartbeat for node " + endpoint.nodeId() + ": " + e.getMessage());
            return;
        }
        if (change != null && change[0] != change[1]) {
            LOG.info(() -> "Node '" + endpoint.name() + "' is now " + change[1].wire() + " (" + status
                    + (error == null ? "" : ": " + error) + ")");
            available.invalidate();
            healthEvents.fire(new NodeHealthChanged(endpoint.nodeId(), endpoint.name(), change[0], change[1], status, error, at));
        }
    }
}
