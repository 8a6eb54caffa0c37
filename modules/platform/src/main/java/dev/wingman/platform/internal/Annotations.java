package dev.wingman.platform.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;

/** Finds an access annotation on a resource method first, then on its class (or superclasses). */
public final class Annotations {
    private Annotations() {
    }

    public static <A extends Annotation> A find(Method method, Class<?> resourceClass, Class<A> type) {
        if (method != null) {
            A onMethod = method.getAnnotation(type);
            if (onMethod != null) {
                return onMethod;
            }
            A onDeclaring = onClass(method.getDeclaringClass(), type);
            if (onDeclaring != null) {
                return onDeclaring;
            }
        }
        return resourceClass == null ? null : onClass(resourceClass, type);
    }

    private static <A extends Annotation> A onClass(Class<?> start, Class<A> type) {
        for (Class<?> c = start; c != null && c != Object.class; c = c.getSuperclass()) {
            A onClass = c.getAnnotation(type);
            if (onClass != null) {
                return onClass;
            }
        }
        return null;
    }
}
