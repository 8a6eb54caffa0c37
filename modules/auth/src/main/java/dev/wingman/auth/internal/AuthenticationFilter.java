package dev.wingman.auth.internal;

import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.CurrentRequest;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.ext.Provider;

import java.util.Set;

/**
 * Resolves the caller from {@code Authorization: Bearer <session token | API key>} or the
 * {@code session} cookie. It never rejects a request by itself: it records the caller, or why the
 * credentials were refused, and the permission checks on each endpoint decide.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class AuthenticationFilter implements ContainerRequestFilter {
    static final String COOKIE = "session";

    @Inject
    CurrentRequest request;

    @Inject
    SessionTokens tokens;

    @Inject
    SessionService sessions;

    @Inject
    ApiKeyService apiKeys;

    @Inject
    AccountStates accounts;

    @Override
    public void filter(ContainerRequestContext ctx) {
        if (request.path().startsWith("api/remote/")) {
            return; // Wings authenticates there with its node credentials, which the remote API checks itself
        }
        String credential = credential(ctx);
        if (credential == null) {
            return;
        }
        if (ApiKeyService.looksLikeKey(credential)) {
            ApiKeyService.ActiveKey key = apiKeys.authenticate(credential);
            if (key == null) {
                request.rejectCredentials(401, "Invalid or expired API key");
                return;
            }
            admit(key.userId(), null, key.id(), key.permissions());
            return;
        }
        SessionTokens.Claims claims = tokens.verify(credential).orElse(null);
        if (claims == null) {
            request.rejectCredentials(401, "Invalid or expired session token");
            return;
        }
        if (!sessions.isActive(claims.sessionId(), claims.userId())) {
            request.rejectCredentials(401, "Session has ended; log in again");
            return;
        }
        admit(claims.userId(), claims.sessionId(), null, null);
    }

    private void admit(String userId, String sessionId, String apiKeyId, Set<String> keyScope) {
        AccountStates.State account = accounts.get(userId);
        if (account == null) {
            request.rejectCredentials(401, "Account no longer exists");
        } else if (account.suspended()) {
            request.rejectCredentials(403, "Account suspended");
        } else {
            request.authenticate(new Caller(account.userId(), account.email(), account.tier(), sessionId, apiKeyId,
                    account.permissions(), keyScope));
        }
    }

    private static String credential(ContainerRequestContext ctx) {
        String authorization = ctx.getHeaderString("Authorization");
        if (authorization != null) {
            String[] parts = authorization.trim().split("\\s+", 2);
            if (parts.length == 2 && parts[0].equalsIgnoreCase("Bearer") && !parts[1].isBlank()) {
                return parts[1].trim();
            }
        }
        Cookie cookie = ctx.getCookies().get(COOKIE);
        return cookie == null || cookie.getValue().isBlank() ? null : cookie.getValue();
    }
}
