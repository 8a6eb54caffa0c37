package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import javax.sql.DataSource;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.Map;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The generated session signing key is stored sealed, survives restarts, and a key an older version
 * stored in clear is sealed at the next start. Each test method runs in a panel of its own
 * (resetPerTest), on the same database: one method to the next is a restart.
 */
@HelidonTest(resetPerTest = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SigningKeyRestartTest extends PanelTest {
    /** Carried from one panel (test method) to the next. */
    private static String tokenBeforeRestart;
    private static String cleartextPublicKey;
    private static String tokenAfterResealing;

    @Inject
    @Named("wingman")
    DataSource dataSource;

    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(Map.of());
    }

    private String[] storedKey() throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select private_key, public_key from signing_keys where id = 'primary'");
             ResultSet row = s.executeQuery()) {
            assertEquals(true, row.next(), "a generated key is stored");
            return new String[] {row.getString(1), row.getString(2)};
        }
    }

    private static void assertSealed(String privateKey) {
        assertThat(privateKey, startsWith("v1:"));
        assertThat(privateKey, not(containsString("PRIVATE KEY")));
        assertThat("not bare PKCS#8 in base64 either", privateKey, not(startsWith("MII")));
    }

    @Test
    @Order(1)
    void theGeneratedPrivateKeyIsStoredSealed() throws Exception {
        tokenBeforeRestart = userToken("restart");
        assertEquals(200, api().get("/api/users/me", tokenBeforeRestart).status());
        assertSealed(storedKey()[0]);
    }

    @Test
    @Order(2)
    void tokensStillVerifyAfterARestart() throws Exception {
        ApiClient.Response me = api().get("/api/users/me", tokenBeforeRestart);
        assertEquals(200, me.status(), me.toString());

        // Put back a key as an older version stored it: PEM in clear. The next start must seal it.
        KeyPair legacy = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        cleartextPublicKey = pem("PUBLIC KEY", legacy.getPublic().getEncoded());
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("update signing_keys set private_key = ?, public_key = ? where id = 'primary'")) {
            s.setString(1, pem("PRIVATE KEY", legacy.getPrivate().getEncoded()));
            s.setString(2, cleartextPublicKey);
            assertEquals(1, s.executeUpdate());
        }
    }

    @Test
    @Order(3)
    void aKeyStoredInClearIsSealedAtStartAndStillUsed() throws Exception {
        String[] stored = storedKey();
        assertSealed(stored[0]);
        assertEquals(cleartextPublicKey, stored[1], "the stored pair is kept, not replaced");
        assertEquals(401, api().get("/api/users/me", tokenBeforeRestart).status(), "signed by the key that was replaced");
        tokenAfterResealing = userToken("resealed");
        assertEquals(200, api().get("/api/users/me", tokenAfterResealing).status());
    }

    @Test
    @Order(4)
    void theResealedKeyVerifiesAfterAnotherRestart() throws Exception {
        assertEquals(200, api().get("/api/users/me", tokenAfterResealing).status());
        assertSealed(storedKey()[0]);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
