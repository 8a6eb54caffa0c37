package dev.wingman.platform.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import javax.sql.DataSource;
import java.sql.Connection;

/** PostgreSQL is the source of truth: without it Wingman is not ready. */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {
    @Inject
    @Named("wingman")
    DataSource dataSource;

    @Override
    public HealthCheckResponse call() {
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            boolean valid = connection.isValid(2);
            return HealthCheckResponse.named("postgresql").status(valid)
                    .withData("latencyMs", (System.nanoTime() - started) / 1_000_000).build();
        } catch (Exception e) {
            return HealthCheckResponse.named("postgresql").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
