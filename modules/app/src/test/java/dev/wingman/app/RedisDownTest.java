package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.api.TestRedis;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Redis is an optimisation: with it gone the panel keeps serving and says so in readiness. */
@HelidonTest
class RedisDownTest extends PanelTest {
    private static TestRedis redis;

    @AddConfigSource
    static ConfigSource config() {
        redis = TestRedis.start();
        return panelConfig(Map.of("wingman.redis.url", redis.url(), "wingman.rate-limits.login-ip.limit", "3"));
    }

    @AfterAll
    static void stopRedis() {
        redis.stop();
    }

    @Test
    void servesWithoutRedisAndRecovers() throws InterruptedException {
        String email = register("before");
        redis.stop();
        try {
            String token = token(email);
            assertEquals(200, api().get("/api/users/me", token).status());
            String other = register("during");
            assertEquals(200, api().get("/api/users/me", token(other)).status());

            ApiClient.Response ready = api().get("/health/ready", null);
            assertEquals(200, ready.status(), ready.toString());
            assertThat(ready.body(), containsString("\"connected\":false"));
            assertThat(ready.body(), containsString("\"degraded\":true"));

            // A revocation is honoured even though it cannot be announced.
            String session = token(other);
            String sessionId = api().get("/api/sessions", session).array().getJsonObject(0).getString("id");
            api().delete("/api/sessions", session);
            assertEquals(204, api().delete("/api/sessions/" + sessionId, session).status());
            assertEquals(401, api().get("/api/users/me", session).status());

            // Rate limits fall back to this instance's memory instead of locking everyone out or letting everyone in:
            // three logins so far, the limit is three a minute.
            ApiClient.Response limited = login(email, PASSWORD);
            assertEquals(429, limited.status(), limited.toString());
        } finally {
            redis.resume();
        }
        String body = "";
        for (int i = 0; i < 60 && !body.contains("\"connected\":true"); i++) {
            Thread.sleep(500);
            body = api().get("/health/ready", null).body();
        }
        assertThat(body, containsString("\"connected\":true"));
    }
}
