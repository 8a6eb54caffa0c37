package dev.wingman.platform.internal;

import dev.wingman.platform.api.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.logging.Logger;

/**
 * AES-256-GCM with a random 96-bit nonce per secret. The key is {@code wingman.secrets.key}
 * (32 bytes, base64). Without one, the first instance generates a key and keeps it in PostgreSQL
 * so every instance can decrypt; that protects nothing against someone who can read the database,
 * so production should configure the key, and the log says so.
 */
@ApplicationScoped
public class AesSecretBox implements SecretBox {
    private static final Logger LOG = Logger.getLogger(AesSecretBox.class.getName());
    private static final String PREFIX = "v1:";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Config config;

    @Inject
    GeneratedKeys generatedKeys;

    private volatile SecretKeySpec key;

    @Override
    public String seal(String plaintext) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            Base64.Encoder b64 = Base64.getEncoder();
            return PREFIX + b64.encodeToString(nonce) + ":" + b64.encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not encrypt a secret", e);
        }
    }

    @Override
    public String open(String sealed) {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            throw new IllegalArgumentException("Not a sealed secret");
        }
        String[] parts = sealed.substring(PREFIX.length()).split(":", 2);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(128, Base64.getDecoder().decode(parts[0])));
            return new String(cipher.doFinal(Base64.getDecoder().decode(parts[1])), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not decrypt a secret: wrong wingman.secrets.key?", e);
        }
    }

    private SecretKeySpec key() {
        if (key == null) {
            synchronized (this) {
                if (key == null) {
                    String configured = config.getOptionalValue("wingman.secrets.key", String.class).orElse(null);
                    if (configured == null) {
                        LOG.warning("wingman.secrets.key is not set; using a key generated into the database. "
                                + "Set WINGMAN_SECRETS_KEY (32 random bytes, base64) in production.");
                        byte[] generated = new byte[32];
                        RANDOM.nextBytes(generated);
                        configured = generatedKeys.getOrCreate("secrets-key", Base64.getEncoder().encodeToString(generated));
                    }
                    byte[] bytes = Base64.getDecoder().decode(configured.strip());
                    if (bytes.length != 32) {
                        throw new IllegalStateException("wingman.secrets.key must be 32 bytes in base64");
                    }
                    key = new SecretKeySpec(bytes, "AES");
                }
            }
        }
        return key;
    }
}
