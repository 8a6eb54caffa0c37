package dev.wingman.platform.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The operation accepts request bodies up to {@code wingman.http.max-large-body-size} (default
 * 8 MiB) instead of the panel-wide {@code wingman.http.max-body-size} (default 1 MiB). For the few
 * operations whose documents are legitimately big, such as egg imports with long install scripts.
 * A larger body is refused with 413 whether it declares its length or arrives chunked.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface LargeBody {
}
