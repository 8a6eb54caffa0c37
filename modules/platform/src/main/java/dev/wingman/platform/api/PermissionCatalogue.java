package dev.wingman.platform.api;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every permission, API-key scope, resource key and audit action the panel knows, as the modules
 * declared them ({@link PermissionContributor}). Annotations naming an undeclared permission stop
 * start-up; grants (roles, organisation roles, API keys) naming one are refused with a 400.
 */
public interface PermissionCatalogue {

    /** Where a permission string is held, which decides where it may be granted. */
    enum Context {
        /** Held through the account's global roles ({@code nodes:create}). */
        PANEL,
        /** Held through an organisation role, inside that organisation only ({@code dns:manage}). */
        ORGANISATION,
        /** An account self-management scope, given only to API keys ({@code account:ssh-keys}, see {@link Scopes}). */
        ACCOUNT,
        /** A key held on one resource ({@code control.start} on a server), also given to API keys to narrow them. */
        RESOURCE
    }

    /** One declared permission: its string, a one-line description, the module that owns it and where it is held. */
    record Permission(String name, String description, String module, Set<Context> contexts) {
        public Permission {
            contexts = Set.copyOf(contexts);
        }
    }

    /**
     * One declared audit action, named {@code resource.action} (more dotted segments allowed,
     * e.g. {@code server.power.start}); {@code trail} is where it is written: {@code panel} (the
     * admin trail), {@code organisation} (an organisation's activity log) or {@code server} (a
     * server's activity log).
     */
    record AuditAction(String name, String description, String module, String trail) {
    }

    List<Permission> permissions();

    List<AuditAction> auditActions();

    /**
     * Whether {@code grant} names something declared in one of {@code contexts}: {@code *}, a
     * declared string, or a wildcard ({@code servers:*}, {@code control.*}) covering at least one.
     */
    boolean declares(String grant, Set<Context> contexts);

    /**
     * The grants, each {@link #declares declared} in one of {@code contexts}; otherwise a 400
     * naming {@code field} and the first unknown one.
     */
    default Set<String> requireDeclared(Collection<String> grants, String field, Set<Context> contexts) {
        Set<String> out = new LinkedHashSet<>();
        for (String grant : grants) {
            if (!declares(grant, contexts)) {
                throw ApiException.invalidField(field, "'" + grant + "' is not a known permission (GET /api/admin/permissions "
                        + "lists them)");
            }
            out.add(grant);
        }
        return out;
    }
}
