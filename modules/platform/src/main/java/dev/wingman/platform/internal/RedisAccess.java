package dev.wingman.platform.internal;

import io.lettuce.core.api.sync.RedisCommands;

import java.util.Optional;

/**
 * The shared Redis connection, for platform's own use (rate limits, readiness): Lettuce stays
 * inside platform. Modules cache through {@link dev.wingman.platform.api.SharedCache}. Commands fail fast (never queue) while Redis is unreachable, so
 * callers must treat Redis as an optimisation and fall back to PostgreSQL or local state.
 */
public interface RedisAccess {

    /** Synchronous commands, or empty while Redis is unreachable. */
    Optional<RedisCommands<String, String>> commands();

    /** A key in Wingman's namespace ({@code wingman.redis.key-prefix} + name). */
    String key(String name);
}
