package dev.wingman.auth.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers when each session or API key was last recorded as used, so that its "last used"
 * column is written at most once a minute instead of on every request.
 */
final class UsageThrottle {
    private static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final int MAX_TRACKED = 100_000;

    private final ConcurrentHashMap<String, Instant> lastRecorded = new ConcurrentHashMap<>();

    /** Whether a use at {@code now} should be written; if so it counts as written. */
    boolean due(String id, Instant now) {
        Instant previous = lastRecorded.get(id);
        if (previous != null && previous.plus(INTERVAL).isAfter(now)) {
            return false;
        }
        if (lastRecorded.size() >= MAX_TRACKED) {
            lastRecorded.clear();
        }
        lastRecorded.put(id, now);
        return true;
    }

    void forget(String id) {
        lastRecorded.remove(id);
    }
}
