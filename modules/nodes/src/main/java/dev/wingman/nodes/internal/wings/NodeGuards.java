package dev.wingman.nodes.internal.wings;

import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.nodes.internal.NodeEndpoints;
import dev.wingman.platform.api.InstanceTimers;
import dev.wingman.platform.api.OutboundGuard;
import dev.wingman.platform.api.OutboundHttp;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A circuit breaker, bulkhead and timeout of its own for every node, plus its metrics. MicroProfile
 * Fault Tolerance annotations would give one breaker per method, shared by every node, so one dead
 * node would open it for all; these are Helidon's fault-tolerance handlers (the implementation
 * behind its MP annotations) created per node instead, as platform's {@link OutboundGuard}s.
 *
 * <p>Every known node has its call and heartbeat meters from the start (at start-up, and as soon as
 * a node is registered or edited), not from its first call, so a node that only ever times out
 * still shows; its console meters appear with the first console opened through the proxy.
 * The calls, failures and durations carry {@code kind}: {@code call} for the panel's Wings calls,
 * {@code heartbeat} for the monitor's pings (which bypass the breaker), {@code console} for opening
 * a server's console WebSocket. The meters keep their {@code wingman.wings} names and {@code node}
 * tag rather than platform's {@code wingman.outbound} family.
 */
@ApplicationScoped
public class NodeGuards {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(NodeGuards.class.getName());
    static final String METRICS = "wingman.wings";
    static final String CALL = "call";
    public static final String HEARTBEAT = "heartbeat";
    static final String CONSOLE = "console";

    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    WingsSettings settings;

    @Inject
    OutboundHttp outbound;

    @Inject
    NodeEndpoints endpoints;

    @Inject
    InstanceTimers timers;

    private final Map<String, OutboundGuard> guards = new ConcurrentHashMap<>();

    private OutboundGuard create(String nodeId) {
        return outbound.guard("wings-" + nodeId, Map.of("node", nodeId))
                .metricPrefix(METRICS)
                .kinds(CALL, HEARTBEAT) // console meters come with a node's first console: they cost heap on every node
                .breaker(settings.breakerVolume(), settings.breakerErrorRatio(), settings.breakerDelay())
                .bulkhead(settings.bulkheadLimit(), settings.bulkheadQueue())
                // The HTTP request has its own read timeout; this bounds the whole call, connection included.
                .timeout(settings.connectTimeout().plus(settings.readTimeout()).plus(Duration.ofSeconds(1)))
                .build();
    }

    @PostConstruct
    void init() {
        // A changed node (new URL, token) starts with fresh handlers; a deleted one leaves no meters behind.
        endpoints.onChange(nodeId -> {
            forget(nodeId);
            // Registered or edited: its meters are back at once. Looked up off the caller's thread,
            // which may be finishing the transaction that changed the node; this instance's meters,
            // so an instance timer (none is started once shutdown began, when meters must not be created).
            timers.execute(() -> {
                try {
                    endpoints.of(nodeId);
                    of(nodeId);
                } catch (RuntimeException gone) {
                    // deleted: nothing to meter
                }
            });
        });
    }

    /** Every node known at start-up gets its handlers and meters now, before its first call. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        try {
            em.createQuery("select n.id from Node n", String.class).getResultList().forEach(this::of);
        } catch (RuntimeException e) {
            LOG.log(java.util.logging.Level.WARNING, "Could not register the nodes' Wings meters at start-up; each node "
                    + "gets them at its first call or heartbeat: " + e.getMessage());
        }
    }

    public OutboundGuard of(String nodeId) {
        return guards.computeIfAbsent(nodeId, this::create);
    }

    /**
     * Closed inside the map's compute, so that a concurrent {@link #of} for the node waits until the
     * old guard's meters are gone and then registers its own (rather than having them removed).
     */
    void forget(String nodeId) {
        guards.computeIfPresent(nodeId, (id, gone) -> {
            gone.close();
            return null;
        });
    }
}
