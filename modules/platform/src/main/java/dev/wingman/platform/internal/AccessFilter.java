package dev.wingman.platform.internal;

import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.Authenticated;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.CurrentRequest;
import dev.wingman.platform.api.RateLimit;
import dev.wingman.platform.api.RateLimiter;
import dev.wingman.platform.api.RequiresPermission;
import dev.wingman.platform.api.ResourceGuard;
import dev.wingman.platform.api.Scopes;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies an operation's declared access after the caller is known and before its body is read
 * or any of its code runs, so a refused request never changes anything:
 * {@link RequiresPermission} (the account's permission within the key's scope) or
 * {@link Authenticated} (a caller, and the key's scope for account self-management; for a
 * resource grant, the {@link ResourceGuard} of its kind with the resource's path parameter, so
 * that whoever may not see it gets 404), then {@link RateLimit}. The nearest declaration wins: one on the method replaces the class's.
 * The OpenAPI document's {@code x-wingman-access} is written from the same annotations.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
@ApplicationScoped
public class AccessFilter implements ContainerRequestFilter {
    @Inject
    CurrentRequest request;

    @Inject
    RateLimiter limiter;

    @Inject
    @Any
    Instance<ResourceGuard> guards;

    @Context
    ResourceInfo resource;

    /** The path parameters that name the resource of a grant, in the order they are looked for. */
    private static final List<String> RESOURCE_PARAMETERS = List.of("server", "id");
    /** Each kind's guard, looked up once; empty for a kind whose own code checks visibility. */
    private final Map<String, java.util.Optional<ResourceGuard>> byKind = new ConcurrentHashMap<>();

    @Override
    public void filter(ContainerRequestContext ctx) {
        Method method = resource.getResourceMethod();
        Class<?> type = resource.getResourceClass();
        Annotation access = declaredAccess(method, type);
        if (access instanceof RequiresPermission required) {
            Caller caller = request.requireCaller();
            if (!caller.has(required.value())) {
                throw ApiException.missingPermission(required.value());
            }
        } else if (access instanceof Authenticated authenticated) {
            Caller caller = request.requireCaller();
            String scope = authenticated.scope();
            if (!scope.equals(Scopes.NONE) && !scope.equals(Scopes.RESOURCE) && !caller.inScope(scope)) {
                throw ApiException.outOfScope(scope);
            }
            if (scope.equals(Scopes.RESOURCE) && !authenticated.grant().isEmpty()) {
                guard(ctx, caller, authenticated.grant());
            }
        }
        RateLimit limit = Annotations.find(method, type, RateLimit.class);
        if (limit != null) {
            limiter.enforce(limit.name(), subject(limit.key()), limit.limit(), limit.windowSeconds());
        }
    }

    private void guard(ContainerRequestContext ctx, Caller caller, String grant) {
        String kind = grant.split(":", 2)[0];
        ResourceGuard guard = byKind.computeIfAbsent(kind, k -> guards.stream().filter(g -> g.kind().equals(k)).findFirst())
                .orElse(null);
        if (guard == null) {
            return;
        }
        var parameters = ctx.getUriInfo().getPathParameters();
        for (String name : RESOURCE_PARAMETERS) {
            String id = parameters.getFirst(name);
            if (id != null) {
                guard.requireVisible(caller, id);
                return;
            }
        }
    }

    /** The access annotation that applies: the method's, else the class's; null for public operations. */
    public static Annotation declaredAccess(Method method, Class<?> type) {
        if (method != null) {
            if (method.isAnnotationPresent(RequiresPermission.class)) {
                return method.getAnnotation(RequiresPermission.class);
            }
            if (method.isAnnotationPresent(Authenticated.class)) {
                return method.getAnnotation(Authenticated.class);
            }
        }
        RequiresPermission permission = Annotations.find(null, type, RequiresPermission.class);
        return permission != null ? permission : Annotations.find(null, type, Authenticated.class);
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
