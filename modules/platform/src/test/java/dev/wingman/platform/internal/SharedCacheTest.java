package dev.wingman.platform.internal;

import dev.wingman.platform.api.AfterCommit;
import dev.wingman.platform.api.InvalidationBus;
import dev.wingman.platform.api.SharedCache;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two "instances" share one bus: what one invalidates the other drops once the change commits, and
 * while the bus is down (or after it reconnects, when messages may have been lost) nothing cached
 * is trusted. Size and lifetime are bounded without ever dropping everything to make room.
 */
class SharedCacheTest {

    /** An in-memory bus that delivers to every subscriber, the publisher's own included, like Redis pub/sub. */
    static final class SharedBus implements InvalidationBus {
        private final Map<String, List<Consumer<String>>> listeners = new HashMap<>();
        private boolean connected = true;
        private long epoch;
        final List<String> published = new ArrayList<>();

        @Override
        public void publish(String topic, String message) {
            published.add(topic + ":" + message);
            if (connected) {
                listeners.getOrDefault(topic, List.of()).forEach(l -> l.accept(message));
            }
        }

        @Override
        public void subscribe(String topic, Consumer<String> listener) {
            listeners.computeIfAbsent(topic, t -> new ArrayList<>()).add(listener);
        }

        @Override
        public boolean connected() {
            return connected;
        }

        @Override
        public long epoch() {
            return epoch;
        }

        void drop() {
            connected = false;
            epoch++;
        }

        void restore() {
            connected = true;
            epoch++;
        }
    }

    /** A transaction whose after-commit actions wait for {@link #commit()}; without {@link #begin()} they run at once. */
    static final class Transaction implements AfterCommit {
        private final List<Runnable> waiting = new ArrayList<>();
        private boolean active;

        @Override
        public void run(Runnable action) {
            if (active) {
                waiting.add(action);
            } else {
                action.run();
            }
        }

        void begin() {
            active = true;
        }

        void commit() {
            active = false;
            waiting.forEach(Runnable::run);
            waiting.clear();
        }

        void rollback() {
            active = false;
            waiting.clear();
        }
    }

    private final SharedBus bus = new SharedBus();
    private final Transaction transaction = new Transaction();
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger loads = new AtomicInteger();

    private CaffeineSharedCache<String> cache(Duration ttl, long maxEntries) {
        return new CaffeineSharedCache<>("t", ttl, maxEntries, bus, transaction, nanos::get, Runnable::run);
    }

    private CaffeineSharedCache<String> cache() {
        return cache(Duration.ofMinutes(5), 100);
    }

    private String load(String key) {
        loads.incrementAndGet();
        return "value-" + key;
    }

    /** Reads {@code s1} from each cache named, in turn (a cache named twice is read twice). */
    @SafeVarargs
    private void readS1(SharedCache<String>... caches) {
        for (SharedCache<String> cache : caches) {
            cache.get("s1", this::load);
        }
    }

    @Test
    void anInvalidationOnOneInstanceReachesTheOtherOnceItCommits() {
        SharedCache<String> instanceA = cache();
        SharedCache<String> instanceB = cache();

        instanceA.get("s1", this::load);
        instanceB.get("s1", this::load);
        instanceB.get("s1", this::load);
        assertEquals(2, loads.get(), "each instance loads once, then serves from memory");

        bus.publish("t", "s1");
        instanceB.get("s1", this::load);
        assertEquals(3, loads.get(), "B reloads after A announced the change");
        instanceA.get("s1", this::load);
        assertEquals(4, loads.get(), "and so does A, which hears its own announcement");

        transaction.begin();
        instanceA.invalidateAfterCommit("s1");
        readS1(instanceA, instanceB);
        assertEquals(4, loads.get(), "nothing is dropped before the change commits");
        transaction.commit();
        readS1(instanceA, instanceB);
        assertEquals(6, loads.get(), "both instances reload once it has committed");
        assertEquals(List.of("t:s1", "t:s1"), bus.published);
    }

    @Test
    void aRolledBackChangeDropsNothingAndTellsNobody() {
        SharedCache<String> cache = cache();
        cache.get("s1", this::load);
        transaction.begin();
        cache.invalidateAfterCommit("s1");
        cache.invalidateAllAfterCommit();
        transaction.rollback();
        cache.get("s1", this::load);
        assertEquals(1, loads.get());
        assertTrue(bus.published.isEmpty());
    }

