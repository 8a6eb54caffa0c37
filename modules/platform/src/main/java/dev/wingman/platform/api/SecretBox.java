package dev.wingman.platform.api;

/**
 * Encrypts secrets the panel must be able to read back (provider API tokens, node tokens) before
 * they are stored. AES-256-GCM with the key in {@code wingman.secrets.key}.
 */
public interface SecretBox {

    /** A self-describing ciphertext ({@code v1:<nonce>:<ciphertext>}, base64). */
    String seal(String plaintext);

    String open(String sealed);
}
