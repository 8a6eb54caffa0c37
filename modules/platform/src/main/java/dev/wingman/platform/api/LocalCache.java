package dev.wingman.platform.api;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A per-instance cache of hot lookups (sessions, API keys, account permissions) that stays correct
 * across instances: entries are dropped on invalidation messages, live at most {@code ttl}, and are
 * not used at all while the {@link InvalidationBus} is disconnected, so a change made on another
 * instance is never missed, only costs a database read.
 */
public final class LocalCache<K, V> {
    private final InvalidationBus bus;
    private final long ttlNanos;
    private final int maxEntries;
    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
    /** Bumped by every invalidation: a value loaded while one happened may predate it and is not kept. */
    private final AtomicLong invalidations = new AtomicLong();

    private record Entry<V>(V value, long loadedAt, long epoch) {
    }

    public LocalCache(InvalidationBus bus, Duration ttl, int maxEntries) {
        this.bus = bus;
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
    }

    /** The cached value, or the loader's (cached when the bus is connected). Null values are not cached. */
    public V get(K key, Function<K, V> loader) {
        long now = System.nanoTime();
        Entry<V> entry = entries.get(key);
        if (entry != null && bus.connected() && entry.epoch == bus.epoch() && now - entry.loadedAt < ttlNanos) {
            return entry.value;
        }
        long epoch = bus.epoch();
        boolean connected = bus.connected();
        long invalidationsBefore = invalidations.get();
        V value = loader.apply(key);
        if (value != null && connected && invalidations.get() == invalidationsBefore) {
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
            entries.put(key, new Entry<>(value, now, epoch));
        } else {
            entries.remove(key);
        }
        return value;
    }

    public void invalidate(K key) {
        invalidations.incrementAndGet();
        entries.remove(key);
    }

    public void clear() {
        invalidations.incrementAndGet();
        entries.clear();
    }
}
