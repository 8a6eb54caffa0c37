package dev.wingman.platform.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN from the moment this instance begins to shut down, so a load balancer stops sending it
 * requests while the ones in flight finish ({@link GracefulShutdown}). Liveness stays UP.
 */
@Readiness
@ApplicationScoped
public class ShutdownReadiness implements HealthCheck {
    @Inject
    GracefulShutdown shutdown;

    @Override
    public HealthCheckResponse call() {
        boolean stopping = shutdown.stopping();
        return HealthCheckResponse.named("shutdown").status(!stopping).withData("stopping", stopping).build();
    }
}
