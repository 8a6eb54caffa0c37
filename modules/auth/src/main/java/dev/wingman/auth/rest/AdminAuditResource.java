package dev.wingman.auth.rest;

import dev.wingman.auth.api.AuthPermissions;
import dev.wingman.platform.api.AuditTrail;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
import dev.wingman.platform.api.RequiresPermission;
import dev.wingman.platform.api.Validate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;


@Path("/api/admin/audit")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Admin")
public class AdminAuditResource {
    @Inject
    AuditTrail audit;

    @GET
    @RequiresPermission(AuthPermissions.AUDIT_READ)
    @Operation(summary = "Audit log", description = "Every admin mutation: who, what, target, when, from which IP. "
            + "Filters: actorId, action, targetType, targetId, from and to (ISO-8601). Newest first; ?sort=createdAt, action, -action.")
    public Page<AuditTrail.Entry> list(@QueryParam("actorId") String actorId, @QueryParam("action") String action,
                                       @QueryParam("targetType") String targetType, @QueryParam("targetId") String targetId,
                                       @QueryParam("from") String from, @QueryParam("to") String to,
                                       @QueryParam("page") Integer page, @QueryParam("perPage") Integer perPage,
                                       @QueryParam("sort") String sort) {
        return audit.search(AuditTrail.Scope.PANEL,
                new AuditTrail.Filter(actorId, action, targetType, targetId, Validate.optionalInstant(from, "from"), Validate.optionalInstant(to, "to")),
                PageRequest.of(page, perPage, sort, AuditTrail.SORTABLE, "-createdAt"));
    }
}
