package dev.wingman.platform.internal;

import dev.wingman.platform.api.ModuleContributions;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** The platform's endpoint groups: panel administration and what anyone may read. */
@ApplicationScoped
public class PlatformContributions implements ModuleContributions {

    @Override
    public List<ApiTag> openApiTags() {
        return List.of(
                new ApiTag("Admin", "Panel-wide administration, user management, and audit logs"),
                new ApiTag("Public", "Unauthenticated panel information"));
    }
}
