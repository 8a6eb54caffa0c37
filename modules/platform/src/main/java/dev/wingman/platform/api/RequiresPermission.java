package dev.wingman.platform.api;


import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Requires an authenticated caller holding a permission ({@code area:action}, matched with
 * {@code *} wildcards by {@link Permissions}): 401 without credentials, 403 without the permission.
 * A method annotation replaces a class annotation.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresPermission {
    String value();
}
