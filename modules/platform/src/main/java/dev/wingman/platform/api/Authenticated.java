package dev.wingman.platform.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Requires an authenticated caller (401 otherwise) whose API key, if one is used, is scoped to
 * {@link #scope()} (403 otherwise). For endpoints about the caller's own data ({@link Scopes}) and
 * for those whose authority is a resource grant ({@link Scopes#RESOURCE}). The scope has no
 * default on purpose: every such endpoint says what a key needs to call it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Authenticated {
    /** One of {@link Scopes}; {@link Scopes#NONE} only for reading one's own profile and logging out. */
    String scope();

    /**
     * For {@link Scopes#RESOURCE}: what grants it, as the OpenAPI document states it, e.g.
     * {@code server:control.start} or {@code organisation:servers:create}.
     */
    String grant() default "";
}