    @Test
    void aValueLoadedWhileAnInvalidationArrivedIsNotKept() {
        SharedCache<String> cache = cache();
        cache.get("s1", key -> {
            bus.publish("t", key); // the change commits elsewhere while this load is reading the old state
            return load(key);
        });
        cache.get("s1", this::load);
        assertEquals(2, loads.get(), "the possibly stale value was served once, not cached");
        cache.get("s1", this::load);
        assertEquals(2, loads.get(), "the fresh load is cached");

        cache.get("s2", key -> {
            cache.invalidateAllAfterCommit(); // and here, no transaction: at once
            return load(key);
        });
        cache.get("s2", this::load);
        assertEquals(4, loads.get(), "neither is a value loaded while everything was dropped");
    }

    @Test
    void nothingIsTrustedWhileTheBusIsDownNorAfterItReturns() {
        SharedCache<String> cache = cache();
        cache.get("s1", this::load);
        bus.drop();
        readS1(cache, cache);
        assertEquals(3, loads.get(), "every read goes to the source while invalidations cannot arrive");
        bus.restore();
        readS1(cache, cache);
        assertEquals(4, loads.get(), "after reconnecting, one fresh load, then cached again");
        bus.drop();
        bus.restore();
        cache.get("s1", this::load);
        assertEquals(5, loads.get(), "what was kept before even a short loss is not trusted: an invalidation may have been lost");
    }

    @Test
    void entriesExpireAndMissesAreNotCached() {
        SharedCache<String> cache = cache(Duration.ofMillis(50), 100);
        cache.get("s1", this::load);
        nanos.addAndGet(Duration.ofMillis(49).toNanos());
        cache.get("s1", this::load);
        assertEquals(1, loads.get(), "served from memory within its lifetime");
        nanos.addAndGet(Duration.ofMillis(2).toNanos());
        cache.get("s1", this::load);
        assertEquals(2, loads.get(), "loaded again once its lifetime is over");

        AtomicInteger misses = new AtomicInteger();
        cache.get("gone", k -> {
            misses.incrementAndGet();
            return null;
        });
        cache.get("gone", k -> {
            misses.incrementAndGet();
            return null;
        });
        assertEquals(2, misses.get(), "a revoked session is looked up again every time");
    }

    @Test
    void aFullCacheMakesRoomWithoutDroppingEverything() {
        CaffeineSharedCache<String> cache = cache(Duration.ofMinutes(5), 100);
        IntStream.range(0, 150).forEach(i -> cache.get("k" + i, this::load));
        assertEquals(100, cache.size(), "bounded by its maximum");
        long held = IntStream.range(0, 150).filter(i -> cache.holds("k" + i)).count();
        assertEquals(100, held, "one entry made room for each newcomer, instead of all of them for one");
    }

    @Test
    void invalidationsReachEveryInstanceAndItsListenersWhileClearingHereTellsNobody() {
        CaffeineSharedCache<String> instanceA = cache();
        CaffeineSharedCache<String> instanceB = cache();
        List<String> heardByB = new ArrayList<>();
        instanceB.onInvalidated(heardByB::add);
        instanceA.get("s1", this::load);
        instanceB.get("s1", this::load);

        instanceB.clearHere();
        assertEquals(0, instanceB.size());
        assertTrue(instanceA.holds("s1"), "clearing here leaves the other instances alone");
        assertTrue(heardByB.isEmpty(), "and is no invalidation to listen to");
        assertTrue(bus.published.isEmpty());

        instanceB.get("s1", this::load);
        instanceB.get("s2", this::load);
        instanceA.invalidateAfterCommit("s2");
        assertEquals(List.of("s2"), heardByB);
        assertTrue(instanceB.holds("s1"));
        assertFalse(instanceB.holds("s2"));

        instanceA.invalidateAllAfterCommit();
        assertEquals(List.of("s2", "*"), heardByB);
        assertEquals(0, instanceA.size());
        assertEquals(0, instanceB.size());
    }

    @Test
    void whatRunsAfterAnInvalidationSeesTheKeyDroppedHere() {
        SharedCache<String> cache = cache();
        cache.get("s1", this::load);
        List<String> seen = new ArrayList<>();
        transaction.begin();
        cache.invalidateAfterCommit("s1", () -> seen.add(cache.get("s1", k -> "fresh")));
        assertTrue(seen.isEmpty(), "not before the commit");
        transaction.commit();
        assertEquals(List.of("fresh"), seen);
    }

    @Test
    void aFailingListenerDoesNotStopTheAnnouncement() {
        SharedCache<String> instanceA = cache();
        SharedCache<String> instanceB = cache();
        instanceA.onInvalidated(key -> {
            throw new IllegalStateException("broken listener");
        });
        instanceB.get("s1", this::load);
        instanceA.invalidateAfterCommit("s1");
        instanceB.get("s1", this::load);
        assertEquals(2, loads.get());
    }
}
