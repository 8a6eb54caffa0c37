package dev.wingman.servers.internal;

import dev.wingman.platform.api.ApiException;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateTransitionsTest {
    @Test
    void serverStatusesKeepTodaysStrings() {
        ServerStatus.Column column = new ServerStatus.Column();
        assertNull(column.convertToDatabaseColumn(ServerStatus.INSTALLED));
        assertEquals(ServerStatus.INSTALLED, column.convertToEntityAttribute(null));
        for (ServerStatus s : ServerStatus.values()) {
            assertEquals(s, column.convertToEntityAttribute(column.convertToDatabaseColumn(s)));
        }
        assertEquals("installing", ServerStatus.INSTALLING.stored());
        assertEquals("install_failed", ServerStatus.INSTALL_FAILED.stored());
        assertEquals("reinstall_failed", ServerStatus.REINSTALL_FAILED.stored());
        assertEquals("restoring_backup", ServerStatus.RESTORING_BACKUP.stored());
        assertThrows(IllegalArgumentException.class, () -> column.convertToEntityAttribute("bogus"));
    }

    @Test
    void serverStatusTable() {
        EnumSet<ServerStatus> reported = EnumSet.of(ServerStatus.INSTALLED, ServerStatus.INSTALL_FAILED, ServerStatus.REINSTALL_FAILED);
        for (ServerStatus s : ServerStatus.values()) {
            // Wings' install report is authoritative from every state.
            reported.forEach(r -> assertTrue(s.canMoveTo(r), s + " → " + r));
            // Not while installing, nor while a backup restore runs (a reinstall would run over it).
            assertEquals(s != ServerStatus.INSTALLING && s != ServerStatus.RESTORING_BACKUP, s.canMoveTo(ServerStatus.INSTALLING),
                    s + " → installing");
            assertEquals(s == ServerStatus.INSTALLED, s.canMoveTo(ServerStatus.RESTORING_BACKUP), s + " → restoring_backup");
        }
        assertEquals(ServerStatus.INSTALL_FAILED, ServerStatus.INSTALLING.afterNodeBoot());
        assertEquals(ServerStatus.INSTALLED, ServerStatus.RESTORING_BACKUP.afterNodeBoot());
        assertEquals(ServerStatus.REINSTALL_FAILED, ServerStatus.REINSTALL_FAILED.afterNodeBoot());
        assertEquals(ServerStatus.INSTALLED, ServerStatus.installOutcome(true, true));
        assertEquals(ServerStatus.REINSTALL_FAILED, ServerStatus.installOutcome(false, true));
        assertEquals(ServerStatus.INSTALL_FAILED, ServerStatus.installOutcome(false, false));
    }

    @Test
    void serverRefusesASecondInstall() {
        Server server = new Server();
        server.installStarted();
        assertTrue(server.installing());
        assertThrows(IllegalStateException.class, server::installStarted);
        ApiException refused = assertThrows(ApiException.class, server::reinstalling);
        assertEquals(409, refused.status());
        assertEquals("This server is already being installed.", refused.getMessage());

        server.installed(false, false);
        assertEquals(ServerStatus.INSTALL_FAILED, server.status());
        assertEquals(ServerStatus.INSTALL_FAILED, server.reinstalling());
        assertTrue(server.installing());
        server.installed(true, true);
        assertEquals(ServerStatus.INSTALLED, server.status());
        assertNull(server.status().stored());
    }

    @Test
    void serverRefusesAReinstallWhileRestoringABackup() {
        Server server = new Server();
        server.restoringBackup();
        ApiException refused = assertThrows(ApiException.class, server::reinstalling);
        assertEquals(409, refused.status());
        assertEquals(ServerStatus.RESTORING_BACKUP, server.status(), "unchanged");
        assertTrue(server.backupRestored());
        assertEquals(ServerStatus.INSTALLED, server.reinstalling());
        assertEquals(ServerStatus.INSTALLING, server.status());
    }
}
