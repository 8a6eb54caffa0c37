package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The login limits as shipped: 10 per 10 minutes per account, 20 a minute per IP. */
@HelidonTest
class RateLimitTest extends PanelTest {

    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(Map.of(
                "wingman.rate-limits.login-ip.limit", "20",
                "wingman.rate-limits.login-account.limit", "10"));
    }

    @Test
    void loginFloodGets429WithRetryAfter() {
        String email = register("flooded");
        for (int i = 0; i < 10; i++) {
            assertEquals(401, login(email, "wrong password " + i).status(), "attempt " + (i + 1));
        }
        ApiClient.Response limited = login(email, PASSWORD);
        assertEquals(429, limited.status(), "even the right password waits");
        assertNotNull(limited.header("Retry-After"));
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertThat(retryAfter, allOf(greaterThan(0L), lessThanOrEqualTo(600L)));
        assertEquals(retryAfter, limited.json().getJsonNumber("retryAfter").longValue());

        // Eleven attempts so far from this IP; the IP limit is 20 a minute whatever the account.
        int status = 0;
        int calls = 11;
        while (calls < 40 && status != 429) {
            status = login(uniqueEmail("someone"), "whatever pass 1").status();
            calls++;
        }
        assertEquals(429, status);
        assertEquals(21, calls, "the 21st attempt in the minute is refused");
    }
}
