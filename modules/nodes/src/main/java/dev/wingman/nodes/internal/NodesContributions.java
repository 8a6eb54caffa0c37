package dev.wingman.nodes.internal;

import dev.wingman.platform.api.ModuleContributions;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** The nodes module's endpoint group. */
@ApplicationScoped
public class NodesContributions implements ModuleContributions {

    @Override
    public List<ApiTag> openApiTags() {
        return List.of(
                new ApiTag("Nodes", "Register nodes, view heartbeats, and manage allocations"));
    }
}
