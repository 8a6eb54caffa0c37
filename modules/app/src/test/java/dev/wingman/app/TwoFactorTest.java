package dev.wingman.app;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import dev.wingman.testkit.api.ApiClient;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonObject;
import org.apache.commons.codec.binary.Base32;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Map;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@HelidonTest
class TwoFactorTest extends PanelTest {

    @Inject
    @Named("wingman")
    DataSource dataSource;

    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(Map.of());
    }

    /** What an authenticator app would show for the secret at the given time. */
    static String code(String secret, Instant at) throws Exception {
        TimeBasedOneTimePasswordGenerator totp = new TimeBasedOneTimePasswordGenerator();
        int value = totp.generateOneTimePassword(new SecretKeySpec(new Base32().decode(secret), totp.getAlgorithm()), at);
        return String.format("%06d", value);
    }

    private String enable(String token) throws Exception {
        ApiClient.Response setup = api().post("/api/auth/2fa/setup", null, token);
        assertEquals(200, setup.status(), setup.toString());
        String secret = setup.json().getString("secret");
        assertThat(setup.json().getString("otpauthUri"), startsWith("otpauth://totp/Wingman:"));

        ApiClient.Response wrong = api().post("/api/auth/2fa/verify", "{\"code\":\"000000\"}", token);
        assertEquals(400, wrong.status());
        // An earlier step than now, so that the login below can use the current step: each step counts once.
        ApiClient.Response enabled = api().post("/api/auth/2fa/verify",
                "{\"code\":\"" + code(secret, Instant.now().minusSeconds(30)) + "\"}", token);
        assertEquals(200, enabled.status(), enabled.toString());
        assertEquals(10, enabled.json().getJsonArray("recoveryCodes").size());
        return secret + " " + enabled.json().getJsonArray("recoveryCodes").getString(0);
    }

    @Test
    void loginWithARealTotpCode() throws Exception {
        String email = register("tfa");
        String secretAndRecovery = enable(token(email));
        String secret = secretAndRecovery.split(" ")[0];
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select totp_secret from users where email = ?")) {
            s.setString(1, email);
            try (ResultSet row = s.executeQuery()) {
                assertTrue(row.next());
                assertTrue(row.getString(1).startsWith("v1:"), "the secret is stored sealed");
                assertFalse(row.getString(1).contains(secret));
            }
        }

        ApiClient.Response first = login(email, PASSWORD);
        assertEquals(200, first.status());
        JsonObject challenge = first.json();
        assertTrue(challenge.getBoolean("twoFactorRequired"));
        assertFalse(challenge.containsKey("token"), "no session before the second factor");
        String tempToken = challenge.getString("tempToken");

        ApiClient.Response wrongCode = api().post("/api/auth/2fa/verify-login",
                "{\"tempToken\":\"" + tempToken + "\",\"code\":\"123456\"}", null);
        assertEquals(401, wrongCode.status());

        String code = code(secret, Instant.now());
        ApiClient.Response ok = api().post("/api/auth/2fa/verify-login",
                "{\"tempToken\":\"" + tempToken + "\",\"code\":\"" + code + "\"}", null);
        assertEquals(200, ok.status(), ok.toString());
        String token = ok.json().getString("token");
        assertEquals(200, api().get("/api/users/me", token).status());
        assertTrue(api().get("/api/users/me", token).json().getBoolean("twoFactorEnabled"));

        ApiClient.Response replay = api().post("/api/auth/2fa/verify-login",
                "{\"tempToken\":\"" + tempToken + "\",\"code\":\"" + code + "\"}", null);
        assertEquals(401, replay.status(), "a challenge is used once");

        String second = login(email, PASSWORD).json().getString("tempToken");
        ApiClient.Response sameCodeAgain = api().post("/api/auth/2fa/verify-login",
                "{\"tempToken\":\"" + second + "\",\"code\":\"" + code + "\"}", null);
        assertEquals(401, sameCodeAgain.status(), "a TOTP code is accepted once");
    }

    @Test
    void recoveryCodesWorkOnceAndDisableNeedsPasswordAndCode() throws Exception {
        String email = register("recovery");
        String token = token(email);
        String[] secretAndRecovery = enable(token).split(" ");
        String recovery = secretAndRecovery[1];

        String tempToken = login(email, PASSWORD).json().getString("tempToken");
        ApiClient.Response byRecovery = api().post("/api/auth/2fa/verify-login",
                "{\"tempToken\":\"" + tempToken + "\",\"recoveryCode\":\"" + recovery + "\"}", null);
        assertEquals(200, byRecovery.status(), byRecovery.toString());

        String again = login(email, PASSWORD).json().getString("tempToken");
        assertEquals(401, api().post("/api/auth/2fa/verify-login",
                "{\"tempToken\":\"" + again + "\",\"recoveryCode\":\"" + recovery + "\"}", null).status());

        ApiClient.Response noPassword = api().post("/api/auth/2fa/disable",
                "{\"password\":\"wrong password 9\",\"code\":\"" + code(secretAndRecovery[0], Instant.now()) + "\"}", token);
        assertEquals(400, noPassword.status());
        ApiClient.Response disabled = api().post("/api/auth/2fa/disable",
                "{\"password\":\"" + PASSWORD + "\",\"code\":\"" + code(secretAndRecovery[0], Instant.now().plusSeconds(30)) + "\"}", token);
        assertEquals(204, disabled.status(), disabled.toString());
        assertTrue(login(email, PASSWORD).json().containsKey("token"), "password alone logs in again");
    }
}
