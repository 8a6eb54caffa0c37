package dev.wingman.servers.internal.transfers;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransferStateTransitionsTest {
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void transferStatesKeepTodaysStrings() {
        TransferState.Column column = new TransferState.Column();
        for (TransferState s : TransferState.values()) {
            assertEquals(s.name().toLowerCase(), column.convertToDatabaseColumn(s));
            assertEquals(s, column.convertToEntityAttribute(s.stored()));
        }
        assertEquals(EnumSet.of(TransferState.PENDING, TransferState.ARCHIVING), ServerTransfer.ACTIVE);
    }

    @Test
    void transferStateTable() {
        assertEquals(EnumSet.of(TransferState.ARCHIVING, TransferState.COMPLETED, TransferState.FAILED, TransferState.CANCELLED),
                TransferState.PENDING.next());
        assertEquals(EnumSet.of(TransferState.COMPLETED, TransferState.FAILED, TransferState.CANCELLED), TransferState.ARCHIVING.next());
        for (TransferState end : EnumSet.of(TransferState.COMPLETED, TransferState.FAILED, TransferState.CANCELLED)) {
            assertTrue(end.next().isEmpty(), end + " is final");
            assertFalse(end.active());
        }
    }

    @Test
    void transferMovesOnlyForward() {
        ServerTransfer transfer = new ServerTransfer();
        transfer.requested();
        assertTrue(transfer.pending());
        assertThrows(IllegalStateException.class, transfer::requested);
        assertThrows(IllegalStateException.class, () -> transfer.ended(TransferState.PENDING, null, NOW));
        transfer.archiving(NOW);
        assertEquals(TransferState.ARCHIVING, transfer.state);
        assertEquals(NOW, transfer.updatedAt);
        assertThrows(IllegalStateException.class, () -> transfer.archiving(NOW));
        transfer.ended(TransferState.COMPLETED, "done", NOW);
        assertEquals(NOW, transfer.finishedAt);
        assertEquals("done", transfer.reason);
        assertFalse(transfer.active());
        assertThrows(IllegalStateException.class, () -> transfer.ended(TransferState.FAILED, null, NOW));
        assertEquals(TransferState.COMPLETED, transfer.state);
    }
}
