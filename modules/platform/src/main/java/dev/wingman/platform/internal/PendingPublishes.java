package dev.wingman.platform.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.BiConsumer;
import java.util.logging.Logger;

/**
 * Invalidations that could not be published yet. A revocation committed while this instance's
 * Redis connection was down would otherwise never reach the other instances, whose pub/sub is up
 * and whose caches stay trusted: they would serve the revoked session or key until its cache
 * lifetime ran out. Kept in order, bounded; when full the oldest is dropped and a warning logged.
 */
final class PendingPublishes {
    private static final Logger LOG = Logger.getLogger(PendingPublishes.class.getName());

    private record Message(String topic, String body) {
    }

    private final Deque<Message> queue = new ArrayDeque<>();
    private final int capacity;

    PendingPublishes(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(String topic, String body) {
        if (queue.size() >= capacity) {
            Message dropped = queue.removeFirst();
            LOG.warning("Too many invalidations waiting for Redis; dropped one on " + dropped.topic()
                    + " (its cache entries expire by their lifetime)");
        }
        queue.addLast(new Message(topic, body));
    }

    synchronized int size() {
        return queue.size();
    }

    /**
     * Sends what waits, oldest first, until one fails (it stays first in line); answers how many
     * were sent.
     */
    synchronized int flush(BiConsumer<String, String> publisher) {
        int sent = 0;
        while (!queue.isEmpty()) {
            Message next = queue.peekFirst();
            try {
                publisher.accept(next.topic(), next.body());
            } catch (RuntimeException e) {
                return sent;
            }
            queue.removeFirst();
            sent++;
        }
        return sent;
    }
}
