package dev.wingman.auth.api;

/** The permissions and audit actions of the auth module, as its code names them. */
public final class AuthPermissions {
    public static final String ROLES_READ = "roles:read";
    public static final String ROLES_CREATE = "roles:create";
    public static final String ROLES_UPDATE = "roles:update";
    public static final String ROLES_DELETE = "roles:delete";
    public static final String ROLES_ASSIGN = "roles:assign";
    public static final String USERS_READ = "users:read";
    public static final String USERS_UPDATE = "users:update";
    public static final String AUDIT_READ = "audit:read";

    public static final String AUDIT_USER_UPDATE = "user.update";
    public static final String AUDIT_ROLE_CREATE = "role.create";
    public static final String AUDIT_ROLE_UPDATE = "role.update";
    public static final String AUDIT_ROLE_DELETE = "role.delete";
    public static final String AUDIT_ROLE_ASSIGN = "role.assign";
    public static final String AUDIT_ROLE_UNASSIGN = "role.unassign";
    public static final String AUDIT_SSH_KEY_ADD = "ssh-key.add";
    public static final String AUDIT_SSH_KEY_REMOVE = "ssh-key.remove";
    public static final String AUDIT_EMAIL_CHANGE = "account.email-changed";
    public static final String AUDIT_PASSWORD_CHANGE = "account.password-changed";
    public static final String AUDIT_API_KEY_CREATE = "api-key.create";
    public static final String AUDIT_API_KEY_DELETE = "api-key.delete";
    public static final String AUDIT_TWO_FACTOR_ENABLE = "two-factor.create";
    public static final String AUDIT_TWO_FACTOR_DISABLE = "two-factor.delete";

    private AuthPermissions() {
    }
}
