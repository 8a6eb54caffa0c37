package dev.wingman.platform.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PendingPublishesTest {

    @Test
    void whatCouldNotBeSentIsSentLaterInOrder() {
        PendingPublishes pending = new PendingPublishes(10);
        pending.add("sessions", "s1");
        pending.add("apikeys", "k1");
        assertEquals(0, pending.flush((topic, body) -> {
            throw new IllegalStateException("Redis is down");
        }));
        assertEquals(2, pending.size(), "nothing is lost while Redis is away");

        List<String> sent = new ArrayList<>();
        pending.add("sessions", "s2");
        assertEquals(3, pending.flush((topic, body) -> sent.add(topic + ":" + body)));
        assertEquals(List.of("sessions:s1", "apikeys:k1", "sessions:s2"), sent);
        assertEquals(0, pending.size());
    }

    @Test
    void aFailureMidwayKeepsTheRestFirstInLine() {
        PendingPublishes pending = new PendingPublishes(10);
        pending.add("t", "a");
        pending.add("t", "b");
        List<String> sent = new ArrayList<>();
        assertEquals(1, pending.flush((topic, body) -> {
            if (body.equals("b")) {
                throw new IllegalStateException("connection dropped");
            }
            sent.add(body);
        }));
        assertEquals(1, pending.size());
        pending.flush((topic, body) -> sent.add(body));
        assertEquals(List.of("a", "b"), sent);
    }

    @Test
    void aFullQueueDropsTheOldest() {
        PendingPublishes pending = new PendingPublishes(2);
        pending.add("t", "1");
        pending.add("t", "2");
        pending.add("t", "3");
        List<String> sent = new ArrayList<>();
        pending.flush((topic, body) -> sent.add(body));
        assertEquals(List.of("2", "3"), sent);
    }
}
