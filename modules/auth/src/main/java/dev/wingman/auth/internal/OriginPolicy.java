package dev.wingman.auth.internal;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which pages may send cookie-authenticated unsafe requests (cross-site request forgery defence).
 * A browser sends the {@code session} cookie with any request to the panel, whichever page made
 * it; the {@code Origin} header (or, without one, the {@code Referer}) says which page that was.
 *
 * <p>The allowed origins are {@code wingman.http.allowed-origins} (comma-separated), by default
 * the origin of {@code wingman.public-url} when that is configured. With none, the page must be
 * on the host the request was addressed to ({@code Host}).
 */
@ApplicationScoped
public class OriginPolicy {
    @Inject
    Config config;

    private Set<String> allowed;

    @PostConstruct
    void init() {
        Optional<String> configured = config.getOptionalValue("wingman.http.allowed-origins", String.class);
        String list = configured.orElseGet(() -> config.getOptionalValue("wingman.public-url", String.class).orElse(""));
        allowed = Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> origin(s).orElseThrow(() -> new IllegalStateException(
                        "wingman.http.allowed-origins: '" + s + "' is not an http(s) origin such as https://panel.example.com")))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The configured origins, normalised ({@code scheme://host[:port]}, the port only when not the scheme's default). */
    public Set<String> allowed() {
        return allowed;
    }

    /**
     * Whether a page at {@code origin} (the Origin header, or failing that the Referer; null when the
     * request carried neither) may send a cookie-authenticated unsafe request addressed to {@code host}.
     */
    public boolean permits(String origin, String host) {
        Optional<String> page = origin == null ? Optional.empty() : origin(origin);
        if (page.isEmpty()) {
            return false; // none, "null" (sandboxed or privacy-redirected pages) or garbage
        }
        if (!allowed.isEmpty()) {
            return allowed.contains(page.get());
        }
        return host != null && authority(page.get()).equals(normaliseHost(host));
    }

    /** {@code scheme://host[:port]} of an http(s) URL, lower case, default port left out. */
    static Optional<String> origin(String url) {
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null || uri.getRawUserInfo() != null) {
                return Optional.empty();
            }
            int port = uri.getPort();
            boolean defaultPort = port < 0 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
            return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static String authority(String origin) {
        return origin.substring(origin.indexOf("://") + 3);
    }

    /** The Host header as {@code host[:port]}, lower case, without port 80 or 443. */
    private static String normaliseHost(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.endsWith(":80") || h.endsWith(":443")) {
            h = h.substring(0, h.lastIndexOf(':'));
        }
        return h;
    }
}
