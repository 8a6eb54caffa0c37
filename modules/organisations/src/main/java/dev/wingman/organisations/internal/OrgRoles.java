package dev.wingman.organisations.internal;

import dev.wingman.organisations.api.OrganisationPermissions;
import dev.wingman.organisations.api.OrganisationRoleDefaults;

import java.util.Set;

/**
 * The built-in organisation roles, by rank. Owners may do everything; admins run the organisation
 * but cannot touch owners or make admins; members see it. A member may additionally hold one
 * custom role with permissions of its own. What admins and members hold is assembled from every
 * module's {@link OrganisationRoleDefaults} by {@link BuiltInRoles}.
 */
final class OrgRoles {
    static final String OWNER = OrganisationRoleDefaults.OWNER;
    static final String ADMIN = OrganisationRoleDefaults.ADMIN;
    static final String MEMBER = OrganisationRoleDefaults.MEMBER;

    /** The panel administrator's permission to act in every organisation as its owner. */
    static final String ADMINISTER = OrganisationPermissions.ADMINISTER;
    static final String READ = OrganisationPermissions.READ;
    static final String UPDATE = OrganisationPermissions.UPDATE;
    static final String DELETE = OrganisationPermissions.DELETE;
    static final String MANAGE_MEMBERS = OrganisationPermissions.MANAGE_MEMBERS;
    static final String MANAGE_INVITES = OrganisationPermissions.MANAGE_INVITES;
    static final String MANAGE_ROLES = OrganisationPermissions.MANAGE_ROLES;
    static final String READ_ACTIVITY = OrganisationPermissions.READ_ACTIVITY;

    private static final Set<String> BUILT_IN = Set.of(OWNER, ADMIN, MEMBER);

    private OrgRoles() {
    }

    static boolean isBuiltIn(String role) {
        return BUILT_IN.contains(role);
    }

    static int rank(String role) {
        return switch (role) {
            case OWNER -> 3;
            case ADMIN -> 2;
            default -> 1;
        };
    }
}
