package dev.wingman.platform.api;


import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gates a resource class or method behind a feature flag: while the flag is off every call answers
 * 503 {@code {"error":"Feature '<name>' is disabled"}} before authentication or any other work.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Feature {
    /** A flag some module declares ({@link ModuleContributions#featureFlags()}). */
    String value();
}
