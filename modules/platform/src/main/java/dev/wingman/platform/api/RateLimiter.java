package dev.wingman.platform.api;

import java.time.Duration;

/** Fixed-window counters shared across instances through Redis, per instance while Redis is down. */
public interface RateLimiter {

    /** Counts one hit in {@code bucket}; the answer says whether it was within the limit. */
    Decision consume(String bucket, int limit, Duration window);

    /**
     * Counts one hit against the limit configured under {@code wingman.rate-limits.<name>} (or the
     * given defaults) for {@code subject}, and throws a 429 {@link ApiException} when it is over.
     */
    void enforce(String name, String subject, int defaultLimit, int defaultWindowSeconds);

    record Decision(boolean allowed, long retryAfterSeconds, long remaining) {
    }
}
