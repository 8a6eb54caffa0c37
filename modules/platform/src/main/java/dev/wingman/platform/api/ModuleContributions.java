package dev.wingman.platform.api;

import java.util.List;

/**
 * What a module adds to the panel-wide lists, so that adding a module edits no shared file: each
 * module has one {@code @ApplicationScoped} bean implementing this (found by CDI), declaring the
 * feature flags its operations are gated by and the OpenAPI tags its operations use.
 */
public interface ModuleContributions {

    /** Names of the {@link Feature} flags this module declares; defaults come from {@code wingman.features.<name>}. */
    default List<String> featureFlags() {
        return List.of();
    }

    /** The OpenAPI tags (endpoint groups) this module's operations use, with their descriptions. */
    default List<ApiTag> openApiTags() {
        return List.of();
    }

    /** An OpenAPI tag: the group's name as operations name it in {@code @Tag(name = ...)}, and what it holds. */
    record ApiTag(String name, String description) {
    }
}
