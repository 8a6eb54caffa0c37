package dev.wingman.platform.internal;

import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.RateLimiter;
import io.lettuce.core.ScriptOutputType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Fixed-window counters. In Redis one atomic script increments the window's counter and sets its
 * expiry on the first hit, so every instance shares the count. If Redis fails the same window is
 * counted in this instance's memory: limits loosen by the number of instances, but nobody is
 * locked out because a cache is down.
 */
@ApplicationScoped
public class RateLimiterService implements RateLimiter {
    private static final Logger LOG = Logger.getLogger(RateLimiterService.class.getName());
    private static final String SCRIPT = """
            local count = redis.call('INCR', KEYS[1])
            if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
            local ttl = redis.call('TTL', KEYS[1])
            if ttl < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
            return {count, ttl}
            """;

    private final ConcurrentHashMap<String, LocalWindow> local = new ConcurrentHashMap<>();

    @Inject
    RedisAccess redis;

    @Inject
    Config config;

    @Inject
    MetricRegistry metrics;

    private static final class LocalWindow {
        final long endsAtMillis;
        long count;

        LocalWindow(long endsAtMillis) {
            this.endsAtMillis = endsAtMillis;
        }
    }

    @Override
    public Decision consume(String bucket, int limit, Duration window) {
        long windowSeconds = Math.max(1, window.toSeconds());
        Optional<Decision> shared = redis.commands().flatMap(commands -> {
            try {
                List<Long> result = commands.eval(SCRIPT, ScriptOutputType.MULTI,
                        new String[] {redis.key("rl:" + bucket)}, Long.toString(windowSeconds));
                long count = result.get(0);
                long ttl = Math.max(1, result.get(1));
                return Optional.of(decide(count, limit, ttl));
            } catch (RuntimeException e) {
                LOG.fine("Rate limit falls back to memory: " + e.getMessage());
                return Optional.empty();
            }
        });
        return shared.orElseGet(() -> consumeLocally(bucket, limit, windowSeconds));
    }

    private Decision consumeLocally(String bucket, int limit, long windowSeconds) {
        long now = System.currentTimeMillis();
        if (local.size() > 100_000) {
            local.values().removeIf(w -> w.endsAtMillis <= now);
        }
        LocalWindow window = local.compute(bucket, (k, w) -> {
            LocalWindow current = w == null || w.endsAtMillis <= now ? new LocalWindow(now + windowSeconds * 1000) : w;
            current.count++;
            return current;
        });
        long ttl = Math.max(1, (window.endsAtMillis - now + 999) / 1000);
        return decide(window.count, limit, ttl);
    }

    private static Decision decide(long count, int limit, long ttlSeconds) {
        return count <= limit ? new Decision(true, 0, limit - count) : new Decision(false, ttlSeconds, 0);
    }

    /** A bucket's limit and window after configuration overrides; resolved once per bucket name. */
    private record Limit(int limit, Duration window) {
    }

    private final ConcurrentHashMap<String, Limit> limits = new ConcurrentHashMap<>();

    /**
     * A floor under every built-in limit that is not configured by name, so a test panel lifts all
     * limits with one setting, including buckets a module adds later (testkit sets it).
     */
    static final String MINIMUM = "wingman.rate-limits.minimum";

    @Override
    public void enforce(String name, String subject, int defaultLimit, int defaultWindowSeconds) {
        Limit resolved = limits.computeIfAbsent(name, n -> new Limit(
                config.getOptionalValue("wingman.rate-limits." + n + ".limit", Integer.class)
                        .orElseGet(() -> Math.max(defaultLimit, config.getOptionalValue(MINIMUM, Integer.class).orElse(0))),
                Duration.ofSeconds(config.getOptionalValue("wingman.rate-limits." + n + ".window-seconds", Integer.class)
                        .orElse(defaultWindowSeconds))));
        int limit = resolved.limit();
        Decision decision = consume(name + ":" + subject, limit, resolved.window());
        if (!decision.allowed()) {
            metrics.counter("wingman_rate_limited", new Tag("limit", name)).inc();
            throw ApiException.tooManyRequests(decision.retryAfterSeconds());
        }
    }
}
