package dev.wingman.platform.api;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A per-instance cache of hot lookups (sessions, API keys, account permissions, node endpoints,
 * rendered pages) that stays correct across instances. Obtained from {@link SharedCaches}, one per
 * invalidation topic. The rules, which callers need not repeat:
 * <ul>
 * <li>an entry lives at most the cache's lifetime, and the least valuable entries make room when it
 *     holds its maximum (nothing else is dropped to make room);</li>
 * <li>a change drops its key on every instance once the transaction commits
 *     ({@link #invalidateAfterCommit}), never before and never for a rollback;</li>
 * <li>a value loaded while an invalidation arrived is served to that caller but not kept, so a
 *     change committed during a load is never hidden for the cache's lifetime;</li>
 * <li>while invalidations cannot arrive (Redis pub/sub down) nothing is served from or kept in the
 *     cache, and entries kept before a loss of the connection are not trusted after it returns;</li>
 * <li>null values (not found, revoked) are never kept.</li>
 * </ul>
 */
public interface SharedCache<V> {

    /** The cached value for {@code key}, or the loader's, kept when the rules above allow. */
    V get(String key, Function<String, V> loader);

    /** Once the current transaction commits (at once without one): drops {@code key} here and on every instance. */
    void invalidateAfterCommit(String key);

    /**
     * Like {@link #invalidateAfterCommit(String)}, then runs {@code then} on this instance, after the
     * key is dropped here (say, to fire a local event whose observers must not see the old value).
     */
    void invalidateAfterCommit(String key, Runnable then);

    /** Once the current transaction commits: drops every entry here and on every instance. */
    void invalidateAllAfterCommit();

    /** Like {@link #invalidateAllAfterCommit()}, then runs {@code then} on this instance. */
    void invalidateAllAfterCommit(Runnable then);

    /**
     * Drops every entry on this instance only, at once: for a change every instance learns of by
     * itself, such as another cache's invalidation (see {@link #onInvalidated}).
     */
    void clearHere();

    /**
     * Calls {@code listener} on this instance whenever a change drops entries, made here or on
     * another instance: with the key, or {@code "*"} when everything was dropped. Not called for
     * expiry or size eviction, nor for {@link #clearHere()}.
     */
    void onInvalidated(Consumer<String> listener);
}
