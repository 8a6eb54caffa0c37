package dev.wingman.platform.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports Redis. Wingman serves without Redis (degraded: per-instance rate limits, no caches), so by
 * default a Redis outage shows as {@code "degraded": true} in readiness without taking every instance
 * out of the load balancer at once; {@code wingman.health.redis-required=true} makes it DOWN instead.
 */
@Readiness
@ApplicationScoped
public class RedisReadiness implements HealthCheck {
    @Inject
    RedisConnector redis;

    @Inject
    @ConfigProperty(name = "wingman.health.redis-required", defaultValue = "false")
    boolean required;

    @Override
    public HealthCheckResponse call() {
        long started = System.nanoTime();
        boolean connected;
        String error = null;
        try {
            connected = redis.commands().map(c -> "PONG".equals(c.ping())).orElse(false);
        } catch (RuntimeException e) {
            connected = false;
            error = e.getMessage();
        }
        var response = HealthCheckResponse.named("redis")
                .status(connected || !required)
                .withData("connected", connected)
                .withData("degraded", !connected);
        if (connected) {
            response.withData("latencyMs", (System.nanoTime() - started) / 1_000_000);
        } else {
            response.withData("error", error == null ? "not connected" : error);
        }
        return response.build();
    }
}
