package dev.wingman.platform.internal;

import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.CurrentRequest;
import dev.wingman.platform.api.RequiresPermission;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** 401 without a caller, 403 when the caller lacks the permission. */
@RequiresPermission("")
@Interceptor
@Priority(Interceptor.Priority.APPLICATION + 1)
public class PermissionInterceptor {
    @Inject
    CurrentRequest request;

    @AroundInvoke
    Object check(InvocationContext ctx) throws Exception {
        RequiresPermission required = Annotations.find(ctx, RequiresPermission.class);
        Caller caller = request.requireCaller();
        if (required != null && !caller.has(required.value())) {
            throw ApiException.forbidden("Missing permission " + required.value());
        }
        return ctx.proceed();
    }
}
