package dev.wingman.platform.api;

import java.time.Duration;

/** Makes {@link SharedCache}s: the one way a module keeps data per instance that may change anywhere. */
public interface SharedCaches {

    /**
     * A cache invalidated on {@code topic} (one cache per topic, unique across the panel), whose
     * entries live at most {@code ttl} and of which at most {@code maxEntries} are kept.
     */
    <V> SharedCache<V> create(String topic, Duration ttl, long maxEntries);
}
