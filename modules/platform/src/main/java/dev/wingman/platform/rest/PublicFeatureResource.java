package dev.wingman.platform.rest;

import dev.wingman.platform.api.FeatureFlags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;

@Path("/api/public/features")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Public")
public class PublicFeatureResource {
    @Inject
    FeatureFlags flags;

    @GET
    @Operation(summary = "Feature flags", description = "Every feature flag and whether it is on; no authentication.")
    public Map<String, Boolean> features() {
        return flags.all();
    }
}
