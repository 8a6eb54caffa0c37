package dev.wingman.platform.api;

import java.util.function.Consumer;

/**
 * Tells every instance that cached state changed (Redis pub/sub). Publishing never throws. While
 * Redis is unreachable {@link #connected()} is false, and messages sent meanwhile are lost, so the
 * {@link #epoch()} changes on every loss or return of the connection: a cache keeps an entry only
 * while the bus is connected and the epoch is the one it was loaded in (see {@link SharedCache}).
 * Modules cache through {@link SharedCaches}, which owns this protocol; the bus itself is for
 * broadcasts that are not caches.
 */
public interface InvalidationBus {

    void publish(String topic, String message);

    void subscribe(String topic, Consumer<String> listener);

    /** Whether this instance currently receives invalidations. */
    boolean connected();

    /** Changes whenever the connection is lost or regained. */
    long epoch();
}
