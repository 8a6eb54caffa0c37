package dev.wingman.auth.internal;

import dev.wingman.auth.api.CredentialVerifier;
import dev.wingman.platform.api.ApiException;
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
 *
 * <p>The one refusal it makes itself: an unsafe request (anything but GET, HEAD and OPTIONS)
 * carrying its credential in the {@code session} cookie must come from a page the
 * {@link OriginPolicy} allows, else 403 before any resource runs. A browser attaches the cookie to
 * requests any site makes; it never attaches an {@code Authorization} header on its own, so
 * bearer requests need no such check.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class AuthenticationFilter implements ContainerRequestFilter {
    static final String COOKIE = "session";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    CurrentRequest request;

    @Inject
    CredentialVerifier verifier;

    @Inject
    OriginPolicy origins;

    @Override
    public void filter(ContainerRequestContext ctx) {
        if (request.path().startsWith("api/remote/")) {
            return; // Wings authenticates there with its node credentials, which the remote API checks itself
        }
        String credential = bearer(ctx);
        if (credential == null) {
            credential = cookie(ctx);
            if (credential == null) {
                return;
            }
            if (!SAFE.contains(ctx.getMethod()) && !origins.permits(origin(ctx), ctx.getHeaderString("Host"))) {
                throw ApiException.forbidden("Cross-origin request refused: a cookie-authenticated " + ctx.getMethod()
                        + " must come from an allowed Origin (or use an Authorization header)");
            }
        }
        CredentialVerifier.Verdict verdict = verifier.verify(credential);
        if (verdict.accepted()) {
            request.authenticate(verdict.caller());
        } else {
            request.rejectCredentials(verdict.status(), verdict.reason());
        }
    }

    /** The page that made the request: Origin, else the origin of the Referer, else null. */
    private static String origin(ContainerRequestContext ctx) {
        String origin = ctx.getHeaderString("Origin");
        if (origin != null && !origin.isBlank()) {
            return origin;
        }
        String referer = ctx.getHeaderString("Referer");
        return referer == null || referer.isBlank() ? null : referer;
    }

    private static String bearer(ContainerRequestContext ctx) {
        String authorization = ctx.getHeaderString("Authorization");
        if (authorization != null) {
            String[] parts = authorization.trim().split("\\s+", 2);
            if (parts.length == 2 && parts[0].equalsIgnoreCase("Bearer") && !parts[1].isBlank()) {
                return parts[1].trim();
            }
        }
        return null;
    }

    private static String cookie(ContainerRequestContext ctx) {
        Cookie cookie = ctx.getCookies().get(COOKIE);
        return cookie == null || cookie.getValue().isBlank() ? null : cookie.getValue();
    }
}
