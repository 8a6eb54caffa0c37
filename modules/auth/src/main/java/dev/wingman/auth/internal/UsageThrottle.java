package dev.wingman.auth.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.time.Instant;

/**
 * Remembers when each session or API key was last recorded as used, so that its "last used"
 * column is written at most once a minute instead of on every request.
 *
 * <p>Not a {@link dev.wingman.platform.api.SharedCache}: nothing here is loaded or can go stale,
 * and no other instance needs telling; forgetting an entry only costs one more write. So it is a
 * plain bounded map, whose entries leave after the interval or, when it is full, one at a time.
 */
final class UsageThrottle {
    private static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final int MAX_TRACKED = 100_000;

    private final Cache<String, Instant> lastRecorded = Caffeine.newBuilder()
            .maximumSize(MAX_TRACKED)
            .expireAfterWrite(INTERVAL)
            .build();

    /** Whether a use at {@code now} should be written; if so it counts as written. */
    boolean due(String id, Instant now) {
        Instant previous = lastRecorded.getIfPresent(id);
        if (previous != null && previous.plus(INTERVAL).isAfter(now)) {
            return false;
        }
        lastRecorded.put(id, now);
        return true;
    }

    void forget(String id) {
        lastRecorded.invalidate(id);
    }
}
