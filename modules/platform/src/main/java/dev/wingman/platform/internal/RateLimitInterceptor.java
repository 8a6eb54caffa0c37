package dev.wingman.platform.internal;

import dev.wingman.platform.api.CurrentRequest;
import dev.wingman.platform.api.RateLimit;
import dev.wingman.platform.api.RateLimiter;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** Counts the call against its {@link RateLimit}; runs after the permission check, so it can key on the account. */
@RateLimit(name = "", limit = 0, windowSeconds = 0)
@Interceptor
@Priority(Interceptor.Priority.APPLICATION + 2)
public class RateLimitInterceptor {
    @Inject
    RateLimiter limiter;

    @Inject
    CurrentRequest request;

    @AroundInvoke
    Object check(InvocationContext ctx) throws Exception {
        RateLimit limit = Annotations.find(ctx, RateLimit.class);
        if (limit != null) {
            limiter.enforce(limit.name(), subject(limit.key()), limit.limit(), limit.windowSeconds());
        }
        return ctx.proceed();
    }

    private String subject(RateLimit.Key key) {
        String ip = "ip:" + request.clientIp();
        String account = request.caller().map(c -> "user:" + c.userId()).orElse(ip);
        return switch (key) {
            case IP -> ip;
            case ACCOUNT -> account;
            case IP_AND_ACCOUNT -> account + "|" + ip;
        };
    }
}
