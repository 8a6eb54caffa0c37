package dev.wingman.platform.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two "instances" share one bus: what one invalidates the other drops, and while the bus is down
 * (or after it reconnects, when messages may have been lost) nothing cached is trusted.
 */
class LocalCacheTest {

    /** An in-memory bus that delivers to every subscriber, like Redis pub/sub across instances. */
    static final class SharedBus implements InvalidationBus {
        private final List<Consumer<String>> listeners = new ArrayList<>();
        private boolean connected = true;
        private long epoch;

        @Override
        public void publish(String topic, String message) {
            if (connected) {
                listeners.forEach(l -> l.accept(message));
            }
        }

        @Override
        public void subscribe(String topic, Consumer<String> listener) {
            listeners.add(listener);
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

    private final SharedBus bus = new SharedBus();
    private final AtomicInteger loads = new AtomicInteger();

    private String load(String key) {
        loads.incrementAndGet();
        return "value-" + key;
    }

    @Test
    void anInvalidationOnOneInstanceReachesTheOther() {
        LocalCache<String, String> instanceA = new LocalCache<>(bus, Duration.ofMinutes(5), 100);
        LocalCache<String, String> instanceB = new LocalCache<>(bus, Duration.ofMinutes(5), 100);
        bus.subscribe("t", instanceA::invalidate);
        bus.subscribe("t", instanceB::invalidate);

        instanceA.get("s1", this::load);
        instanceB.get("s1", this::load);
        instanceB.get("s1", this::load);
        assertEquals(2, loads.get(), "each instance loads once, then serves from memory");

        bus.publish("t", "s1");
        instanceB.get("s1", this::load);
        assertEquals(3, loads.get(), "B reloads after A announced the change");
    }

    @Test
    void aValueLoadedWhileAnInvalidationArrivedIsNotKept() {
        LocalCache<String, String> cache = new LocalCache<>(bus, Duration.ofMinutes(5), 100);
        cache.get("s1", key -> {
            cache.invalidate(key); // the change commits while this load is reading the old state
            return load(key);
        });
        cache.get("s1", this::load);
        assertEquals(2, loads.get(), "the possibly stale value was served once, not cached");
        cache.get("s1", this::load);
        assertEquals(2, loads.get(), "the fresh load is cached");
    }

    @Test
    void nothingIsTrustedWhileTheBusIsDownNorAfterItReturns() {
        LocalCache<String, String> cache = new LocalCache<>(bus, Duration.ofMinutes(5), 100);
        cache.get("s1", this::load);
        bus.drop();
        cache.get("s1", this::load);
        cache.get("s1", this::load);
        assertEquals(3, loads.get(), "every read goes to the source while invalidations cannot arrive");
        bus.restore();
        cache.get("s1", this::load);
        cache.get("s1", this::load);
        assertEquals(4, loads.get(), "after reconnecting, one fresh load, then cached again");
    }

    @Test
    void entriesExpireAndMissesAreNotCached() throws InterruptedException {
        LocalCache<String, String> cache = new LocalCache<>(bus, Duration.ofMillis(50), 100);
        cache.get("s1", this::load);
        Thread.sleep(80);
        cache.get("s1", this::load);
        assertEquals(2, loads.get());
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
}
