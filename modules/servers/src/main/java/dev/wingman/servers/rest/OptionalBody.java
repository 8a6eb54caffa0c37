package dev.wingman.servers.rest;

import jakarta.ws.rs.NameBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An operation whose JSON body may be left out, as Pterodactyl (Laravel) accepts it: Nodeactyl's
 * {@code createServerBackup} posts no body at all. {@link OptionalBodyReader} reads a missing body
 * as {@code {}}, so every field takes its default instead of the platform's 400 "A JSON request
 * body is required".
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface OptionalBody {
}
