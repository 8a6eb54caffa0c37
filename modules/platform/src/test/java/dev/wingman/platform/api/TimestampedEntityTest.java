package dev.wingman.platform.api;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimestampedEntityTest {
    static class Thing extends TimestampedEntity {
    }

    @Test
    void insertAssignsWhatIsMissingAndKeepsWhatWasSet() {
        Thing fresh = new Thing();
        fresh.beforeInsert();
        assertNotNull(fresh.id);
        assertNotNull(fresh.createdAt);
        assertEquals(fresh.createdAt, fresh.updatedAt);

        Thing preset = new Thing();
        preset.id = "given";
        preset.createdAt = Instant.parse("2024-01-01T00:00:00Z");
        preset.beforeInsert();
        assertEquals("given", preset.id);
        assertEquals(Instant.parse("2024-01-01T00:00:00Z"), preset.createdAt);
        assertEquals(preset.createdAt, preset.updatedAt);

        preset.beforeUpdate();
        assertTrue(preset.updatedAt.isAfter(preset.createdAt));
    }

    @Test
    void anUpdateKeepsATimeTheEntitySetItselfAndStampsOneItDidNot() {
        Thing stored = new Thing();
        stored.beforeInsert();
        stored.afterReadOrWrite();
        Instant moved = Instant.parse("2030-01-01T00:00:00Z");
        stored.updatedAt = moved;
        stored.beforeUpdate();
        assertEquals(moved, stored.updatedAt, "a state move's own time is kept");

        stored.afterReadOrWrite();
        stored.beforeUpdate();
        assertTrue(stored.updatedAt.isBefore(moved), "an untouched time becomes now");
    }
}
