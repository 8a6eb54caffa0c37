package dev.wingman.platform.api;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * A module's contribution to the {@link PermissionCatalogue}: the permissions it checks and the
 * audit actions it records. Each module implements it as one CDI bean beside the permission and
 * audit-action constants its code uses, kept in its {@code api} package (nodes' {@code NodePermissions},
 * auth's {@code AuthPermissions}); a permission belongs to exactly one module.
 */
public interface PermissionContributor {

    Contribution contribution();

    /** What one module declares. */
    record Contribution(String module, List<PermissionCatalogue.Permission> permissions,
                        List<PermissionCatalogue.AuditAction> auditActions) {
        public Contribution {
            permissions = List.copyOf(permissions);
            auditActions = List.copyOf(auditActions);
        }

        public static Builder of(String module) {
            return new Builder(module);
        }
    }

    final class Builder {
        private final String module;
        private final List<PermissionCatalogue.Permission> permissions = new ArrayList<>();
        private final List<PermissionCatalogue.AuditAction> actions = new ArrayList<>();

        private Builder(String module) {
            this.module = module;
        }

        /** A permission held in the given contexts (at least one). */
        public Builder permission(String name, String description, PermissionCatalogue.Context context,
                                  PermissionCatalogue.Context... more) {
            permissions.add(new PermissionCatalogue.Permission(name, description, module, EnumSet.of(context, more)));
            return this;
        }

        /** An audit action written to {@code trail} ({@code panel}, {@code organisation}, {@code server}). */
        public Builder audit(String trail, String name, String description) {
            actions.add(new PermissionCatalogue.AuditAction(name, description, module, trail));
            return this;
        }

        public Contribution build() {
            return new Contribution(module, permissions, actions);
        }
    }
}
