package dev.wingman.platform.internal;

import dev.wingman.platform.api.LargeBody;
import io.helidon.common.context.Contexts;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Gives each resource method its body limit: the panel-wide one, or the larger one for
 * {@link LargeBody} operations. A declared {@code Content-Length} over it is refused at once; a body
 * without one is cut off by the edge's stream as it passes the limit.
 */
@Provider
@ApplicationScoped
public class BodyLimitFeature implements DynamicFeature {
    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        var config = ConfigProvider.getConfig();
        boolean large = resource.getResourceMethod() != null && resource.getResourceMethod().isAnnotationPresent(LargeBody.class);
        long limit = large ? BodyLimit.configuredLarge(config) : BodyLimit.configured(config);
        context.register(new Check(limit), Priorities.AUTHENTICATION - 50);
    }

    @Priority(Priorities.AUTHENTICATION - 50)
    static final class Check implements ContainerRequestFilter {
        private final long limit;

        Check(long limit) {
            this.limit = limit;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            if (request.getLength() > limit) {
                throw BodyLimit.tooLarge(limit);
            }
            Contexts.context().flatMap(c -> c.get(BodyLimit.class, BodyLimit.class)).ifPresent(cap -> cap.limit(limit));
        }
    }
}
