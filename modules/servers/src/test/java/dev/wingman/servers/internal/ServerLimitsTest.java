package dev.wingman.servers.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerLimitsTest {
    private final ServerLimits limits = new ServerLimits(1024, 0, 4096, 500, 100);

    @Test
    void aPartialChangeKeepsWhatItDoesNotName() {
        assertEquals(new ServerLimits(2048, 0, 4096, 500, 50), limits.with(2048, null, null, null, 50));
        assertEquals(limits, limits.with(null, null, null, null, null));
    }

    @Test
    void onlyMoreMemoryOrDiskNeedsMoreRoomOnTheNode() {
        assertTrue(limits.with(1025, null, null, null, null).needMoreRoomThan(limits));
        assertTrue(limits.with(512, null, 8192, null, null).needMoreRoomThan(limits));
        assertFalse(limits.with(512, 4096, 1024, 1000, 400).needMoreRoomThan(limits));
        assertFalse(limits.needMoreRoomThan(limits));
    }

    @Test
    void theRoomIsWordedAsTheNoRoomAnswersSayIt() {
        assertEquals("1024 MiB memory and 4096 MiB disk", limits.room());
    }
}
