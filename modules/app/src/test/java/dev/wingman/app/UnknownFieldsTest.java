package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.api.FakeWings;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Wingman's own API refuses fields its bodies do not have; the Pterodactyl surfaces ignore them. */
@HelidonTest
class UnknownFieldsTest extends PanelTest {
    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(Map.of());
    }

    private static void assertUnknown(ApiClient.Response response, String field) {
        assertEquals(400, response.status(), response.toString());
        assertEquals("Unknown field '" + field + "'", response.json().getString("error"));
        assertEquals(field, response.json().getString("field"));
    }

    @Test
    void aMisspeltOrganisationDoesNotClearANodesAssignment() {
        String admin = adminToken();
        String node = attachedNode(admin, startWings(), "\"nodeType\":\"enterprise\"");
        String org = api().post("/api/organisations", "{\"name\":\"Ent\",\"handle\":\"ent-"
                + UUID.randomUUID().toString().substring(0, 8) + "\"}", admin).json().getString("id");
        ApiClient.Response assigned = api().post("/api/nodes/" + node + "/assign-org", "{\"organisationId\":\"" + org + "\"}", admin);
        assertEquals(200, assigned.status(), assigned.toString());

        assertUnknown(api().post("/api/nodes/" + node + "/assign-org", "{\"orgId\":\"" + org + "\"}", admin), "orgId");
        assertEquals(org, api().get("/api/nodes/" + node, admin).json().getString("organisationId"), "still assigned");
    }

    @Test
    void aMisnamedNewPasswordChangesNothing() {
        String email = register("strict");
        String token = token(email);
        assertUnknown(api().put("/api/users/me", "{\"currentPassword\":\"" + PASSWORD + "\",\"password\":\"another horse 43\"}",
                token), "password");
        assertEquals(200, login(email, PASSWORD).status(), "the old password still works");
        assertEquals(401, login(email, "another horse 43").status());
        // Spelled right, the same change goes through.
        ApiClient.Response changed = api().put("/api/users/me", "{\"currentPassword\":\"" + PASSWORD
                + "\",\"newPassword\":\"another horse 43\"}", token);
        assertEquals(200, changed.status(), changed.toString());
        assertEquals(200, login(email, "another horse 43").status());
    }

    @Test
    void thePterodactylSurfacesIgnoreFieldsThePanelDoesNotModel() {
        String owner = userToken("lenient");
        String key = SshKeyTest.newKey("ed25519", "laptop");
        ApiClient.Response added = api().post("/api/client/account/ssh-keys", "{\"name\":\"Laptop\",\"public_key\":\"" + key
                + "\",\"client_library_field\":true}", owner);
        assertEquals(200, added.status(), added.toString());

        String admin = adminToken();
        FakeWings wings = startWings();
        String node = attachedNode(admin, wings, "\"nodeType\":\"free_and_paid\"");
        String tokenId = api().get("/api/nodes/" + node + "/credentials", admin).json().getString("tokenId");
        ApiClient.Response sftp = api().send("POST", "/api/remote/sftp/auth", "{\"type\":\"password\",\"username\":\""
                + uniqueEmail("nobody") + ".1a2b3c4d\",\"password\":\"x\",\"ip\":\"203.0.113.9\",\"session_id\":\"abc\"}",
                null, Map.of("Authorization", "Bearer " + tokenId + "." + wings.token()));
        assertEquals(403, sftp.status(), "judged on its credentials, not refused for session_id: " + sftp);
    }
}
