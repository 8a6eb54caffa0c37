package dev.wingman.platform.internal;

import dev.wingman.platform.api.Authenticated;
import dev.wingman.platform.api.CurrentRequest;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** 401 unless the request carries accepted credentials. */
@Authenticated
@Interceptor
@Priority(Interceptor.Priority.APPLICATION + 1)
public class AuthenticatedInterceptor {
    @Inject
    CurrentRequest request;

    @AroundInvoke
    Object check(InvocationContext ctx) throws Exception {
        request.requireCaller();
        return ctx.proceed();
    }
}
