package dev.wingman.servers.internal;

import dev.wingman.platform.api.ModuleContributions;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** The servers module's endpoint groups. */
@ApplicationScoped
public class ServersContributions implements ModuleContributions {

    @Override
    public List<ApiTag> openApiTags() {
        return List.of(
                new ApiTag("Servers", "Create, power, transfer, reinstall, and monitor game servers"),
                new ApiTag("Wings remote API", "Called by Wings nodes with their node credentials (/api/remote)"));
    }
}
