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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Account-security rules: TOTP steps and login challenges hold under concurrent use, cookie
 * requests need an allowed Origin, the cookie is Secure under an https public URL, users:update
 * stops at accounts holding more than the caller, and a password change reports what it ended.
 */
@HelidonTest
class AccountSecurityTest extends PanelTest {
    static final String PUBLIC_URL = "https://panel.example.test";

    @Inject
    @Named("wingman")
    DataSource dataSource;

    @AddConfigSource
    static ConfigSource config() {
        // No wingman.http.allowed-origins: the public URL's origin is the allowed one.
        return panelConfig(Map.of("wingman.public-url", PUBLIC_URL));
    }

    static String code(String secret, Instant at) throws Exception {
        TimeBasedOneTimePasswordGenerator totp = new TimeBasedOneTimePasswordGenerator();
        int value = totp.generateOneTimePassword(new SecretKeySpec(new Base32().decode(secret), totp.getAlgorithm()), at);
        return String.format("%06d", value);
    }

    /** Turns on two-factor login for the account (confirming with the previous step's code) and answers the secret. */
    private String enable(String token) throws Exception {
        String secret = api().post("/api/auth/2fa/setup", null, token).json().getString("secret");
        ApiClient.Response enabled = api().post("/api/auth/2fa/verify",
                "{\"code\":\"" + code(secret, Instant.now().minusSeconds(30)) + "\"}", token);
        assertEquals(200, enabled.status(), enabled.toString());
        return secret;
    }

    /**
     * Runs every task at the same moment, each on a thread and an HTTP connection of its own (opened
     * beforehand, so that connecting does not spread the requests out), and answers their results.
     */
    private <T> List<T> together(List<Function<ApiClient, T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch ready = new CountDownLatch(tasks.size());
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Function<ApiClient, T> task : tasks) {
                futures.add(pool.submit(() -> {
                    ApiClient client = api();
                    client.get("/health/live", null);
                    ready.countDown();
                    start.await();
                    return task.apply(client);
                }));
            }
            assertTrue(ready.await(60, TimeUnit.SECONDS));
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static ApiClient.Response verifyLogin(ApiClient client, String tempToken, String code) {
        return client.post("/api/auth/2fa/verify-login", "{\"tempToken\":\"" + tempToken + "\",\"code\":\"" + code + "\"}", null);
    }

    private ApiClient.Response verifyLogin(String tempToken, String code) {
        return verifyLogin(api(), tempToken, code);
    }

