package dev.wingman.platform.api;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Permission strings are {@code area:action} (more segments allowed, e.g. {@code admin:users:read}).
 * A granted string matches a required one segment by segment until a {@code *} segment, which
 * matches the rest: {@code *} grants everything, {@code nodes:*} grants {@code nodes:create}.
 *
 * <p>Resource keys, the permissions held on one resource rather than on the panel (Pterodactyl's
 * server keys such as {@code control.start} or {@code file.*}), are written with dots and match
 * only other dotted strings the same way; {@code *} alone grants both kinds. API-key scopes may
 * name either kind.
 */
public final class Permissions {
    private static final Pattern VALID = Pattern.compile("\\*|[a-z][a-z0-9-]*(:([a-z][a-z0-9-]*|\\*))+");
    private static final Pattern RESOURCE_KEY = Pattern.compile("[a-z][a-z0-9_-]*(\\.([a-z][a-z0-9_-]*|\\*))+");

    private Permissions() {
    }

    public static boolean isValid(String permission) {
        return permission != null && VALID.matcher(permission).matches()
                && (permission.indexOf('*') < 0 || permission.endsWith("*"));
    }

    /** A dotted resource key such as {@code control.start} or {@code file.*}. */
    public static boolean isResourceKey(String key) {
        return key != null && RESOURCE_KEY.matcher(key).matches() && (key.indexOf('*') < 0 || key.endsWith("*"));
    }

    /** What an API key's scope may name: a permission, or a resource key. */
    public static boolean isValidScope(String scope) {
        return isValid(scope) || isResourceKey(scope);
    }

    /** Whether {@code granted} covers {@code required}. A wildcard in {@code required} is only covered by an equal or broader grant. */
    public static boolean grants(String granted, String required) {
        if (granted.equals("*")) {
            return true;
        }
        boolean dotted = granted.indexOf('.') >= 0;
        if (dotted != (required.indexOf('.') >= 0)) {
            return false; // a panel permission never covers a resource key, nor the other way round
        }
        String separator = dotted ? "\\." : ":";
        String[] have = granted.split(separator);
        String[] want = required.split(separator);
        for (int i = 0; i < have.length; i++) {
            if (have[i].equals("*")) {
                return true;
            }
            if (i >= want.length || !have[i].equals(want[i])) {
                return false;
            }
        }
        return have.length == want.length;
    }

    /**
     * The first of {@code wanted} that {@code holds} rejects, if any: the check behind every "you
     * cannot grant what you do not hold" rule (roles, organisation roles, API keys).
     */
    public static Optional<String> firstNotHeld(Collection<String> wanted, Predicate<String> holds) {
        return wanted.stream().filter(p -> !holds.test(p)).findFirst();
    }

    public static boolean anyGrants(Collection<String> granted, String required) {
        for (String g : granted) {
            if (grants(g, required)) {
                return true;
            }
        }
        return false;
    }
}
