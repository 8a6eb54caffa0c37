package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Argon2 runs at most wingman.auth.hashing.concurrency at a time; the rest wait briefly, then 503. */
@HelidonTest
class PasswordHashingTest extends PanelTest {
    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(Map.of(
                "wingman.auth.hashing.concurrency", "1",
                "wingman.auth.hashing.queue-timeout", "PT0.02S",
                "wingman.rate-limits.login-ip.limit", "1000",
                "wingman.rate-limits.login-account.limit", "1000"));
    }

    @Test
    void concurrentLoginsBeyondTheBoundAre503WithRetryAfter() throws Exception {
        List<String> emails = List.of(register("burst1"), register("burst2"), register("burst3"));
        int logins = 15;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ApiClient.Response>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(logins)) {
            for (int i = 0; i < logins; i++) {
                String email = emails.get(i % emails.size());
                String password = i % 2 == 0 ? PASSWORD : "wrong password 1";
                answers.add(pool.submit(() -> {
                    start.await();
                    return login(email, password);
                }));
            }
            start.countDown();
            int ok = 0;
            int busy = 0;
            for (Future<ApiClient.Response> answer : answers) {
                ApiClient.Response response = answer.get();
                switch (response.status()) {
                    case 200, 401 -> ok++;
                    case 503 -> {
                        busy++;
                        assertEquals("1", response.header("Retry-After"), response.toString());
                        assertThat(response.header("Content-Type"), containsString("application/json"));
                        assertEquals("Too many password checks at once; try again in a moment",
                                response.json().getString("error"));
                        assertEquals(1, response.json().getInt("retryAfter"));
                    }
                    default -> throw new AssertionError("a burst of logins must not answer " + response);
                }
            }
            assertTrue(ok >= 1, "some logins were served");
            assertTrue(busy >= 1, "with one hash at a time and a 20 ms wait, some of " + logins + " were turned away");
        }
        // Once the burst is over, logging in works again.
        assertEquals(200, login(emails.get(0), PASSWORD).status());
    }
}
