package dev.wingman.platform.internal;

import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.Feature;
import dev.wingman.platform.api.FeatureFlags;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * 503 for every request into a disabled capability ({@link Feature}), before the credentials are
 * looked at and before the body is read: a switched-off feature does no work at all.
 */
@Provider
@Priority(Priorities.AUTHENTICATION - 50)
@ApplicationScoped
public class FeatureGate implements ContainerRequestFilter {
    @Inject
    FeatureFlags flags;

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext ctx) {
        Feature feature = Annotations.find(resource.getResourceMethod(), resource.getResourceClass(), Feature.class);
        if (feature != null && !flags.isEnabled(feature.value())) {
            throw ApiException.featureDisabled(feature.value());
        }
    }
}
