package dev.wingman.auth.internal;

import dev.wingman.platform.api.Secrets;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.helidon.common.Errors;
import io.helidon.security.jwt.Jwt;
import io.helidon.security.jwt.SignedJwt;
import io.helidon.security.jwt.jwk.JwkKeys;
import io.helidon.security.jwt.jwk.JwkRSA;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import org.eclipse.microprofile.config.Config;

import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Session tokens are RS256 JWTs (the MicroProfile JWT format: {@code iss}, {@code sub},
 * {@code upn}, {@code jti}, {@code exp}) carrying the session id in {@code sid}. The signature
 * proves Wingman issued the token; whether the session still stands is checked separately on
 * every request, so revocation takes effect at once.
 *
 * <p>The key pair comes from {@code wingman.auth.jwt.private-key}/{@code public-key} (PEM) when
 * configured, else from the database, where the first instance to start stores a generated pair
 * that every other instance then shares, its private key sealed with the secrets key.
 */
@ApplicationScoped
public class SessionTokens {
    private static final String KEY_ID = "primary";

    @Inject
    SigningKeyStore store;

    @Inject
    Config config;

    private static final int MAX_REMEMBERED = 50_000;
    /**
     * Tokens whose signature checked out. A fact about the token, the same on every instance and
     * never invalidated (expiry is checked on every use, revocation apart), so a plain bounded map,
     * not a {@code SharedCache}, which would serve nothing while Redis pub/sub is down.
     */
    private final Cache<String, Claims> verified = Caffeine.newBuilder()
            .maximumSize(MAX_REMEMBERED).expireAfterWrite(Duration.ofMinutes(10)).build();
    private volatile JwkRSA key;
    private volatile JwkKeys keys;
    private String issuer;

    public record Claims(String userId, String sessionId, Instant expiresAt) {
    }

    /**
     * Loads the key at start-up rather than on the first request, so a stored key written in clear by
     * an older version is sealed at once, and a key or secrets-key problem shows when the panel starts.
     */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        ensureKey();
    }

    public String issue(String userId, String email, String sessionId, Instant expiresAt) {
        ensureKey();
        Instant now = Instant.now();
        Jwt jwt = Jwt.builder()
                .type("JWT")
                .algorithm(JwkRSA.ALG_RS256)
                .keyId(KEY_ID)
                .issuer(issuer)
                .subject(userId)
                .userPrincipal(email)
                .jwtId(Secrets.random(16))
                .addPayloadClaim("sid", sessionId)
                .issueTime(now)
                .expirationTime(expiresAt)
                .build();
        return SignedJwt.sign(jwt, key).tokenContent();
    }

    /**
     * The claims of a token this panel signed that has not expired; empty for anything else.
     * A signature check is the costliest step of an authenticated request and its answer never
     * changes for a given token, so verified tokens are remembered (revocation is checked apart).
     */
    public Optional<Claims> verify(String token) {
        Claims known = verified.get(token, t -> verifySignature(t).orElse(null)); // a null answer is not kept
        return known != null && known.expiresAt().isAfter(Instant.now()) ? Optional.of(known) : Optional.empty();
    }

    private Optional<Claims> verifySignature(String token) {
        ensureKey();
        SignedJwt signed;
        try {
            signed = SignedJwt.parseToken(token);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        Errors errors = signed.verifySignature(keys, key);
        if (!errors.isValid()) {
            return Optional.empty();
        }
        Jwt jwt = signed.getJwt();
        Optional<Instant> expires = jwt.expirationTime();
        Optional<String> sid = jwt.payloadClaim("sid").filter(v -> v instanceof JsonString).map(v -> ((JsonString) v).getString());
        if (expires.isEmpty() || !expires.get().isAfter(Instant.now()) || sid.isEmpty() || jwt.subject().isEmpty()
                || !jwt.issuer().map(issuer::equals).orElse(false)) {
            return Optional.empty();
        }
        return Optional.of(new Claims(jwt.subject().get(), sid.get(), expires.get()));
    }

    private void ensureKey() {
        if (key == null) {
            synchronized (this) {
                if (key == null) {
                    load();
                }
            }
        }
    }

    private void load() {
        issuer = config.getOptionalValue("wingman.auth.jwt.issuer", String.class).orElse("wingman");
        Optional<String> privatePem = config.getOptionalValue("wingman.auth.jwt.private-key", String.class);
        Optional<String> publicPem = config.getOptionalValue("wingman.auth.jwt.public-key", String.class);
        String[] pair;
        if (privatePem.isPresent() && publicPem.isPresent()) {
            pair = new String[] {privatePem.get(), publicPem.get()};
        } else {
            pair = store.loadOrCreate(KEY_ID);
        }
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPrivateKey privateKey = (RSAPrivateKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(der(pair[0])));
            RSAPublicKey publicKey = (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(der(pair[1])));
            JwkRSA jwk = JwkRSA.builder().privateKey(privateKey).publicKey(publicKey)
                    .keyId(KEY_ID).algorithm(JwkRSA.ALG_RS256).build();
            keys = JwkKeys.builder().addKey(jwk).build();
            key = jwk;
        } catch (Exception e) {
            throw new IllegalStateException("wingman.auth.jwt keys are not a PKCS#8 RSA private key and an X.509 RSA public key", e);
        }
    }

    static byte[] der(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    }
}
