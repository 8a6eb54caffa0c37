package dev.wingman.platform.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/**
 * {@code /health/started}: UP once start-up ended (migrations applied, jobs started, every start-up
 * observer done), which a Kubernetes startup probe waits for before liveness and readiness count.
 */
@Startup
@ApplicationScoped
public class StartedCheck implements HealthCheck {
    @Inject
    GracefulShutdown lifecycle;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("started").status(lifecycle.hasStarted()).build();
    }
}
