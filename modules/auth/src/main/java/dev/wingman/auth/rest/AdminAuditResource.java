package dev.wingman.auth.rest;

import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.AuditTrail;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
import dev.wingman.platform.api.RequiresPermission;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

@Path("/api/admin/audit")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Admin")
public class AdminAuditResource {
    @Inject
    AuditTrail audit;

    @GET
    @RequiresPermission("audit:read")
    @Operation(summary = "Audit log", description = "Every admin mutation: who, what, target, when, from which IP. "
            + "Filters: actorId, action, targetType, targetId, from and to (ISO-8601). Newest first unless ?sort=createdAt.")
    public Page<AuditTrail.Entry> list(@QueryParam("actorId") String actorId, @QueryParam("action") String action,
                                       @QueryParam("targetType") String targetType, @QueryParam("targetId") String targetId,
                                       @QueryParam("from") String from, @QueryParam("to") String to,
                                       @QueryParam("page") Integer page, @QueryParam("perPage") Integer perPage,
                                       @QueryParam("sort") String sort) {
        return audit.search(new AuditTrail.Filter(actorId, action, targetType, targetId, instant(from, "from"), instant(to, "to")),
                PageRequest.of(page, perPage, sort, Set.of("createdAt"), "-createdAt"));
    }

    private static Instant instant(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalidField(field, "must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
        }
    }
}
