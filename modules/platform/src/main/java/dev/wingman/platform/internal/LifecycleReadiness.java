package dev.wingman.platform.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * UP only between the end of start-up and the beginning of shutdown ({@link GracefulShutdown}):
 * DOWN while start-up observers still run, and DOWN from the moment this instance begins to shut
 * down, so a load balancer stops sending it requests while the ones in flight finish. Liveness
 * stays UP throughout.
 */
@Readiness
@ApplicationScoped
public class LifecycleReadiness implements HealthCheck {
    @Inject
    GracefulShutdown lifecycle;

    @Override
    public HealthCheckResponse call() {
        boolean started = lifecycle.hasStarted();
        boolean stopping = lifecycle.stopping();
        return HealthCheckResponse.named("lifecycle").status(started && !stopping)
                .withData("started", started).withData("stopping", stopping).build();
    }
}
