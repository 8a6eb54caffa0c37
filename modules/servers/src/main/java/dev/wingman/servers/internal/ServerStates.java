package dev.wingman.servers.internal;

import dev.wingman.nodes.api.Wings;
import dev.wingman.nodes.api.WingsException;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.interceptor.Interceptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Each server's last known state and resource use. Every interval, one instance per node (claimed
 * with SKIP LOCKED) asks that node's Wings for all its servers in one call, through the node's
 * breaker, and stores the answers; a node that does not answer marks only its own servers
 * {@code unknown}. Views read the stored state and never call Wings per server.
 */
@ApplicationScoped
public class ServerStates {
    private static final Logger LOG = Logger.getLogger(ServerStates.class.getName());

    @PersistenceContext(unitName = "wingman")
    EntityManager em;

    @Inject
    Wings wings;

    @Inject
    ServerStates self;

    @Inject
    @ConfigProperty(name = "wingman.servers.state.poll-interval", defaultValue = "PT15S")
    Duration interval;

    private ScheduledExecutorService ticker;
    private ExecutorService polls;

    /** A stored observation. */
    public record Observed(String state, long memoryBytes, double cpuAbsolute, long diskBytes, long rxBytes, long txBytes,
                           long uptimeMillis, Instant at) {
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        polls = Executors.newVirtualThreadPerTaskExecutor();
        ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("server-states").factory());
        long every = Math.max(200, interval.toMillis() / 3);
        ticker.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
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
            polls.shutdown();
            try {
                if (!polls.awaitTermination(10, TimeUnit.SECONDS)) {
                    polls.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void tick() {
        try {
            for (String nodeId : self.claimDueNodes()) {
                polls.submit(() -> poll(nodeId));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Server state polling failed: " + e.getMessage(), e);
        }
    }

    /** Nodes with servers whose poll is due, claimed for this instance until the next interval. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<String> claimDueNodes() {
        em.createNativeQuery("insert into server_state_polls (node_id, next_poll_at) "
                + "select distinct node_id, now() from servers on conflict do nothing").executeUpdate();
        return em.createNativeQuery("""
                        update server_state_polls set next_poll_at = now() + make_interval(secs => ?)
                        where node_id in (select node_id from server_state_polls where next_poll_at <= now()
                                          for update skip locked)
                        returning node_id""")
                .setParameter(1, interval.toMillis() / 1000.0).getResultList();
    }

    void poll(String nodeId) {
        Map<String, Wings.ServerState> reported = new HashMap<>();
        boolean answered;
        try {
            wings.servers(nodeId).forEach(s -> reported.put(s.uuid(), s));
            answered = true;
        } catch (WingsException e) {
            answered = false;
        }
        try {
            self.store(nodeId, reported, answered, Instant.now());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Could not store server states for node " + nodeId, e);
        }
    }

    /** Upserts every server of the node: its reported state, or unknown when the node did not answer or lost it. */
    @Transactional
    @SuppressWarnings("unchecked")
    public void store(String nodeId, Map<String, Wings.ServerState> reported, boolean answered, Instant at) {
        List<Object[]> servers = em.createNativeQuery("select id, cast(uuid as text) from servers where node_id = ?")
                .setParameter(1, nodeId).getResultList();
        for (Object[] row : servers) {
            Wings.ServerState s = answered ? reported.get((String) row[1]) : null;
            em.createNativeQuery("""
                            insert into server_states (server_id, state, memory_bytes, cpu_absolute, disk_bytes,
                                network_rx_bytes, network_tx_bytes, uptime_ms, observed_at)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                            on conflict (server_id) do update set state = excluded.state,
                                memory_bytes = excluded.memory_bytes, cpu_absolute = excluded.cpu_absolute,
                                disk_bytes = excluded.disk_bytes, network_rx_bytes = excluded.network_rx_bytes,
                                network_tx_bytes = excluded.network_tx_bytes, uptime_ms = excluded.uptime_ms,
                                observed_at = excluded.observed_at""")
                    .setParameter(1, row[0]).setParameter(2, s == null ? "unknown" : s.state())
                    .setParameter(3, s == null ? 0L : s.memoryBytes()).setParameter(4, s == null ? 0.0 : s.cpuAbsolute())
                    .setParameter(5, s == null ? 0L : s.diskBytes()).setParameter(6, s == null ? 0L : s.networkRxBytes())
                    .setParameter(7, s == null ? 0L : s.networkTxBytes()).setParameter(8, s == null ? 0L : s.uptimeMillis())
                    .setParameter(9, Timestamp.from(at)).executeUpdate();
        }
    }

    /** The last observation of a server, if any. */
    public Optional<Observed> of(Server server) {
        return of(server.id);
    }

    @SuppressWarnings("unchecked")
    Optional<Observed> of(String serverId) {
        List<Object[]> rows = em.createNativeQuery("select state, memory_bytes, cpu_absolute, disk_bytes, network_rx_bytes, "
                + "network_tx_bytes, uptime_ms, observed_at from server_states where server_id = ?")
                .setParameter(1, serverId).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = rows.get(0);
        Object at = r[7];
        Instant observedAt = at instanceof Timestamp t ? t.toInstant() : at instanceof java.time.OffsetDateTime o ? o.toInstant()
                : (Instant) at;
        return Optional.of(new Observed((String) r[0], ((Number) r[1]).longValue(), ((Number) r[2]).doubleValue(),
                ((Number) r[3]).longValue(), ((Number) r[4]).longValue(), ((Number) r[5]).longValue(),
                ((Number) r[6]).longValue(), observedAt));
    }
}
