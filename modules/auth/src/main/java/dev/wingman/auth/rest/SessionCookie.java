package dev.wingman.auth.rest;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.NewCookie;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code session} cookie a browser frontend uses instead of the bearer header: HttpOnly (no
 * script can read it), SameSite=Lax (not sent on cross-site POSTs), Secure (sent over HTTPS only)
 * whenever the panel's public URL ({@code wingman.public-url}) is https, or when
 * {@code wingman.auth.cookie-secure} is true.
 */
@ApplicationScoped
class SessionCookie {
    static final String NAME = "session";

    @Inject
    @ConfigProperty(name = "wingman.auth.cookie-secure", defaultValue = "false")
    boolean forceSecure;

    @Inject
    @ConfigProperty(name = "wingman.public-url")
    Optional<String> publicUrl;

    private boolean secure;

    @PostConstruct
    void init() {
        secure = forceSecure || publicUrl.orElse("").strip().toLowerCase(Locale.ROOT).startsWith("https://");
    }

    NewCookie issue(String token, Instant expiresAt) {
        return build(token, (int) Math.max(0, Duration.between(Instant.now(), expiresAt).toSeconds()));
    }

    NewCookie clear() {
        return build("", 0);
    }

    private NewCookie build(String value, int maxAge) {
        return new NewCookie.Builder(NAME).value(value).path("/").httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.LAX).maxAge(maxAge).build();
    }
}
