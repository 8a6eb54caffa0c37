package dev.wingman.platform.api;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PermissionsTest {

    @Test
    void exactAndWildcardGrants() {
        assertTrue(Permissions.grants("nodes:create", "nodes:create"));
        assertTrue(Permissions.grants("nodes:*", "nodes:create"));
        assertTrue(Permissions.grants("*", "admin:users:read"));
        assertTrue(Permissions.grants("admin:*", "admin:users:read"));
        assertFalse(Permissions.grants("nodes:create", "nodes:delete"));
        assertFalse(Permissions.grants("nodes:create", "nodes:create:extra"));
        assertFalse(Permissions.grants("nodes", "nodes:create"));
        assertFalse(Permissions.grants("servers:*", "nodes:create"));
    }

    @Test
    void aWildcardRequestNeedsAnEqualOrBroaderGrant() {
        assertTrue(Permissions.grants("nodes:*", "nodes:*"));
        assertTrue(Permissions.grants("*", "nodes:*"));
        assertFalse(Permissions.grants("nodes:create", "nodes:*"));
        assertFalse(Permissions.grants("nodes:*", "*"));
    }

    @Test
    void validation() {
        assertTrue(Permissions.isValid("*"));
        assertTrue(Permissions.isValid("nodes:create"));
        assertTrue(Permissions.isValid("nodes:*"));
        assertTrue(Permissions.isValid("admin:users:read"));
        assertFalse(Permissions.isValid("nodes"));
        assertFalse(Permissions.isValid("nodes:"));
        assertFalse(Permissions.isValid("*:create"));
        assertFalse(Permissions.isValid("Nodes:Create"));
        assertFalse(Permissions.isValid(null));
    }

    @Test
    void apiKeyScopeLimitsTheAccount() {
        Caller caller = new Caller("u", "e", "free", null, "k", Set.of("nodes:*"), Set.of("nodes:read"));
        assertTrue(caller.has("nodes:read"));
        assertFalse(caller.has("nodes:create"));
        Caller escalating = new Caller("u", "e", "free", null, "k", Set.of("nodes:read"), Set.of("*"));
        assertFalse(escalating.has("nodes:create"));
    }

    @Test
    void pageRequestValidatesAndComputesOffsets() {
        PageRequest page = PageRequest.of(3, 10, "-createdAt", Set.of("createdAt"), "createdAt");
        assertTrue(page.descending());
        assertTrue(page.offset() == 20);
        assertThrowsStatus(400, () -> PageRequest.of(0, 10, null, Set.of("createdAt"), "createdAt"));
        assertThrowsStatus(400, () -> PageRequest.of(1, 101, null, Set.of("createdAt"), "createdAt"));
        assertThrowsStatus(400, () -> PageRequest.of(1, 10, "password", Set.of("createdAt"), "createdAt"));
    }

    private static void assertThrowsStatus(int status, Runnable action) {
        try {
            action.run();
        } catch (ApiException e) {
            assertTrue(e.status() == status, "status " + e.status());
            return;
        }
        throw new AssertionError("expected ApiException " + status);
    }
}
