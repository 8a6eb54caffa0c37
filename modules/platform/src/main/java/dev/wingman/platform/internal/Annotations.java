package dev.wingman.platform.internal;

import jakarta.interceptor.InvocationContext;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;

/** Finds an interceptor binding's values: on the method first, then on its class (or superclasses). */
final class Annotations {
    private Annotations() {
    }

    static <A extends Annotation> A find(InvocationContext ctx, Class<A> type) {
        Method method = ctx.getMethod();
        if (method != null) {
            A onMethod = method.getAnnotation(type);
            if (onMethod != null) {
                return onMethod;
            }
            for (Class<?> c = method.getDeclaringClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                A onClass = c.getAnnotation(type);
                if (onClass != null) {
                    return onClass;
                }
            }
        }
        for (Class<?> c = ctx.getTarget().getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            A onClass = c.getAnnotation(type);
            if (onClass != null) {
                return onClass;
            }
        }
        return null;
    }
}
