package dev.wingman.servers.internal.backups;

import dev.wingman.platform.api.ApiException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A backup while its node deletes the archive: nothing else takes it, and an undone delete leaves it as it was. */
class BackupDeletingTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private static Backup reported(boolean successful) {
        Backup backup = Backup.requested("server", "node", "b", List.of(), false, null);
        backup.reported(successful, successful ? "sha1:00" : null, successful ? 1 : 0, NOW);
        return backup;
    }

    @Test
    void theTableAllowsDeletingFromSucceededAndFailedAndBackToEither() {
        for (BackupState s : BackupState.values()) {
            assertEquals(s == BackupState.SUCCEEDED || s == BackupState.FAILED, s.canMoveTo(BackupState.DELETING), s + " → deleting");
        }
        assertTrue(BackupState.DELETING.canMoveTo(BackupState.SUCCEEDED));
        assertTrue(BackupState.DELETING.canMoveTo(BackupState.FAILED));
        assertFalse(BackupState.DELETING.canMoveTo(BackupState.RESTORING));
        assertEquals(BackupState.DELETING, new BackupState.Column().convertToEntityAttribute("deleting"));
    }

    @Test
    void aDeletingBackupIsNeitherRestoredDownloadedDeletedAgainNorRotated() {
        Backup backup = reported(true);
        assertTrue(backup.rotatable());
        backup.deleting(NOW);
        assertEquals(BackupState.DELETING, backup.state());
        assertTrue(backup.archiveMade(), "shown as made until it is gone");
        assertFalse(backup.rotatable());
        assertEquals(409, assertThrows(ApiException.class, () -> backup.restoring(NOW)).status());
        assertEquals(409, assertThrows(ApiException.class, backup::requireDownloadable).status());
        assertEquals(409, assertThrows(ApiException.class, () -> backup.deleting(NOW)).status());
        assertTrue(backup.deleteUndone(NOW));
        assertEquals(BackupState.SUCCEEDED, backup.state());
        assertFalse(backup.deleteUndone(NOW), "only a deleting backup");
        backup.restoring(NOW);
        assertEquals(409, assertThrows(ApiException.class, () -> backup.deleting(NOW)).status(), "not while restoring");
    }

    @Test
    void anUndoneDeleteOfAFailedBackupLeavesItFailed() {
        Backup backup = reported(false);
        backup.deleting(NOW);
        assertFalse(backup.archiveMade());
        assertTrue(backup.deleteUndone(NOW));
        assertEquals(BackupState.FAILED, backup.state());
        Backup locked = Backup.requested("server", "node", "b", List.of(), true, null);
        locked.reported(true, "sha1:00", 1, NOW);
        assertEquals(409, assertThrows(ApiException.class, () -> locked.deleting(NOW)).status(), "locked");
        assertFalse(locked.rotatable());
    }
}
