package dev.wingman.nodes.internal;

import static dev.wingman.platform.api.JsonSupport.JSON;

import dev.wingman.nodes.api.NodeTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HS256 with the node's token (reference/wings-protocol.md §3.2). */
@ApplicationScoped
public class NodeJwtSigner implements NodeTokens {
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    @Inject
    NodeEndpoints endpoints;

    @Override
    public String sign(String nodeId, JsonObject claims, String jti) {
        String header = JSON.createObjectBuilder().add("typ", "JWT").add("alg", "HS256").add("jti", jti).build().toString();
        String signingInput = BASE64URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + BASE64URL.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(endpoints.of(nodeId).token().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signingInput + "." + BASE64URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
