package dev.wingman.platform.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
        return Permissions.anyGrants(granted, permission) && inScope(permission);
    }

    /**
     * Whether the request's credentials reach this far: always for a session, for an API key only
     * when its scope names {@code scope} (an account action such as {@code account:ssh-keys}, a
     * permission or a resource key). Account self-management checks this alone, since every
     * account may manage itself.
     */
    public boolean inScope(String scope) {
        return keyScope == null || Permissions.anyGrants(keyScope, scope);
    }

    /** Whether an API key's scope names any resource key at all (sessions: always). */
    public boolean reachesResources() {
        return keyScope == null || keyScope.stream().anyMatch(s -> s.equals("*") || Permissions.isResourceKey(s));
    }

    /**
     * What this request may use of a grant held on one resource (an owner's {@code *}, a subuser's
     * keys, what an organisation role gives): the grant itself for a session or a key scoped
     * {@code *}, otherwise only the keys the key's scope names too. A {@code *} grant under a
     * narrower scope becomes those keys of {@code catalogue} that the scope names, so that the
     * answer is always a list of concrete keys the resource's own checks understand.
     */
    public List<String> narrow(Collection<String> grant, Collection<String> catalogue) {
        if (keyScope == null || keyScope.contains("*")) {
            return List.copyOf(grant);
        }
        List<String> allowed = new ArrayList<>();
        for (String key : grant) {
            if (key.equals("*")) {
                catalogue.stream().filter(this::inScope).filter(k -> !allowed.contains(k)).sorted().forEach(allowed::add);
            } else if (inScope(key) && !allowed.contains(key)) {
                allowed.add(key);
            }
        }
        return List.copyOf(allowed);
    }
}
