package dev.wingman.platform.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.wingman.platform.api.AfterCommit;
import dev.wingman.platform.api.InvalidationBus;
import dev.wingman.platform.api.SharedCache;
import dev.wingman.platform.api.SharedCaches;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;

@ApplicationScoped
public class SharedCacheFactory implements SharedCaches {
    @Inject
    InvalidationBus bus;

    @Inject
    AfterCommit afterCommit;

    private final Set<String> topics = ConcurrentHashMap.newKeySet();

    @Override
    public <V> SharedCache<V> create(String topic, Duration ttl, long maxEntries) {
        if (!topics.add(topic)) {
            throw new IllegalStateException("A second cache asked for the invalidation topic " + topic);
        }
        return new CaffeineSharedCache<>(topic, ttl, maxEntries, bus, afterCommit, Ticker.systemTicker(),
                ForkJoinPool.commonPool());
    }
}
