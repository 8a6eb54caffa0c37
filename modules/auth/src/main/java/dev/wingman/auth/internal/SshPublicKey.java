package dev.wingman.auth.internal;

import dev.wingman.platform.api.ApiException;

import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * An OpenSSH public key ({@code <type> <base64 blob> [comment]}, as in authorized_keys and as Wings
 * sends it for a key login), checked down to its wire format: the blob must name the same type,
 * hold a well-formed key of that type and nothing after it; RSA keys need at least 2,048 bits.
 *
 * @param line        {@code <type> <base64 blob>}, the comment dropped
 * @param fingerprint OpenSSH's {@code SHA256:<unpadded base64>} of the blob
 */
public record SshPublicKey(String type, String line, String fingerprint) {
    /** ECDSA curve name inside the blob, and the encoded point's length (uncompressed: 0x04 || x || y). */
    private static final Map<String, Integer> ECDSA = Map.of("nistp256", 65, "nistp384", 97, "nistp521", 133);
    private static final int MIN_RSA_BITS = 2048;

    /** The key, or 400 naming {@code field} with what is wrong. */
    public static SshPublicKey parse(String text, String field) {
        if (text == null || text.isBlank()) {
            throw ApiException.invalidField(field, "is required");
        }
        String[] parts = text.strip().split("\\s+");
        if (parts.length < 2) {
            throw ApiException.invalidField(field, "must be an OpenSSH public key: <type> <base64> [comment]");
        }
        String type = parts[0];
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField(field, "is not valid base64");
        }
        try {
            ByteBuffer wire = ByteBuffer.wrap(blob);
            String inner = new String(string(wire), StandardCharsets.US_ASCII);
            if (!inner.equals(type)) {
                throw ApiException.invalidField(field, "names " + type + " but holds a " + inner + " key");
            }
            switch (type) {
                case "ssh-ed25519" -> {
                    if (string(wire).length != 32) {
                        throw ApiException.invalidField(field, "is not a 32-byte Ed25519 key");
                    }
                }
                case "ssh-rsa" -> {
                    BigInteger exponent = new BigInteger(string(wire));
                    BigInteger modulus = new BigInteger(string(wire));
                    if (exponent.signum() <= 0 || modulus.bitLength() < MIN_RSA_BITS) {
                        throw ApiException.invalidField(field, "RSA keys need at least " + MIN_RSA_BITS + " bits");
                    }
                }
                case "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521" -> {
                    String curve = new String(string(wire), StandardCharsets.US_ASCII);
                    byte[] point = string(wire);
                    if (!type.endsWith(curve) || point.length != ECDSA.get(curve) || point[0] != 4) {
                        throw ApiException.invalidField(field, "is not a well-formed " + type + " key");
                    }
                }
                default -> throw ApiException.invalidField(field, "type must be ssh-ed25519, ssh-rsa or ecdsa-sha2-nistp256/384/521");
            }
            if (wire.hasRemaining()) {
                throw ApiException.invalidField(field, "has bytes after the key");
            }
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw ApiException.invalidField(field, "is truncated or malformed");
        }
        return new SshPublicKey(type, type + " " + Base64.getEncoder().encodeToString(blob), fingerprint(blob));
    }

    /** One length-prefixed field of the SSH wire format (RFC 4251 section 5). */
    private static byte[] string(ByteBuffer wire) {
        int length = wire.getInt();
        if (length < 0 || length > wire.remaining()) {
            throw new IllegalArgumentException("field length " + length);
        }
        byte[] value = new byte[length];
        wire.get(value);
        return value;
    }

    private static String fingerprint(byte[] blob) {
        try {
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(blob));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
