package dev.wingman.organisations.internal;

import dev.wingman.platform.api.ModuleContributions;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** The organisations module's flag and endpoint group. */
@ApplicationScoped
public class OrganisationsContributions implements ModuleContributions {

    @Override
    public List<String> featureFlags() {
        return List.of("dns");
    }

    @Override
    public List<ApiTag> openApiTags() {
        return List.of(
                new ApiTag("Organisations", "Manage multi-tenant workspaces, members, roles, and DNS zones"));
    }
}
