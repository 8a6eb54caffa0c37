package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Users' SSH keys: real keys of each type, checked to their encoding; both API shapes. */
@HelidonTest
class SshKeyTest extends PanelTest {
    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(Map.of());
    }

    /** An OpenSSH public key line for a freshly generated key: "ed25519", "rsa-2048", "rsa-1024" or "ecdsa-256". */
    static String newKey(String kind, String comment) {
        try {
            ByteArrayOutputStream blob = new ByteArrayOutputStream();
            String type;
            switch (kind) {
                case "ed25519" -> {
                    type = "ssh-ed25519";
                    byte[] x509 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
                    field(blob, type.getBytes(StandardCharsets.US_ASCII));
                    field(blob, Arrays.copyOfRange(x509, x509.length - 32, x509.length));
                }
                case "rsa-2048", "rsa-1024" -> {
                    type = "ssh-rsa";
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                    generator.initialize(Integer.parseInt(kind.substring(4)));
                    RSAPublicKey rsa = (RSAPublicKey) generator.generateKeyPair().getPublic();
                    field(blob, type.getBytes(StandardCharsets.US_ASCII));
                    field(blob, rsa.getPublicExponent().toByteArray());
                    field(blob, rsa.getModulus().toByteArray());
                }
                default -> {
                    type = "ecdsa-sha2-nistp256";
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec("secp256r1"));
                    ECPublicKey ec = (ECPublicKey) generator.generateKeyPair().getPublic();
                    ByteBuffer point = ByteBuffer.allocate(65).put((byte) 4)
                            .put(unsigned(ec.getW().getAffineX(), 32)).put(unsigned(ec.getW().getAffineY(), 32));
                    field(blob, type.getBytes(StandardCharsets.US_ASCII));
                    field(blob, "nistp256".getBytes(StandardCharsets.US_ASCII));
                    field(blob, point.array());
                }
            }
            return type + " " + Base64.getEncoder().encodeToString(blob.toByteArray()) + (comment == null ? "" : " " + comment);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void field(ByteArrayOutputStream out, byte[] value) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(value.length).array());
        out.writeBytes(value);
    }

    private static byte[] unsigned(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] fixed = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, fixed, length - copy, copy);
        return fixed;
    }

    /** OpenSSH's fingerprint, computed here independently of the panel. */
    static String fingerprint(String line) throws GeneralSecurityException {
        byte[] blob = Base64.getDecoder().decode(line.split(" ")[1]);
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(blob));
    }

    private jakarta.json.JsonArray keys(String token) {
        try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(api().get("/api/ssh-keys", token).body()))) {
            return reader.readArray();
        }
    }

    private ApiClient.Response add(String token, String name, String key) {
        return api().post("/api/ssh-keys", "{\"name\":\"" + name + "\",\"publicKey\":\"" + key + "\"}", token);
    }

    @Test
    void keysAreCheckedStoredPerUserAndRemovable() throws GeneralSecurityException {
        String owner = userToken("keys");
        String ed25519 = newKey("ed25519", "laptop@home");
        ApiClient.Response added = add(owner, "Laptop", ed25519);
        assertEquals(201, added.status(), added.toString());
        assertEquals(fingerprint(ed25519), added.json().getString("fingerprint"));
        assertEquals(ed25519.substring(0, ed25519.lastIndexOf(' ')), added.json().getString("publicKey"), "the comment is dropped");
        assertEquals(409, add(owner, "Again", ed25519).status(), "the same key twice");
        assertEquals(201, add(userToken("someone"), "Theirs", ed25519).status(), "another account may hold the same key");
        assertEquals(201, add(owner, "Desktop", newKey("rsa-2048", null)).status());
        assertEquals(201, add(owner, "Token", newKey("ecdsa-256", "yubikey")).status());

        ApiClient.Response weak = add(owner, "Old", newKey("rsa-1024", null));
        assertEquals(400, weak.status());
        assertEquals("publicKey", weak.json().getString("field"));
        assertThat(weak.json().getString("error"), containsString("2048"));
        String ed25519Blob = ed25519.split(" ")[1];
        assertEquals(400, add(owner, "Liar", "ssh-rsa " + ed25519Blob).status(), "the declared type must match the blob");
        assertEquals(400, add(owner, "Cut", "ssh-ed25519 " + ed25519Blob.substring(0, 40)).status(), "truncated");
        assertEquals(400, add(owner, "Junk", "ssh-ed25519 not*base64").status());
        assertEquals(400, add(owner, "Dsa", "ssh-dss " + ed25519Blob).status(), "DSA is not accepted");

        List<JsonObject> mine = keys(owner).getValuesAs(JsonObject.class);
        assertEquals(List.of("Laptop", "Desktop", "Token"), mine.stream().map(k -> k.getString("name")).toList());
        String laptop = mine.get(0).getString("id");
        assertEquals(404, api().put("/api/ssh-keys/" + laptop, "{\"name\":\"Mine now\"}", userToken("thief")).status());
        assertEquals("Old laptop", api().put("/api/ssh-keys/" + laptop, "{\"name\":\"Old laptop\"}", owner).json()
                .getString("name"));

        JsonObject pterodactyl = api().get("/api/client/account/ssh-keys", owner).json();
        assertEquals("list", pterodactyl.getString("object"));
        JsonObject first = pterodactyl.getJsonArray("data").getJsonObject(0);
        assertEquals("ssh_key", first.getString("object"));
        assertEquals(fingerprint(ed25519), first.getJsonObject("attributes").getString("fingerprint"));
        String another = newKey("ed25519", null);
        ApiClient.Response viaClient = api().post("/api/client/account/ssh-keys",
                "{\"name\":\"Phone\",\"public_key\":\"" + another + "\"}", owner);
        assertEquals(200, viaClient.status(), viaClient.toString());
        assertEquals(4, keys(owner).size());
        assertEquals(204, api().post("/api/client/account/ssh-keys/remove", "{\"fingerprint\":\"" + fingerprint(another) + "\"}",
                owner).status());
        assertEquals(204, api().delete("/api/ssh-keys/" + laptop, owner).status());
        assertEquals(List.of("Desktop", "Token"), keys(owner)
                .getValuesAs(JsonObject.class).stream().map(k -> k.getString("name")).toList());
    }
}
