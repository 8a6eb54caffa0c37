package dev.wingman.auth.internal;

import dev.wingman.auth.api.CredentialVerifier;
import dev.wingman.platform.api.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Set;

/** API keys ({@code wgm_...}) and session tokens, down to the account's current state. */
@ApplicationScoped
public class Credentials implements CredentialVerifier {
    @Inject
    SessionTokens tokens;

    @Inject
    SessionService sessions;

    @Inject
    ApiKeyService apiKeys;

    @Inject
    AccountStates accounts;

    @Override
    public Verdict verify(String credential) {
        if (credential == null || credential.isBlank()) {
            return Verdict.refused(401, "Authentication required");
        }
        if (ApiKeyService.looksLikeKey(credential)) {
            ApiKeyService.ActiveKey key = apiKeys.authenticate(credential);
            return key == null ? Verdict.refused(401, "Invalid or expired API key")
                    : admit(key.userId(), null, key.id(), key.permissions());
        }
        SessionTokens.Claims claims = tokens.verify(credential).orElse(null);
        if (claims == null) {
            return Verdict.refused(401, "Invalid or expired session token");
        }
        if (!sessions.isActive(claims.sessionId(), claims.userId())) {
            return Verdict.refused(401, "Session has ended; log in again");
        }
        return admit(claims.userId(), claims.sessionId(), null, null);
    }

    private Verdict admit(String userId, String sessionId, String apiKeyId, Set<String> keyScope) {
        AccountStates.State account = accounts.get(userId);
        if (account == null) {
            return Verdict.refused(401, "Account no longer exists");
        }
        if (account.suspended()) {
            return Verdict.refused(403, "Account suspended");
        }
        return new Verdict(new Caller(account.userId(), account.email(), account.tier(), sessionId, apiKeyId,
                account.permissions(), keyScope), 0, null);
    }
}
