package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@HelidonTest
class FeatureFlagTest extends PanelTest {

    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(Map.of("wingman.features.tunnels", "false"));
    }

    @Test
    void defaultsComeFromConfigAndArePublic() {
        ApiClient.Response features = api().get("/api/public/features", null);
        assertEquals(200, features.status());
        assertFalse(features.json().getBoolean("tunnels"));
        assertTrue(features.json().getBoolean("billing"));
        assertEquals(8, features.json().size());
    }

    @Test
    void registrationTurnedOffAnswers503AndBackOn() {
        String admin = adminToken();
        ApiClient.Response off = api().put("/api/admin/features", "{\"registration\":false}", admin);
        assertEquals(200, off.status(), off.toString());
        assertFalse(off.json().getBoolean("registration"));
        try {
            ApiClient.Response disabled = api().post("/api/users/register",
                    "{\"email\":\"" + uniqueEmail("late") + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"Late\"}", null);
            assertEquals(503, disabled.status());
            assertEquals("{\"error\":\"Feature 'registration' is disabled\"}", disabled.body());
            assertFalse(api().get("/api/public/features", null).json().getBoolean("registration"));
            // Seed 001: every request into a disabled group answers 503, before its body is read.
            ApiClient.Response malformed = api().post("/api/users/register", "{not json", null);
            assertEquals(503, malformed.status(), malformed.toString());
            ApiClient.Response dnsOff = api().put("/api/admin/features", "{\"dns\":false}", admin);
            assertEquals(200, dnsOff.status());
            assertEquals(503, api().post("/api/organisations/x/dns/zones", "{not json", null).status(),
                    "before authentication too");
            assertEquals(200, api().put("/api/admin/features", "{\"dns\":true}", admin).status());
        } finally {
            assertEquals(200, api().put("/api/admin/features", "{\"registration\":true}", admin).status());
        }
        register("early");
    }

    @Test
    void onlyKnownFlagsByAdmins() {
        String admin = adminToken();
        ApiClient.Response unknown = api().put("/api/admin/features", "{\"teleport\":true}", admin);
        assertEquals(400, unknown.status());
        assertEquals("teleport", unknown.json().getString("field"));
        assertEquals(400, api().put("/api/admin/features", "{\"billing\":\"maybe\"}", admin).status());
        assertEquals(403, api().put("/api/admin/features", "{\"billing\":false}", userToken("sneaky")).status());
        assertEquals(401, api().put("/api/admin/features", "{\"billing\":false}", null).status());
        ApiClient.Response audit = api().get("/api/admin/audit?action=feature.update", admin);
        assertEquals(200, audit.status());
    }
}
