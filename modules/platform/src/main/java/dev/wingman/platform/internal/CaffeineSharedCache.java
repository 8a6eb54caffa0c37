package dev.wingman.platform.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.wingman.platform.api.AfterCommit;
import dev.wingman.platform.api.InvalidationBus;
import dev.wingman.platform.api.SharedCache;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link SharedCache} on a Caffeine cache bounded in size and lifetime. Each entry remembers the
 * bus epoch it was loaded in; an entry is served only while the bus is connected and still in that
 * epoch. A message on the topic is a key to drop, or {@value #ALL} for everything.
 */
final class CaffeineSharedCache<V> implements SharedCache<V> {
    private static final Logger LOG = Logger.getLogger(CaffeineSharedCache.class.getName());
    static final String ALL = "*";

    private record Entry<V>(V value, long epoch) {
    }

    private final String topic;
    private final InvalidationBus bus;
    private final AfterCommit afterCommit;
    private final Cache<String, Entry<V>> entries;
    /** Bumped by every invalidation: a value loaded while one happened may predate it and is not kept. */
    private final AtomicLong invalidations = new AtomicLong();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    CaffeineSharedCache(String topic, Duration ttl, long maxEntries, InvalidationBus bus, AfterCommit afterCommit,
                        Ticker ticker, Executor maintenance) {
        this.topic = topic;
        this.bus = bus;
        this.afterCommit = afterCommit;
        this.entries = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfterWrite(ttl)
                .ticker(ticker)
                .executor(maintenance)
                .build();
        bus.subscribe(topic, this::dropped);
    }

    @Override
    public V get(String key, Function<String, V> loader) {
        Entry<V> entry = entries.getIfPresent(key);
        if (entry != null && bus.connected() && entry.epoch() == bus.epoch()) {
            return entry.value();
        }
        long epoch = bus.epoch();
        boolean connected = bus.connected();
        long invalidationsBefore = invalidations.get();
        V value = loader.apply(key);
        if (value != null && connected) {
            // Checked under the key's lock, so an invalidation either is seen here or removes what is put.
            entries.asMap().compute(key, (k, old) ->
                    invalidations.get() == invalidationsBefore ? new Entry<>(value, epoch) : null);
        } else {
            entries.invalidate(key);
        }
        return value;
    }

    @Override
    public void invalidateAfterCommit(String key) {
        invalidateAfterCommit(key, () -> {
        });
    }

    @Override
    public void invalidateAfterCommit(String key, Runnable then) {
        afterCommit.run(() -> {
            dropped(key);
            bus.publish(topic, key);
            then.run();
        });
    }

    @Override
    public void invalidateAllAfterCommit() {
        invalidateAfterCommit(ALL);
    }

    @Override
    public void invalidateAllAfterCommit(Runnable then) {
        invalidateAfterCommit(ALL, then);
    }

    @Override
    public void clearHere() {
        drop(ALL);
    }

    @Override
    public void onInvalidated(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** A change dropped {@code key} (or everything), announced here or by another instance. */
    private void dropped(String key) {
        drop(key);
        for (Consumer<String> listener : listeners) {
            try {
                listener.accept(key);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A listener of the " + topic + " cache failed", e);
            }
        }
    }

    private void drop(String key) {
        invalidations.incrementAndGet();
        if (ALL.equals(key)) {
            entries.invalidateAll();
        } else {
            entries.invalidate(key);
        }
    }

    /** How many entries this instance holds, after pending evictions ran (for tests). */
    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    /** Whether this instance holds {@code key}, trusted or not (for tests). */
    boolean holds(String key) {
        return entries.getIfPresent(key) != null;
    }
}
