package dev.wingman.platform.rest;

import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.AuditTrail;
import dev.wingman.platform.api.FeatureFlags;
import dev.wingman.platform.api.PlatformPermissions;
import dev.wingman.platform.api.RequiresPermission;
import dev.wingman.platform.api.Validate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.LinkedHashMap;
import java.util.Map;

@Path("/api/admin/features")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Admin")
public class AdminFeatureResource {
    @Inject
    FeatureFlags flags;

    @Inject
    AuditTrail audit;

    @GET
    @RequiresPermission(PlatformPermissions.FEATURES_READ)
    @Operation(summary = "Feature flags", description = "Every feature flag and its current value.")
    public Map<String, Boolean> list() {
        return flags.all();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresPermission(PlatformPermissions.FEATURES_WRITE)
    @Transactional
    @Operation(summary = "Toggle feature flags",
            description = "Sets the named flags, e.g. {\"billing\": false}. Every instance applies the change within seconds.")
    public Map<String, Boolean> update(@RequestBody(description = "flag name to true/false") JsonObject body) {
        Validate.body(body);
        Map<String, Boolean> changes = new LinkedHashMap<>();
        body.forEach((name, value) -> {
            if (value.getValueType() != JsonValue.ValueType.TRUE && value.getValueType() != JsonValue.ValueType.FALSE) {
                throw ApiException.invalidField(name, "must be true or false");
            }
            changes.put(name, value.getValueType() == JsonValue.ValueType.TRUE);
        });
        Map<String, Boolean> before = new LinkedHashMap<>(flags.all());
        Map<String, Boolean> after = flags.update(changes);
        Map<String, Object> details = new LinkedHashMap<>();
        changes.forEach((name, value) -> details.put(name, Map.of("from", before.get(name), "to", value)));
        audit.record(PlatformPermissions.AUDIT_FEATURE_UPDATE, "feature", String.join(",", changes.keySet()), details);
        return after;
    }
}
