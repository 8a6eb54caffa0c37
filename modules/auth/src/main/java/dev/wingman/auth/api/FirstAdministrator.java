package dev.wingman.auth.api;

import dev.wingman.auth.internal.PasswordPolicy;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.StartupRefused;
import dev.wingman.platform.api.Validate;

import java.util.Optional;

/**
 * The rule for {@code WINGMAN_ADMIN_EMAIL}, {@code WINGMAN_ADMIN_PASSWORD} and
 * {@code WINGMAN_ADMIN_NAME}: neither e-mail nor password set asks for nothing; both set ask for
 * that administrator; anything that could not create one (only one of the two, a malformed
 * e-mail, a password the policy refuses, an overlong name) is refused with {@link StartupRefused}
 * naming the setting and the rule, so the panel never runs without the administrator it was told
 * to create. {@code Main} checks it before anything starts; the start-up bootstrap applies it.
 */
public final class FirstAdministrator {
    private FirstAdministrator() {
    }

    /** The administrator the settings ask for. */
    public record Request(String email, String password, String name) {
        @Override
        public String toString() {
            return "Request[" + email + "]";
        }
    }

    public static Optional<Request> requested(String email, String password, String name) {
        boolean hasEmail = email != null && !email.isBlank();
        boolean hasPassword = password != null && !password.isEmpty();
        if (!hasEmail && !hasPassword) {
            return Optional.empty();
        }
        if (!hasPassword) {
            throw new StartupRefused("WINGMAN_ADMIN_EMAIL is set but WINGMAN_ADMIN_PASSWORD is not: set both to create the "
                    + "first administrator, or neither");
        }
        if (!hasEmail) {
            throw new StartupRefused("WINGMAN_ADMIN_PASSWORD is set but WINGMAN_ADMIN_EMAIL is not: set both to create the "
                    + "first administrator, or neither");
        }
        try {
            String address = Validate.email(email, "WINGMAN_ADMIN_EMAIL");
            PasswordPolicy.check(password, address, "WINGMAN_ADMIN_PASSWORD");
            String displayName = name == null || name.isBlank() ? "Administrator" : Validate.text(name, "WINGMAN_ADMIN_NAME", 100);
            return Optional.of(new Request(address, password, displayName));
        } catch (ApiException e) {
            throw new StartupRefused(e.getMessage() + " (the first administrator cannot be created)");
        }
    }
}
