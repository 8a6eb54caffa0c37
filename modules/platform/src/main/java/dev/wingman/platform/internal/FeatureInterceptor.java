package dev.wingman.platform.internal;

import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.Feature;
import dev.wingman.platform.api.FeatureFlags;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** Answers 503 for calls into a disabled capability; runs before authentication and rate limits. */
@Feature("")
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class FeatureInterceptor {
    @Inject
    FeatureFlags flags;

    @AroundInvoke
    Object check(InvocationContext ctx) throws Exception {
        Feature feature = Annotations.find(ctx, Feature.class);
        if (feature != null && !flags.isEnabled(feature.value())) {
            throw ApiException.featureDisabled(feature.value());
        }
        return ctx.proceed();
    }
}
