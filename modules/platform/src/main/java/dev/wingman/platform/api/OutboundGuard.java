package dev.wingman.platform.api;

import io.helidon.faulttolerance.Bulkhead;
import io.helidon.faulttolerance.BulkheadException;
import io.helidon.faulttolerance.CircuitBreaker;
import io.helidon.faulttolerance.CircuitBreakerOpenException;
import io.helidon.faulttolerance.Timeout;
import io.helidon.faulttolerance.TimeoutException;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One outbound target's protection and meters: a circuit breaker, then an optional bulkhead, then a
 * timeout bounding the whole call (Helidon's fault-tolerance handlers, the implementation behind
 * its MicroProfile annotations, built per target so one dead target never opens the breaker of
 * another). Create one with {@link OutboundHttp#guard(String, Map)}.
 *
 * <p>Meters, named from the guard's metric prefix ({@code wingman.outbound} unless set) and
 * carrying its tags (such as {@code target=cloudflare}, or {@code node=<id>} for Wings), each with
 * a {@code kind} (what sort of call: {@code call}, {@code heartbeat}, {@code console}, ...):
 * {@code <prefix>.calls{kind}}, {@code <prefix>.failures{kind,reason}},
 * {@code <prefix>.call.duration{kind}} and {@code <prefix>.breaker.state} (0 closed, 1 half-open,
 * 2 open). The calls and durations of the declared kinds exist from the guard's creation, not from
 * its first call.
 *
 * <p>Only {@link OutboundException}s (and any other exception the call throws) count against the
 * breaker, never an HTTP answer: a target that answers 500 is up. A caller that treats an answer as
 * a failure reports it with {@link #failed(String, String)}, for the meters only.
 */
public final class OutboundGuard {
    /** The breaker's state, as the gauge reports it (0, 1, 2). */
    public enum State { CLOSED, HALF_OPEN, OPEN }

    private final MetricRegistry metrics;
    private final String prefix;
    private final Tag[] tags;
    private final CircuitBreaker breaker;
    private final Bulkhead bulkhead;
    private final Timeout timeout;
    private final Map<String, Meters> kinds = new ConcurrentHashMap<>();

    private record Meters(Counter calls, Timer latency) {
    }

    private OutboundGuard(Builder b) {
        this.metrics = b.metrics;
        this.prefix = b.prefix;
        this.tags = b.tags.entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toArray(Tag[]::new);
        breaker = CircuitBreaker.builder()
                .name(b.name)
                .volume(b.breakerVolume)
                .errorRatio(b.breakerErrorRatio)
                .delay(b.breakerDelay)
                .successThreshold(1)
                // a full bulkhead says the target is busy, not broken; a refused exchange is an answer
                .addSkipOn(BulkheadException.class)
                .addSkipOn(OutboundException.Rejected.class)
                // a streamed request body that failed on the caller's side says nothing about the target
                .addSkipOn(OutboundHttp.SourceFailed.class)
                .build();
        bulkhead = b.bulkheadLimit <= 0 ? null
                : Bulkhead.builder().name(b.name).limit(b.bulkheadLimit).queueLength(b.bulkheadQueue).build();
        timeout = Timeout.builder().name(b.name).timeout(b.timeout).currentThread(true).build();
        b.kinds.forEach(this::meters);
        MeterChanges.register(() -> metrics.gauge(prefix + ".breaker.state", breaker, cb -> switch (cb.state()) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        }, tags));
    }

    private Meters meters(String kind) {
        Meters known = kinds.get(kind);
        if (known != null) {
            return known;
        }
        // meters are registered at run time (Helidon's registry needs that one at a time: MeterChanges)
        return MeterChanges.register(() -> kinds.computeIfAbsent(kind, k -> {
            Tag[] tagged = with(new Tag("kind", k));
            return new Meters(metrics.counter(prefix + ".calls", tagged), metrics.timer(prefix + ".call.duration", tagged));
        }));
    }

    private Tag[] with(Tag... more) {
        Tag[] all = java.util.Arrays.copyOf(tags, tags.length + more.length);
        System.arraycopy(more, 0, all, tags.length, more.length);
        return all;
    }

    /**
     * Runs one call of {@code kind} through breaker, bulkhead and timeout, and meters it. An open
     * breaker, a full bulkhead or the overall timeout throw {@link OutboundException}
     * ({@code CIRCUIT_OPEN}, {@code BUSY}, {@code TIMEOUT}) without waiting; an
     * {@code OutboundException} from the call is counted under its reason and rethrown.
     */
    public <T> T call(String kind, Supplier<T> work) {
        Meters meters = meters(kind);
        meters.calls().inc();
        long started = System.nanoTime();
        try {
            return breaker.invoke(() -> bulkhead == null ? timeout.invoke(work) : bulkhead.invoke(() -> timeout.invoke(work)));
        } catch (OutboundException e) {
            failed(kind, e.reason());
            throw e;
        } catch (CircuitBreakerOpenException e) {
            failed(kind, "circuit_open");
            throw new OutboundException(OutboundException.Failure.CIRCUIT_OPEN, 0, "circuit breaker open", true);
        } catch (BulkheadException e) {
            failed(kind, "busy");
            throw new OutboundException(OutboundException.Failure.BUSY, 0, "too many calls in flight", true);
        } catch (TimeoutException e) {
            // the timeout interrupted this thread to end the call; clear it so the request goes on
            Thread.interrupted();
            failed(kind, "timeout");
            throw new OutboundException(OutboundException.Failure.TIMEOUT, 0, "no answer in time", true);
        } finally {
            meters.latency().update(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /**
     * Meters a call of {@code kind} made outside the breaker (a health probe, which must see the
     * target come back while calls to it are refused): its duration, and its failure unless
     * {@code reason} is null.
     */
    public void record(String kind, Duration took, String reason) {
        Meters meters = meters(kind);
        meters.calls().inc();
        meters.latency().update(took);
        if (reason != null) {
            failed(kind, reason);
        }
    }

    /** Counts a failed {@code kind} call for {@code reason}, such as an answer the caller treats as an error. */
    public void failed(String kind, String reason) {
        // registers the counter the first time this kind fails for this reason
        MeterChanges.register(() -> metrics.counter(prefix + ".failures", with(new Tag("kind", kind), new Tag("reason", reason)))).inc();
    }

    public State state() {
        return switch (breaker.state()) {
            case CLOSED -> State.CLOSED;
            case HALF_OPEN -> State.HALF_OPEN;
            case OPEN -> State.OPEN;
        };
    }

    /** Removes this guard's meters (a target that no longer exists leaves none behind). */
    public void close() {
        Set<String> names = Set.of(prefix + ".calls", prefix + ".failures", prefix + ".call.duration", prefix + ".breaker.state");
        List<MetricID> mine = new ArrayList<>();
        for (MetricID id : metrics.getMetricIDs()) {
            if (names.contains(id.getName()) && ownTags(id)) {
                mine.add(id);
            }
        }
        MeterChanges.remove(() -> mine.forEach(metrics::remove));
    }

    private boolean ownTags(MetricID id) {
        Map<String, String> tagged = id.getTags();
        for (Tag tag : tags) {
            if (!tag.getTagValue().equals(tagged.get(tag.getTagName()))) {
                return false;
            }
        }
        return true;
    }

    /** How to build a guard; defaults: breaker 10 calls / 50 % / 20 s, no bulkhead, 20 s timeout. */
    public static final class Builder {
        private final MetricRegistry metrics;
        private final String name;
        private final Map<String, String> tags;
        private String prefix = "wingman.outbound";
        private int breakerVolume = 10;
        private int breakerErrorRatio = 50;
        private Duration breakerDelay = Duration.ofSeconds(20);
        private int bulkheadLimit;
        private int bulkheadQueue;
        private Duration timeout = Duration.ofSeconds(20);
        private final List<String> kinds = new ArrayList<>(List.of("call"));

        Builder(MetricRegistry metrics, String name, Map<String, String> tags) {
            this.metrics = Objects.requireNonNull(metrics);
            this.name = name;
            this.tags = new LinkedHashMap<>(tags);
        }

        /** The meters' name prefix; {@code wingman.outbound} unless a family keeps names of its own. */
        public Builder metricPrefix(String prefix) {
            this.prefix = prefix;
            return this;
        }

        /** Opens after {@code errorRatio} % of the last {@code volume} calls failed; tries one call again after {@code delay}. */
        public Builder breaker(int volume, int errorRatio, Duration delay) {
            this.breakerVolume = volume;
            this.breakerErrorRatio = errorRatio;
            this.breakerDelay = delay;
            return this;
        }

        /** At most {@code limit} calls at once, {@code queue} more waiting; more are {@code BUSY}. */
        public Builder bulkhead(int limit, int queue) {
            this.bulkheadLimit = limit;
            this.bulkheadQueue = queue;
            return this;
        }

        /** Bounds the whole call (connection, request, answer); longer than the request's own timeout. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** The kinds whose calls and durations are metered from the start ({@code call} always). */
        public Builder kinds(String... kinds) {
            for (String kind : kinds) {
                if (!this.kinds.contains(kind)) {
                    this.kinds.add(kind);
                }
            }
            return this;
        }

        public OutboundGuard build() {
            return new OutboundGuard(this);
        }
    }
}
