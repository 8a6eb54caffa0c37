package dev.wingman.nodes.internal;

import io.helidon.faulttolerance.Bulkhead;
import io.helidon.faulttolerance.BulkheadException;
import io.helidon.faulttolerance.CircuitBreaker;
import io.helidon.faulttolerance.Timeout;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A circuit breaker, bulkhead and timeout of its own for every node, plus its metrics. MicroProfile
 * Fault Tolerance annotations would give one breaker per method, shared by every node, so one dead
 * node would open it for all; these are Helidon's fault-tolerance handlers (the implementation
 * behind its MP annotations) created per node instead.
 */
@ApplicationScoped
public class NodeGuards {
    static final String CALLS = "wingman.wings.calls";
    static final String FAILURES = "wingman.wings.failures";
    static final String LATENCY = "wingman.wings.call.duration";
    static final String BREAKER = "wingman.wings.breaker.state";

    @Inject
    WingsSettings settings;

    @Inject
    MetricRegistry metrics;

    @Inject
    NodeEndpoints endpoints;

    private final Map<String, Guard> guards = new ConcurrentHashMap<>();

    /** One node's handlers and meters. */
    public final class Guard {
        final CircuitBreaker breaker;
        final Bulkhead bulkhead;
        final Timeout timeout;
        final Counter calls;
        final Timer latency;
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
            calls = metrics.counter(CALLS, node);
            latency = metrics.timer(LATENCY, node);
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
            metrics.counter(FAILURES, new Tag("node", nodeId), new Tag("reason", failure)).inc();
        }

        CircuitBreaker.State state() {
            return breaker.state();
        }
    }

    @PostConstruct
    void init() {
        // A changed node (new URL, token) starts with fresh handlers; a deleted one leaves no meters behind.
        endpoints.onChange(this::forget);
    }

    public Guard of(String nodeId) {
        return guards.computeIfAbsent(nodeId, Guard::new);
    }

    void forget(String nodeId) {
        if (guards.remove(nodeId) != null) {
            Tag node = new Tag("node", nodeId);
            metrics.remove(new MetricID(CALLS, node));
            metrics.remove(new MetricID(LATENCY, node));
            metrics.remove(new MetricID(BREAKER, node));
            metrics.getCounters((id, m) -> id.getName().equals(FAILURES) && nodeId.equals(id.getTags().get("node")))
                    .keySet().forEach(metrics::remove);
        }
    }
}
