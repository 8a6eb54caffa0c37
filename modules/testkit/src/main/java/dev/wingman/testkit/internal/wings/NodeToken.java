package dev.wingman.testkit.internal.wings;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The node's token and token id, as config.yml holds them (a configuration update replaces them):
 * the token authorises the panel's calls and signs console and transfer JWTs; with its id it
 * authorises the node's own calls to the panel.
 */
public final class NodeToken {
    private volatile String token;
    private volatile String tokenId;

    public NodeToken(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    void token(String newToken) {
        this.token = newToken;
    }

    String tokenId() {
        return tokenId;
    }

    void tokenId(String newTokenId) {
        this.tokenId = newTokenId;
    }

    /** Whether a presented bearer token is this one (compared in constant time). */
    boolean matches(String presented) {
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    /** The claims of an HS256 token signed with this node's token, or null if it is not one. */
    JsonObject verifyJwt(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2]))) {
                return null;
            }
            return Answers.read(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException | JsonException | ClassCastException e) {
            return null;
        }
    }
}
