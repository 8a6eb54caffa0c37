package dev.wingman.nodes.internal;

import dev.wingman.nodes.api.NodeHealth;
import dev.wingman.nodes.api.NodeHealthChanged;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.interceptor.Interceptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Pings every node's Wings ({@code GET /api/system}) once per interval across the whole fleet of
 * panel instances: each instance claims the nodes that are due with {@code FOR UPDATE SKIP LOCKED}
 * and moves their next check forward in the same statement, so two instances never ping the same
 * node in one interval, and a dead instance's share is simply claimed by the others. Pings run on
 * virtual threads with their own timeout and bypass the node's circuit breaker: the monitor must
 * see a node come back even while calls to it are being refused.
 */
@ApplicationScoped
public class HeartbeatMonitor {
    private static final Logger LOG = Logger.getLogger(HeartbeatMonitor.class.getName());
    private static final int CLAIM_BATCH = 500;
    private static final long PRUNE_LOCK = 0x5747_4E4F_4445_4842L;

    @PersistenceContext(unitName = "wingman")
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

    private ScheduledExecutorService ticker;
    private ExecutorService pings;
    private Semaphore inFlight;
    private volatile Instant nextPrune = Instant.EPOCH;
    private volatile Instant nextGaugeRefresh = Instant.EPOCH;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        if (!settings.enabled()) {
            LOG.info("Node heartbeat monitor is disabled (wingman.nodes.heartbeat.enabled=false)");
            return;
        }
        inFlight = new Semaphore(settings.concurrency());
        pings = Executors.newVirtualThreadPerTaskExecutor();
        ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("node-monitor").factory());
        long tick = settings.tick().toMillis();
        ticker.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
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
        if (ticker != null) {
            // No interrupts: an interrupted Wings call records a failure, whose meter registration
            // is what deadlocks against the registry shutting down. Calls in flight end by their timeout.
            ticker.shutdown();
            pings.shutdown();
            try {
                if (!pings.awaitTermination(10, TimeUnit.SECONDS)) {
                    pings.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void tick() {
        try {
            List<String> due;
            do {
                due = self.claimDue(CLAIM_BATCH);
                for (String nodeId : due) {
                    inFlight.acquire();
                    pings.submit(() -> {
                        try {
                            ping(nodeId);
                        } finally {
                            inFlight.release();
                        }
                    });
                }
            } while (due.size() == CLAIM_BATCH);
            if (Instant.now().isAfter(nextGaugeRefresh)) {
                nextGaugeRefresh = Instant.now().plusSeconds(10);
                gauges.refresh();
            }
            if (Instant.now().isAfter(nextPrune)) {
                nextPrune = Instant.now().plus(Duration.ofHours(1));
                int removed = self.prune();
                if (removed > 0) {
                    LOG.fine(() -> "Pruned " + removed + " node heartbeats older than " + settings.retention());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The database may be briefly unavailable; the next tick tries again.
            LOG.log(Level.WARNING, "Node monitor tick failed: " + e.getMessage(), e);
        }
    }

    /** Claims up to {@code limit} due nodes for this instance and schedules their next check. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<String> claimDue(int limit) {
        return em.createNativeQuery("""
                        update nodes set next_check_at = now() + make_interval(secs => ?)
                        where id in (select id from nodes where next_check_at <= now()
                                     order by next_check_at limit ? for update skip locked)
                        returning id""")
                .setParameter(1, settings.interval().toMillis() / 1000.0).setParameter(2, limit).getResultList();
    }

    /** Deletes history older than the retention, on one instance at a time. */
    @Transactional
    public int prune() {
        Object locked = em.createNativeQuery("select pg_try_advisory_xact_lock(?)").setParameter(1, PRUNE_LOCK).getSingleResult();
        if (!Boolean.TRUE.equals(locked)) {
            return 0;
        }
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
