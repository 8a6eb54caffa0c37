package dev.wingman.servers.internal.databases;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test
    void theGrantEscapesTheWildcardsOfADatabaseName() {
        // Unescaped, MySQL's pattern s10_1_data would also match s1001_data, another server's database.
        assertEquals("GRANT ALL PRIVILEGES ON `s10\\_1\\_data`.* TO 'u10_abc'@'%'",
                HostConnection.grant("s10_1_data", "'u10_abc'@'%'"));
        assertEquals("GRANT ALL PRIVILEGES ON `s7-world`.* TO 'u7_x'@'%'", HostConnection.grant("s7-world", "'u7_x'@'%'"));
        assertThrows(IllegalArgumentException.class, () -> HostConnection.grant("s7%", "'u7_x'@'%'"));
        assertThrows(IllegalArgumentException.class, () -> HostConnection.grant("a`b", "'u7_x'@'%'"));
        // CREATE and DROP DATABASE take the name as it is.
        assertEquals("`s10_1_data`", HostConnection.identifier("s10_1_data"));
    }

    @Test
    void hostErrorsNeverCarryAPassword() {
        String password = "Kq3m9ZpX2vLr8TnB4wYc6HdA";
        String syntax = "(conn=12) You have an error in your SQL syntax; check the manual near 'IDENTIFIED BY '" + password
                + "' WITH MAX_USER_CONNECTIONS x' at line 1";
        String redacted = HostConnection.redact(syntax, List.of(password));
        assertFalse(redacted.contains(password), redacted);
        assertTrue(redacted.contains("IDENTIFIED BY '***'"), redacted);
        assertTrue(redacted.startsWith("(conn=12) You have an error in your SQL syntax"), "the rest is kept: " + redacted);

        assertEquals("near 'IDENTIFIED BY '***", HostConnection.redact("near 'IDENTIFIED BY 'Kq3m9Zp", List.of()),
                "a password the driver cut short, not among the known ones");
        assertEquals("Operation CREATE USER failed, ALTER USER u identified by password \"***\" too",
                HostConnection.redact("Operation CREATE USER failed, ALTER USER u identified by password \"Secret12\" too",
                        List.of()));
        assertEquals("password *** appears bare", HostConnection.redact("password " + password + " appears bare",
                List.of(password)));
        assertEquals("Access denied for user 'root'@'localhost' (using password: YES)",
                HostConnection.redact("Access denied for user 'root'@'localhost' (using password: YES)", java.util.Arrays.asList(
                        "", null)), "nothing else changes; empty and absent passwords are not replaced");
    }
}
