package dev.wingman.auth.internal;

import dev.wingman.platform.api.ApiException;

import java.util.Locale;

/**
 * Length over composition (NIST SP 800-63B): 10 to 256 characters, at least one letter and one
 * character that is not a letter, and not built around the account's e-mail name.
 */
public final class PasswordPolicy {
    static final int MIN = 10;
    static final int MAX = 256;

    private PasswordPolicy() {
    }

    public static String check(String password, String email, String field) {
        if (password == null || password.isEmpty()) {
            throw ApiException.invalidField(field, "is required");
        }
        if (password.length() < MIN || password.length() > MAX) {
            throw ApiException.invalidField(field, "must be " + MIN + " to " + MAX + " characters long");
        }
        boolean letter = password.chars().anyMatch(Character::isLetter);
        boolean other = password.chars().anyMatch(c -> !Character.isLetter(c));
        if (!letter || !other) {
            throw ApiException.invalidField(field, "must contain a letter and a digit or symbol");
        }
        if (email != null) {
            String local = email.substring(0, Math.max(0, email.indexOf('@'))).toLowerCase(Locale.ROOT);
            if (local.length() >= 4 && password.toLowerCase(Locale.ROOT).contains(local)) {
                throw ApiException.invalidField(field, "must not contain your e-mail name");
            }
        }
        return password;
    }
}
