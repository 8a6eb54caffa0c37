package dev.wingman.auth.rest;

import dev.wingman.auth.api.AuthPermissions;
import dev.wingman.platform.api.PermissionCatalogue;
import dev.wingman.platform.api.RequiresPermission;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Locale;

/** The permission catalogue, for frontends that edit roles and API keys or filter the audit trail. */
@Path("/api/admin/permissions")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Admin")
public class AdminPermissionResource {
    @Inject
    PermissionCatalogue catalogue;

    /**
     * @param contexts where it may be granted: panel (global roles), organisation (organisation
     *                 roles), account (API-key account scopes), resource (keys held on one server)
     */
    public record PermissionView(String name, String description, String module, List<String> contexts) {
    }

    /** @param trail panel (the admin trail), organisation (an activity log) or server (a server's activity log) */
    public record AuditActionView(String name, String description, String module, String trail) {
    }

    public record CatalogueView(List<PermissionView> permissions, List<AuditActionView> auditActions) {
    }

    @GET
    @RequiresPermission(AuthPermissions.ROLES_READ)
    @Operation(summary = "Permission catalogue", description = "Every permission the modules declare (name, description, "
            + "module, contexts: panel for global roles, organisation for organisation roles, account for API-key account "
            + "scopes, resource for server keys) and every audit action (name, description, module, trail: panel, "
            + "organisation or server), sorted by name. Grants may also use * and wildcards over these (servers:*, control.*).")
    public CatalogueView list() {
        List<PermissionView> permissions = catalogue.permissions().stream()
                .map(p -> new PermissionView(p.name(), p.description(), p.module(), p.contexts().stream().sorted()
                        .map(c -> c.name().toLowerCase(Locale.ROOT)).toList()))
                .toList();
        List<AuditActionView> actions = catalogue.auditActions().stream()
                .map(a -> new AuditActionView(a.name(), a.description(), a.module(), a.trail()))
                .toList();
        return new CatalogueView(permissions, actions);
    }
}
