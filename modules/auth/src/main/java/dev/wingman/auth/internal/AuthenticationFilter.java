package dev.wingman.auth.internal;

import dev.wingman.auth.api.CredentialVerifier;
import dev.wingman.platform.api.CurrentRequest;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.ext.Provider;

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
    CredentialVerifier verifier;

    @Override
    public void filter(ContainerRequestContext ctx) {
        if (request.path().startsWith("api/remote/")) {
            return; // Wings authenticates there with its node credentials, which the remote API checks itself
        }
        String credential = credential(ctx);
        if (credential == null) {
            return;
        }
        CredentialVerifier.Verdict verdict = verifier.verify(credential);
        if (verdict.accepted()) {
            request.authenticate(verdict.caller());
        } else {
            request.rejectCredentials(verdict.status(), verdict.reason());
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
