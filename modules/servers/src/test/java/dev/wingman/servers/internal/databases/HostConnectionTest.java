package dev.wingman.servers.internal.databases;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Nothing but checked names, host patterns and passwords is ever quoted into a statement. */
class HostConnectionTest {
    @Test
    void namesAndLiteralsAreQuotedOnlyWhenTheyMatchTheirPattern() {
        assertEquals("`s12_world-1`", HostConnection.identifier("s12_world-1"));
        assertEquals("'u12_abc'", HostConnection.literal("u12_abc", HostConnection.USERNAME));
        assertEquals("'10.0.0.%'", HostConnection.literal("10.0.0.%", HostConnection.REMOTE));
        for (String name : List.of("", "a`b", "a'b", "a b", "a\\b", "a;b", "a.b", "x".repeat(65), "caf\u00e9", "a\u0000b")) {
            assertThrows(IllegalArgumentException.class, () -> HostConnection.identifier(name), name);
        }
        assertThrows(IllegalArgumentException.class, () -> HostConnection.identifier(null));
        for (String remote : List.of("", "%' OR '1'='1", "a\\", "a b", "h\"", "x".repeat(254))) {
            assertThrows(IllegalArgumentException.class, () -> HostConnection.literal(remote, HostConnection.REMOTE), remote);
        }
        for (String password : List.of("short", "has'quote-and-long-enough", "with space but long enough")) {
            assertThrows(IllegalArgumentException.class, () -> HostConnection.literal(password, HostConnection.PASSWORD), password);
        }
    }

    @Test
    void theClientApiRulesAreNoWiderThanWhatMayBeQuoted() {
        for (String accepted : List.of("a", "world_1", "my-db", "x".repeat(48))) {
            assertTrue(ServerDatabases.NAME.matcher(accepted).matches(), accepted);
            HostConnection.identifier("s123456_" + accepted.substring(0, Math.min(accepted.length(), 40)));
        }
        for (String remote : List.of("%", "127.0.0.1", "10.0.0.%", "db.example.com", "::1", "10.0.0.0/255.255.255.0")) {
            assertTrue(ServerDatabases.REMOTE.matcher(remote).matches(), remote);
            HostConnection.literal(remote, HostConnection.REMOTE);
        }
    }
}
