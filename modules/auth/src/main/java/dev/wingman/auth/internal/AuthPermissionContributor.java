package dev.wingman.auth.internal;

import dev.wingman.platform.api.PermissionContributor;
import jakarta.enterprise.context.ApplicationScoped;

import static dev.wingman.auth.api.AuthPermissions.*;
import static dev.wingman.platform.api.PermissionCatalogue.Context.PANEL;

@ApplicationScoped
public class AuthPermissionContributor implements PermissionContributor {
    @Override
    public Contribution contribution() {
        return Contribution.of("auth")
                .permission(ROLES_READ, "See roles and the permission catalogue", PANEL)
                .permission(ROLES_CREATE, "Create roles (only with permissions one holds)", PANEL)
                .permission(ROLES_UPDATE, "Change roles (only with permissions one holds)", PANEL)
                .permission(ROLES_DELETE, "Delete roles that are not built in", PANEL)
                .permission(ROLES_ASSIGN, "Give accounts roles and take them away", PANEL)
                .permission(USERS_READ, "List and look up accounts", PANEL)
                .permission(USERS_UPDATE, "Change accounts: name, tier, suspension", PANEL)
                .permission(AUDIT_READ, "Read the panel's admin audit trail", PANEL)
                .audit("panel", AUDIT_USER_UPDATE, "An administrator changed an account")
                .audit("panel", AUDIT_ROLE_CREATE, "A role was created")
                .audit("panel", AUDIT_ROLE_UPDATE, "A role was changed")
                .audit("panel", AUDIT_ROLE_DELETE, "A role was deleted")
                .audit("panel", AUDIT_ROLE_ASSIGN, "An account was given a role")
                .audit("panel", AUDIT_ROLE_UNASSIGN, "A role was taken from an account")
                .audit("panel", AUDIT_SSH_KEY_ADD, "An SSH key was added to an account")
                .audit("panel", AUDIT_SSH_KEY_REMOVE, "An SSH key was removed from an account")
                .audit("panel", AUDIT_EMAIL_CHANGE, "An account moved to another e-mail address")
                .audit("panel", AUDIT_PASSWORD_CHANGE, "An account's password was changed")
                .audit("panel", AUDIT_API_KEY_CREATE, "An API key was created for an account")
                .audit("panel", AUDIT_API_KEY_DELETE, "An API key of an account was revoked")
                .audit("panel", AUDIT_TWO_FACTOR_ENABLE, "An account turned on two-factor authentication")
                .audit("panel", AUDIT_TWO_FACTOR_DISABLE, "An account turned off two-factor authentication")
                .build();
    }
}
