package dev.wingman.auth.internal;

import dev.wingman.platform.api.ModuleContributions;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** The auth module's flag and endpoint groups. */
@ApplicationScoped
public class AuthContributions implements ModuleContributions {

    @Override
    public List<String> featureFlags() {
        return List.of("registration");
    }

    @Override
    public List<ApiTag> openApiTags() {
        return List.of(
                new ApiTag("Authentication", "Log in, manage sessions, set up 2FA, and create API keys"),
                new ApiTag("Pterodactyl client API", "Pterodactyl-compatible endpoints under /api/client for existing client libraries"));
    }
}
