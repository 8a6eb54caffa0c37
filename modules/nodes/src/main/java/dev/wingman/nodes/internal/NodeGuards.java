package dev.wingman.nodes.internal;

import dev.wingman.platform.api.InstanceTimers;
import io.helidon.faulttolerance.Bulkhead;
import io.helidon.faulttolerance.BulkheadException;
import io.helidon.faulttolerance.CircuitBreaker;
import io.helidon.faulttolerance.Timeout;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A circuit breaker, bulkhead and timeout of its own for every node, plus its metrics. MicroProfile
 * Fault Tolerance annotations would give one breaker per method, shared by every node, so one dead
 * node would open it for all; these are Helidon's fault-tolerance handlers (the implementation
 * behind its MP annotations) created per node instead.
 *
 * <p>Every known node has its meters from the start (at start-up, and as soon as a node is
 * registered or edited), not from its first call, so a node that only ever times out still shows.
 * The calls, failures and durations carry {@code kind}: {@code call} for the panel's Wings calls,
 * {@code heartbeat} for the monitor's pings (which bypass the breaker).
 */
@ApplicationScoped
public class NodeGuards {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(NodeGuards.class.getName());
    static final String CALLS = "wingman.wings.calls";
    static final String FAILURES = "wingman.wings.failures";
    static final String LATENCY = "wingman.wings.call.duration";
    static final String BREAKER = "wingman.wings.breaker.state";
    static final String CALL = "call";
    static final String HEARTBEAT = "heartbeat";
    /**
     * Held while node meters are created or removed. Helidon 4.2.0's registry takes its locks in
     * opposite orders when a meter is registered and when one is removed, so registering one node's
     * meters (a heartbeat, a call, re-metering after an edit) while another node's are removed (an
     * edit announced over pub/sub) deadlocked both, and with them every later call and ping
     * (seen registering 1,000 nodes in bench/node-monitor-scale.sh). Lookups of existing meters do
     * not take it.
     */
    static final Object METERS = new Object();

    @PersistenceContext(unitName = "wingman")
    EntityManager em;

    @Inject
    WingsSettings settings;

    @Inject
    MetricRegistry metrics;

    @Inject
    NodeEndpoints endpoints;

    @Inject
    InstanceTimers timers;

    private final Map<String, Guard> guards = new ConcurrentHashMap<>();

    /** One node's handlers and meters. */
    public final class Guard {
        final CircuitBreaker breaker;
        final Bulkhead bulkhead;
        final Timeout timeout;
        final Counter calls;
        final Timer latency;
        final Counter heartbeats;
        final Timer heartbeatLatency;
        final String nodeId;

        Guard(String nodeId) {
            this.nodeId = nodeId;
            breaker = CircuitBreaker.builder()
                    .name("wings-" + nodeId)
                    .volume(settings.breakerVolume())
                    .errorRatio(settings.breakerErrorRatio())
                    .delay(settings.breakerDelay())
                    .successThreshold(1)
                    // a full bulkhead says the node is busy, not broken
                    .addSkipOn(BulkheadException.class)
                    .build();
            bulkhead = Bulkhead.builder().name("wings-" + nodeId).limit(settings.bulkheadLimit())
                    .queueLength(settings.bulkheadQueue()).build();
            // The HTTP request has its own read timeout; this bounds the whole call, connection included.
            timeout = Timeout.builder().name("wings-" + nodeId)
                    .timeout(settings.connectTimeout().plus(settings.readTimeout()).plus(Duration.ofSeconds(1)))
                    .currentThread(true).build();
            Tag node = new Tag("node", nodeId);
            calls = metrics.counter(CALLS, node, new Tag("kind", CALL));
            latency = metrics.timer(LATENCY, node, new Tag("kind", CALL));
            heartbeats = metrics.counter(CALLS, node, new Tag("kind", HEARTBEAT));
            heartbeatLatency = metrics.timer(LATENCY, node, new Tag("kind", HEARTBEAT));
            metrics.gauge(BREAKER, breaker, b -> switch (b.state()) {
                case CLOSED -> 0;
                case HALF_OPEN -> 1;
                case OPEN -> 2;
            }, node);
        }

        /** Runs the call through breaker, then bulkhead, then timeout. */
        <T> T invoke(Supplier<T> call) {
            return breaker.invoke(() -> bulkhead.invoke(() -> timeout.invoke(call)));
        }

        void failed(String failure) {
            failed(CALL, failure);
        }

        /** Counts a failure of a {@code kind} call for {@code reason} (the failure's name, lower case). */
        void failed(String kind, String reason) {
            Counter failures;
            synchronized (METERS) {
                failures = metrics.counter(FAILURES, new Tag("node", nodeId), new Tag("kind", kind), new Tag("reason", reason));
            }
            failures.inc();
        }

        /** Meters one heartbeat: its duration, and its failure reason unless it is null. */
        void heartbeat(Duration took, String failure) {
            heartbeats.inc();
            heartbeatLatency.update(took);
            if (failure != null) {
                failed(HEARTBEAT, failure);
            }
        }

        CircuitBreaker.State state() {
            return breaker.state();
        }
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

    public Guard of(String nodeId) {
        Guard guard = guards.get(nodeId);
        if (guard != null) {
            return guard;
        }
        synchronized (METERS) {
            return guards.computeIfAbsent(nodeId, Guard::new);
        }
    }

    void forget(String nodeId) {
        synchronized (METERS) {
            if (guards.remove(nodeId) != null) {
                metrics.getMetricIDs().stream()
                        .filter(id -> Set.of(CALLS, LATENCY, BREAKER, FAILURES).contains(id.getName())
                                && nodeId.equals(id.getTags().get("node")))
                        .forEach(metrics::remove);
            }
        }
    }
}
