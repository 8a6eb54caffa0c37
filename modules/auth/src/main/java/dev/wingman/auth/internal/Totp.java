package dev.wingman.auth.internal;

import dev.wingman.platform.api.Secrets;
import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import org.apache.commons.codec.binary.Base32;

import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * RFC 6238 codes as authenticator apps make them: HMAC-SHA1, 6 digits, 30-second steps. A code
 * from the step before or after is accepted for clock drift, and a step is accepted only once.
 */
final class Totp {
    static final Duration STEP = Duration.ofSeconds(30);
    private static final TimeBasedOneTimePasswordGenerator GENERATOR = new TimeBasedOneTimePasswordGenerator(STEP, 6);

    private Totp() {
    }

    /** A new 160-bit secret in Base32, as authenticator apps expect it. */
    static String newSecret() {
        return new Base32().encodeToString(Secrets.randomBytes(20)).replace("=", "");
    }

    static String otpauthUri(String issuer, String account, String secret) {
        String label = enc(issuer) + ":" + enc(account);
        return "otpauth://totp/" + label + "?secret=" + secret + "&issuer=" + enc(issuer)
                + "&algorithm=SHA1&digits=6&period=" + STEP.toSeconds();
    }

    /** The step whose code matches, if it is later than {@code lastAcceptedStep}. */
    static OptionalLong verify(String secret, String code, Instant now, long lastAcceptedStep) {
        if (code == null || !code.matches("\\d{6}")) {
            return OptionalLong.empty();
        }
        int wanted = Integer.parseInt(code);
        SecretKeySpec key = new SecretKeySpec(new Base32().decode(secret), GENERATOR.getAlgorithm());
        long current = now.getEpochSecond() / STEP.toSeconds();
        for (long step = current - 1; step <= current + 1; step++) {
            if (step > lastAcceptedStep && codeAt(key, step) == wanted) {
                return OptionalLong.of(step);
            }
        }
        return OptionalLong.empty();
    }

    private static int codeAt(SecretKeySpec key, long step) {
        try {
            return GENERATOR.generateOneTimePassword(key, Instant.ofEpochSecond(step * STEP.toSeconds()));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("Unusable TOTP secret", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
