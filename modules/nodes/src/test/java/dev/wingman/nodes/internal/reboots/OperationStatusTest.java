package dev.wingman.nodes.internal.reboots;

import dev.wingman.platform.api.StoredEnum;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OperationStatusTest {
    @Test
    void aRunningOperationEndsOnceAndStaysEnded() {
        assertTrue(OperationStatus.RUNNING.canMoveTo(OperationStatus.COMPLETED));
        assertTrue(OperationStatus.RUNNING.canMoveTo(OperationStatus.FAILED));
        assertFalse(OperationStatus.RUNNING.canMoveTo(OperationStatus.RUNNING));
        for (OperationStatus ended : new OperationStatus[] {OperationStatus.COMPLETED, OperationStatus.FAILED}) {
            for (OperationStatus any : OperationStatus.values()) {
                assertFalse(ended.canMoveTo(any), ended + " -> " + any);
            }
        }
    }

    @Test
    void storedAsTodaysStrings() {
        OperationStatus.Column column = new OperationStatus.Column();
        assertEquals("running", column.convertToDatabaseColumn(OperationStatus.RUNNING));
        assertEquals(OperationStatus.FAILED, column.convertToEntityAttribute("failed"));
        assertNull(column.convertToEntityAttribute(null));
        assertThrows(IllegalArgumentException.class, () -> StoredEnum.of(OperationStatus.class, "paused"));
    }
}