    @Test
    void oneTotpCodeLogsInOnceEvenWhenSentConcurrently() throws Exception {
        String email = register("replay");
        String secret = enable(token(email));
        List<String> challenges = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            challenges.add(login(email, PASSWORD).json().getString("tempToken"));
        }
        String code = code(secret, Instant.now());
        List<Function<ApiClient, Integer>> tries = challenges.stream()
                .<Function<ApiClient, Integer>>map(c -> client -> verifyLogin(client, c, code).status()).toList();
        List<Integer> statuses = together(tries);
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), "one login per code: " + statuses);
        assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 401), statuses.toString());
    }

    @Test
    void oneRecoveryCodeLogsInOnceEvenWhenSentConcurrently() throws Exception {
        String email = register("recover");
        String token = token(email);
        String secret = api().post("/api/auth/2fa/setup", null, token).json().getString("secret");
        ApiClient.Response enabled = api().post("/api/auth/2fa/verify", "{\"code\":\"" + code(secret, Instant.now()) + "\"}", token);
        assertEquals(200, enabled.status(), enabled.toString());
        String recovery = enabled.json().getJsonArray("recoveryCodes").getString(0);
        List<Function<ApiClient, Integer>> tries = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String challenge = login(email, PASSWORD).json().getString("tempToken");
            tries.add(client -> client.post("/api/auth/2fa/verify-login",
                    "{\"tempToken\":\"" + challenge + "\",\"recoveryCode\":\"" + recovery + "\"}", null).status());
        }
        List<Integer> statuses = together(tries);
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), "one login per recovery code: " + statuses);
    }

    @Test
    void confirmingEnrolmentTwiceConcurrentlyWithOneCodeEnablesOnce() throws Exception {
        String token = userToken("enrol");
        String secret = api().post("/api/auth/2fa/setup", null, token).json().getString("secret");
        String code = code(secret, Instant.now());
        List<Function<ApiClient, ApiClient.Response>> tries = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            tries.add(client -> client.post("/api/auth/2fa/verify", "{\"code\":\"" + code + "\"}", token));
        }
        List<ApiClient.Response> answers = together(tries);
        assertEquals(1, answers.stream().filter(r -> r.status() == 200).count(), answers.toString());

        // And the code that enabled it cannot be used again to turn it off.
        ApiClient.Response disable = api().post("/api/auth/2fa/disable",
                "{\"password\":\"" + PASSWORD + "\",\"code\":\"" + code + "\"}", token);
        assertEquals(400, disable.status(), disable.toString());
        assertTrue(api().get("/api/users/me", token).json().getBoolean("twoFactorEnabled"));
    }

    @Test
    void parallelWrongCodesCannotExceedTheChallengesFiveTries() throws Exception {
        String email = register("guess");
        String secret = enable(token(email));
        String tempToken = login(email, PASSWORD).json().getString("tempToken");
        Set<String> valid = new HashSet<>();
        for (int s = -2; s <= 2; s++) {
            valid.add(code(secret, Instant.now().plusSeconds(30L * s)));
        }
        List<Function<ApiClient, String>> guesses = new ArrayList<>();
        for (int guess = 100000; guesses.size() < 24; guess++) {
            String wrong = Integer.toString(guess);
            if (!valid.contains(wrong)) {
                guesses.add(client -> {
                    ApiClient.Response r = verifyLogin(client, tempToken, wrong);
                    assertEquals(401, r.status(), r.toString());
                    return r.json().getString("error");
                });
            }
        }
        List<String> errors = together(guesses);
        long evaluated = errors.stream().filter("Invalid two-factor code"::equals).count();
        assertThat("codes evaluated: " + errors, (int) evaluated, lessThanOrEqualTo(5));
        assertEquals(5, evaluated, "five tries are counted: " + errors);
        assertEquals(24 - 5, errors.stream().filter(e -> e.startsWith("Login challenge is invalid")).count(), errors.toString());
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select attempts from login_challenges c join users u on u.id = c.user_id "
                     + "where u.email = ?")) {
            s.setString(1, email);
            try (ResultSet row = s.executeQuery()) {
                assertTrue(row.next());
                assertEquals(5, row.getInt(1));
            }
        }
        assertEquals(401, verifyLogin(tempToken, code(secret, Instant.now())).status(), "the challenge is spent");
    }

    // ---- cookie-authenticated unsafe requests and their Origin

    private ApiClient.Response renameByCookie(String token, String name, Map<String, String> headers) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("Cookie", "session=" + token);
        return api().send("PUT", "/api/users/me", "{\"name\":\"" + name + "\"}", null, all);
    }

    @Test
    void cookieRequestsThatChangeThingsNeedAnAllowedOrigin() {
        String token = userToken("csrf");

        ApiClient.Response noOrigin = renameByCookie(token, "NoOrigin", Map.of());
        assertEquals(403, noOrigin.status(), noOrigin.toString());
        assertThat(noOrigin.json().getString("error"), containsString("Origin"));
        ApiClient.Response foreign = renameByCookie(token, "Foreign", Map.of("Origin", "https://evil.example"));
        assertEquals(403, foreign.status(), foreign.toString());
        assertEquals(403, renameByCookie(token, "Null", Map.of("Origin", "null")).status());
        assertEquals(403, renameByCookie(token, "OtherPort", Map.of("Origin", PUBLIC_URL + ":8443")).status());
        assertEquals(403, renameByCookie(token, "Http", Map.of("Origin", "http://panel.example.test")).status());
        assertEquals(403, renameByCookie(token, "ForeignReferer", Map.of("Referer", "https://evil.example/page")).status());
        // With a public URL configured, the panel's own address as seen by this client is not an allowed origin.
        String self = target.getUri().getScheme() + "://" + target.getUri().getAuthority();
        assertEquals(403, renameByCookie(token, "Self", Map.of("Origin", self)).status());
        assertEquals("csrf", api().get("/api/users/me", token).json().getString("name"), "no refused request ran");

        ApiClient.Response allowed = renameByCookie(token, "Allowed", Map.of("Origin", PUBLIC_URL));
        assertEquals(200, allowed.status(), allowed.toString());
        assertEquals("Allowed", allowed.json().getString("name"));
        ApiClient.Response byReferer = renameByCookie(token, "Referer", Map.of("Referer", PUBLIC_URL + "/account/settings"));
        assertEquals(200, byReferer.status(), byReferer.toString());

        // Reads are not refused, and bearer requests carry no ambient credential to forge.
        assertEquals(200, api().send("GET", "/api/users/me", null, null,
                Map.of("Cookie", "session=" + token, "Origin", "https://evil.example")).status());
        ApiClient.Response bearer = api().send("PUT", "/api/users/me", "{\"name\":\"Bearer\"}", token,
                Map.of("Origin", "https://evil.example"));
        assertEquals(200, bearer.status(), bearer.toString());
    }

    @Test
    void theOpenApiDocumentDeclaresTheCrossOriginRefusal() {
        ApiClient.Response openapi = api().get("/openapi?format=JSON", null);
        assertEquals(200, openapi.status());
        JsonObject paths = openapi.json().getJsonObject("paths");
        JsonObject updateMe = paths.getJsonObject("/api/users/me").getJsonObject("put").getJsonObject("responses");
        assertThat(updateMe.getJsonObject("403").getString("description"), containsString("origin that is not allowed"));
        JsonObject suspend = paths.getJsonObject("/api/admin/users/{id}").getJsonObject("put").getJsonObject("responses");
        assertThat(suspend.getJsonObject("403").getString("description"), containsString("you do not hold"));
        assertThat(suspend.getJsonObject("403").getString("description"), containsString("origin that is not allowed"));
        JsonObject read = paths.getJsonObject("/api/users/me").getJsonObject("get").getJsonObject("responses");
        assertFalse(read.containsKey("403") && read.getJsonObject("403").getString("description").contains("origin"),
                "reads are not refused for their origin");
    }

    @Test
    void theSessionCookieIsSecureUnderAnHttpsPublicUrl() {
        String email = register("secure");
        ApiClient.Response ok = login(email, PASSWORD);
        assertEquals(200, ok.status());
        assertThat(ok.header("Set-Cookie"), containsString("Secure"));
    }

    // ---- users:update and accounts holding more

    @Test
    void usersUpdateCannotTouchAnAccountHoldingMoreThanTheCaller() {
        String admin = adminToken();
        ApiClient.Response role = api().post("/api/roles", "{\"name\":\"user-managers-" + System.nanoTime()
                + "\",\"permissions\":[\"users:read\",\"users:update\"]}", admin);
        assertEquals(201, role.status(), role.toString());
        String manager = userToken("manager");
        assertEquals(200, api().post("/api/users/" + userId(manager) + "/roles",
                "{\"roleId\":\"" + role.json().getString("id") + "\"}", admin).status());

        String adminId = userId(admin);
        ApiClient.Response suspendAdmin = api().put("/api/admin/users/" + adminId, "{\"suspended\":true}", manager);
        assertEquals(403, suspendAdmin.status(), suspendAdmin.toString());
        assertThat(suspendAdmin.json().getString("error"), containsString("which you do not hold"));
        assertEquals(403, api().put("/api/admin/users/" + adminId, "{\"tier\":\"free\"}", manager).status());
        assertEquals(200, api().get("/api/users/me", admin).status(), "the administrator was not suspended");

        // An account that holds nothing beyond the manager's permissions can be managed.
        String plain = userToken("plain");
        ApiClient.Response tier = api().put("/api/admin/users/" + userId(plain), "{\"tier\":\"paid\"}", manager);
        assertEquals(200, tier.status(), tier.toString());
        assertEquals("paid", tier.json().getString("tier"));
        // So can an administrator's target, by an administrator.
        assertEquals(200, api().put("/api/admin/users/" + userId(manager), "{\"tier\":\"paid\"}", admin).status());
    }

    // ---- password change

    @Test
    void aPasswordChangeEndsOtherSessionsAndPendingLoginsAndKeepsApiKeys() throws Exception {
        String email = register("rotate");
        String current = token(email);
        String otherA = token(email);
        String otherB = token(email);
        String secret = enable(current);
        String pending = login(email, PASSWORD).json().getString("tempToken");
        ApiClient.Response key = api().post("/api/apikeys", "{\"name\":\"ci\",\"permissions\":[\"servers:create\"]}", current);
        assertEquals(201, key.status(), key.toString());
        String apiKey = key.json().getString("key");

        ApiClient.Response changed = api().put("/api/users/me",
                "{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"another horse 77\"}", current);
        assertEquals(200, changed.status(), changed.toString());
        JsonObject report = changed.json().getJsonObject("passwordChange");
        assertEquals(2, report.getInt("sessionsEnded"), changed.toString());
        assertEquals("kept", report.getString("apiKeys"));

        assertEquals(200, api().get("/api/users/me", current).status(), "the session that changed it stays");
        assertEquals(401, api().get("/api/users/me", otherA).status());
        assertEquals(401, api().get("/api/users/me", otherB).status());
        assertEquals(200, api().get("/api/users/me", apiKey).status(), "API keys are kept");
        assertEquals(401, verifyLogin(pending, code(secret, Instant.now())).status(),
                "a login begun with the old password cannot be finished");

        ApiClient.Response renamed = api().put("/api/users/me", "{\"name\":\"Rotated\"}", current);
        assertEquals(200, renamed.status());
        assertFalse(renamed.json().containsKey("passwordChange"), "only a password change reports one");
    }
}
