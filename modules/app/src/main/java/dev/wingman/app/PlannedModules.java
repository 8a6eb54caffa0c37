package dev.wingman.app;

import dev.wingman.platform.api.ModuleContributions;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Flags of capabilities whose modules do not exist yet, declared since seed 001 so that frontends
 * can already read and admins already set them. A module that arrives takes its flag from here
 * into its own ModuleContributions (and declares its OpenAPI tag there once it has operations). */
@ApplicationScoped
public class PlannedModules implements ModuleContributions {

    @Override
    public List<String> featureFlags() {
        return List.of("ai", "ticketing", "applications", "oauth", "tunnels");
    }
}
