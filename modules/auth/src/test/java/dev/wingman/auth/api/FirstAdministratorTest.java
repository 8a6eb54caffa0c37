package dev.wingman.auth.api;

import dev.wingman.platform.api.StartupRefused;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which WINGMAN_ADMIN_* settings create the first administrator, and which stop start-up, naming the rule. */
class FirstAdministratorTest {
    private static final String GOOD = "correct horse 42";

    private static String refusal(String email, String password, String name) {
        return assertThrows(StartupRefused.class, () -> FirstAdministrator.requested(email, password, name)).getMessage();
    }

    @Test
    void nothingAskedNothingDone() {
        assertEquals(Optional.empty(), FirstAdministrator.requested(null, null, null));
        assertEquals(Optional.empty(), FirstAdministrator.requested("  ", "", null));
    }

    @Test
    void bothSetAskForThatAdministrator() {
        FirstAdministrator.Request request = FirstAdministrator.requested(" Admin@Example.com ", GOOD, null).orElseThrow();
        assertEquals("admin@example.com", request.email());
        assertEquals(GOOD, request.password());
        assertEquals("Administrator", request.name());
        assertEquals("Ops", FirstAdministrator.requested("admin@example.com", GOOD, " Ops ").orElseThrow().name());
    }

    @Test
    void onlyOneOfTheTwoIsRefused() {
        assertEquals("WINGMAN_ADMIN_EMAIL is set but WINGMAN_ADMIN_PASSWORD is not: set both to create the first "
                + "administrator, or neither", refusal("admin@example.com", null, null));
        assertEquals("WINGMAN_ADMIN_PASSWORD is set but WINGMAN_ADMIN_EMAIL is not: set both to create the first "
                + "administrator, or neither", refusal(null, GOOD, null));
        assertTrue(refusal("admin@example.com", "", null).startsWith("WINGMAN_ADMIN_EMAIL is set but WINGMAN_ADMIN_PASSWORD is not"));
    }

    @Test
    void aMalformedEmailIsRefused() {
        assertEquals("WINGMAN_ADMIN_EMAIL: must be an e-mail address (the first administrator cannot be created)",
                refusal("admin", GOOD, null));
    }

    @Test
    void aPasswordThePolicyRefusesIsRefused() {
        assertEquals("WINGMAN_ADMIN_PASSWORD: must be 10 to 256 characters long (the first administrator cannot be created)",
                refusal("admin@example.com", "short1", null));
        assertEquals("WINGMAN_ADMIN_PASSWORD: must contain a letter and a digit or symbol (the first administrator cannot be created)",
                refusal("admin@example.com", "onlyletterslong", null));
        assertEquals("WINGMAN_ADMIN_PASSWORD: must not contain your e-mail name (the first administrator cannot be created)",
                refusal("operator@example.com", "operator-2026!", null));
    }

    @Test
    void anOverlongNameIsRefused() {
        assertEquals("WINGMAN_ADMIN_NAME: must be at most 100 characters (the first administrator cannot be created)",
                refusal("admin@example.com", GOOD, "n".repeat(101)));
    }
}
