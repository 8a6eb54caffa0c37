package dev.wingman.organisations.internal;

import java.util.Map;
import java.util.Set;

/**
 * The built-in organisation roles, by rank. Owners may do everything; admins run the organisation
 * but cannot touch owners or make admins; members see it. A member may additionally hold one
 * custom role with permissions of its own.
 */
final class OrgRoles {
    static final String OWNER = "owner";
    static final String ADMIN = "admin";
    static final String MEMBER = "member";

    /** The panel administrator's permission to act in every organisation as its owner. */
    static final String ADMINISTER = "organisations:*";
    static final String READ = "organisations:read";
    static final String UPDATE = "organisations:update";
    static final String DELETE = "organisations:delete";
    static final String MANAGE_MEMBERS = "organisations:members:manage";
    static final String MANAGE_INVITES = "organisations:invites:manage";
    static final String MANAGE_ROLES = "organisations:roles:manage";
    static final String READ_ACTIVITY = "organisations:activity:read";

    private static final Map<String, Set<String>> PERMISSIONS = Map.of(
            OWNER, Set.of("*"),
            ADMIN, Set.of(READ, UPDATE, "organisations:members:*", "organisations:invites:*", "organisations:roles:*",
                    READ_ACTIVITY, "servers:*", "dns:*", "nodes:read", "nodes:read-creds"),
            MEMBER, Set.of(READ, READ_ACTIVITY, "dns:read", "nodes:read"));

    private OrgRoles() {
    }

    static boolean isBuiltIn(String role) {
        return PERMISSIONS.containsKey(role);
    }

    static Set<String> permissions(String role) {
        return PERMISSIONS.getOrDefault(role, Set.of());
    }

    static int rank(String role) {
        return switch (role) {
            case OWNER -> 3;
            case ADMIN -> 2;
            default -> 1;
        };
    }
}
