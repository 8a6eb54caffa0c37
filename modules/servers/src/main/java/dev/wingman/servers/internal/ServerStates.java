package dev.wingman.servers.internal;

import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.nodes.api.Wings;
import dev.wingman.nodes.api.WingsException;
import dev.wingman.platform.api.DueRows;
import dev.wingman.platform.api.RecurringJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.Timestamp;
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
 * Each server's last known state and resource use. Every interval, each node's Wings is asked for
 * all its servers in one call, through the node's breaker, and the answers are stored; a node that does not answer marks only its own servers
 * {@code unknown}. Views read the stored state and never call Wings per server.
 *
 * <p>The polling is the platform {@link RecurringJob} {@code servers.state-poll}: each run (on one
 * instance) claims the nodes whose poll is due through {@link DueRows} and polls them on virtual
 * threads, returning once every poll has ended (each is bounded by the node's Wings timeout).
 */
@ApplicationScoped
public class ServerStates implements RecurringJob {
    private static final Logger LOG = Logger.getLogger(ServerStates.class.getName());
    /** How long a run waits for a node's answer at most (Wings calls end by their own timeout well before). */
    private static final Duration POLL_BOUND = Duration.ofSeconds(60);

    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    Wings wings;

    @Inject
    ServerStates self;

    @Inject
    @ConfigProperty(name = "wingman.servers.state.poll-interval", defaultValue = "PT15S")
    Duration interval;

    /** A stored observation. */
    public record Observed(String state, long memoryBytes, double cpuAbsolute, long diskBytes, long rxBytes, long txBytes,
                           long uptimeMillis, Instant at) {
    }

    @Override
    public String name() {
        return "servers.state-poll";
    }

    /** A third of the poll interval, so a node is polled soon after its poll is due. */
    @Override
    public Duration interval() {
        return Duration.ofMillis(Math.max(200, interval.toMillis() / 3));
    }

    @Override
    public void run() throws InterruptedException {
        List<Thread> polls = new ArrayList<>();
        for (String nodeId : self.claimDueNodes()) {
            polls.add(Thread.ofVirtual().name("server-states-" + nodeId).start(() -> poll(nodeId)));
        }
        for (Thread poll : polls) {
            poll.join(POLL_BOUND.toMillis());
        }
    }

    /** Nodes with servers whose poll is due, claimed for this instance until the next interval. */
    @Transactional
    public List<String> claimDueNodes() {
        em.createNativeQuery("insert into server_state_polls (node_id, next_poll_at) "
                + "select distinct node_id, now() from servers on conflict do nothing").executeUpdate();
        return DueRows.claim(em, "server_state_polls", "node_id", "next_poll_at", null, interval, 10_000);
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
