package dev.wingman.platform.api;


import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Limits how often a method may be called within a fixed window, counted in Redis so that every
 * instance shares the counters. Over the limit the call answers 429 with {@code Retry-After}.
 * Operators override the numbers with {@code wingman.rate-limits.<name>.limit} and
 * {@code wingman.rate-limits.<name>.window-seconds}. A second limit on the same call (say per account
 * keyed by a body field) is checked in code with {@link RateLimiter}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RateLimit {
    /** Names the bucket in configuration, metrics and Redis keys, e.g. {@code login-ip}. */
    String name();

    int limit();

    int windowSeconds();

    Key key() default Key.IP;

    /** What one bucket counts. ACCOUNT falls back to the IP for anonymous callers. */
    enum Key { IP, ACCOUNT, IP_AND_ACCOUNT }
}
