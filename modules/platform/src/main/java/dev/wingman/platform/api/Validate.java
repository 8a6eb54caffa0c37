package dev.wingman.platform.api;

import java.util.regex.Pattern;

/** Request validation that fails with a 400 naming the field. */
public final class Validate {
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}$");

    private Validate() {
    }

    public static <T> T body(T body) {
        if (body == null) {
            throw ApiException.badRequest("A JSON request body is required");
        }
        return body;
    }

    /** A required string, trimmed, between 1 and {@code max} characters. */
    public static String text(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalidField(field, "is required");
        }
        String trimmed = value.strip();
        if (trimmed.length() > max) {
            throw ApiException.invalidField(field, "must be at most " + max + " characters");
        }
        return trimmed;
    }

    /** An optional string: null stays null, otherwise as {@link #text}. */
    public static String optionalText(String value, String field, int max) {
        return value == null ? null : text(value, field, max);
    }

    /** A required e-mail address, lower-cased. */
    public static String email(String value, String field) {
        String email = text(value, field, 254).toLowerCase(java.util.Locale.ROOT);
        if (!EMAIL.matcher(email).matches()) {
            throw ApiException.invalidField(field, "must be an e-mail address");
        }
        return email;
    }

    /** An optional ISO-8601 instant from a query parameter. */
    public static java.time.Instant optionalInstant(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return java.time.Instant.parse(value.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiException.invalidField(field, "must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
        }
    }

    /** A required list of permission strings, each valid; answers them without duplicates, in order. */
    public static java.util.Set<String> permissions(java.util.List<String> values, String field) {
        if (values == null) {
            throw ApiException.invalidField(field, "is required (may be empty)");
        }
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (String value : values) {
            out.add(permission(value, field));
        }
        return out;
    }

    /** A SQL LIKE pattern (escape character backslash) matching text that contains {@code query}, case-folded. */
    public static String containsPattern(String query) {
        return "%" + query.strip().toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    /** An API key's scope: permissions, account scopes ({@link Scopes}) and resource keys such as {@code control.start}. */
    public static java.util.Set<String> scopes(java.util.List<String> values, String field) {
        if (values == null) {
            throw ApiException.invalidField(field, "is required (may be empty)");
        }
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (String value : values) {
            if (!Permissions.isValidScope(value)) {
                throw ApiException.invalidField(field, "'" + value + "' is not a scope (a permission area:action, an account "
                        + "scope such as account:ssh-keys, or a server key such as control.start; * wildcards at the end)");
            }
            out.add(value);
        }
        return out;
    }

    public static String permission(String value, String field) {
        if (!Permissions.isValid(value)) {
            throw ApiException.invalidField(field, "'" + value + "' is not a permission (area:action, * wildcards allowed at the end)");
        }
        return value;
    }
}
