package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Per-account limits on costly account actions (RateLimitTest floods logins from this address, so they live apart). */
@HelidonTest
class AccountRateLimitTest extends PanelTest {

    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(Map.of(
                "wingman.rate-limits.organisation-create.limit", "2",
                "wingman.rate-limits.password-change.limit", "1"));
    }

    @Test
    void organisationCreationAndPasswordChangesAreLimitedPerAccount() {
        String token = userToken("founder");
        for (int i = 0; i < 2; i++) {
            assertEquals(201, api().post("/api/organisations", "{\"name\":\"Org\",\"handle\":\"f-" + java.util.UUID.randomUUID()
                    .toString().substring(0, 8) + "\"}", token).status());
        }
        ApiClient.Response third = api().post("/api/organisations", "{\"name\":\"Org\",\"handle\":\"f-third\"}", token);
        assertEquals(429, third.status(), third.toString());
        assertEquals(201, api().post("/api/organisations", "{\"name\":\"Org\",\"handle\":\"f-" + java.util.UUID.randomUUID()
                .toString().substring(0, 8) + "\"}", userToken("other")).status(), "per account");

        assertEquals(200, api().put("/api/users/me", "{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"another horse 43\"}",
                token).status());
        ApiClient.Response again = api().put("/api/users/me", "{\"currentPassword\":\"another horse 43\",\"newPassword\":"
                + "\"third horse 44\"}", token);
        assertEquals(429, again.status(), again.toString());
        assertEquals(200, api().put("/api/users/me", "{\"name\":\"Renamed\"}", token).status(), "renaming is not a password change");
    }
}
