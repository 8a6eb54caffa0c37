package dev.wingman.platform.api;

import java.util.Set;

/**
 * Who is making the request, as the authentication filter resolved it.
 *
 * @param userId      the account
 * @param email       the account's e-mail
 * @param tier        the account's portal tier
 * @param sessionId   the session behind a session token, or null for API keys
 * @param apiKeyId    the API key used, or null for sessions
 * @param granted     the permissions the account holds through its roles
 * @param keyScope    for API keys, the permissions the key was limited to; null for sessions
 */
public record Caller(String userId, String email, String tier, String sessionId, String apiKeyId,
                     Set<String> granted, Set<String> keyScope) {

    public Caller {
        granted = Set.copyOf(granted);
        keyScope = keyScope == null ? null : Set.copyOf(keyScope);
    }

    /** True when the account holds the permission and, for an API key, the key is scoped to it too. */
    public boolean has(String permission) {
        return Permissions.anyGrants(granted, permission)
                && (keyScope == null || Permissions.anyGrants(keyScope, permission));
    }
}
