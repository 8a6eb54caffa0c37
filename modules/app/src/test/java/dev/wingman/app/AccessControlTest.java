package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** @RequiresPermission end to end, roles and their assignment, suspension and the audit log. */
@HelidonTest
class AccessControlTest extends PanelTest {

    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(Map.of());
    }

    @Test
    void requiresPermissionAnswers401Then403Then200() {
        ApiClient.Response anonymous = api().get("/api/admin/users", null);
        assertEquals(401, anonymous.status());
        assertEquals("Authentication required", anonymous.json().getString("error"));

        ApiClient.Response user = api().get("/api/admin/users", userToken("plain"));
        assertEquals(403, user.status());
        assertEquals("Missing permission users:read", user.json().getString("error"));

        ApiClient.Response admin = api().get("/api/admin/users?perPage=2&sort=-createdAt", adminToken());
        assertEquals(200, admin.status(), admin.toString());
        JsonObject meta = admin.json().getJsonObject("meta");
        assertEquals(2, meta.getInt("perPage"));
        assertThat(meta.getInt("total"), greaterThanOrEqualTo(2));
        assertEquals(400, api().get("/api/admin/users?perPage=500", adminToken()).status());
    }

    @Test
    void aCustomRoleGrantsItsPermissionsAtOnceAndCannotEscalate() {
        String admin = adminToken();
        ApiClient.Response role = api().post("/api/roles",
                "{\"name\":\"support-" + System.nanoTime() + "\",\"description\":\"Support staff\",\"permissions\":[\"users:read\"]}", admin);
        assertEquals(201, role.status(), role.toString());
        String roleId = role.json().getString("id");

        String staff = userToken("staff");
        String staffId = userId(staff);
        assertEquals(403, api().get("/api/admin/users", staff).status());
        assertEquals(200, api().post("/api/users/" + staffId + "/roles", "{\"roleId\":\"" + roleId + "\"}", admin).status());
        assertEquals(200, api().get("/api/admin/users", staff).status(), "the new role applies to the live session");

        ApiClient.Response narrowed = api().put("/api/roles/" + roleId, "{\"permissions\":[\"audit:read\"]}", admin);
        assertEquals(200, narrowed.status(), narrowed.toString());
        assertEquals(403, api().get("/api/admin/users", staff).status(), "removed permissions stop at once");

        // A user who may manage roles still cannot mint permissions they lack.
        ApiClient.Response managers = api().post("/api/roles",
                "{\"name\":\"managers-" + System.nanoTime() + "\",\"permissions\":[\"roles:*\"]}", admin);
        String manager = userToken("manager");
        api().post("/api/users/" + userId(manager) + "/roles", "{\"roleId\":\"" + managers.json().getString("id") + "\"}", admin);
        ApiClient.Response escalation = api().post("/api/roles", "{\"name\":\"evil-" + System.nanoTime() + "\",\"permissions\":[\"*\"]}", manager);
        assertEquals(403, escalation.status());
        String adminRole = api().get("/api/roles", admin).array().getValuesAs(JsonObject.class).stream()
                .filter(r -> r.getString("name").equals("admin")).findFirst().orElseThrow().getString("id");
        assertEquals(403, api().post("/api/users/" + userId(manager) + "/roles", "{\"roleId\":\"" + adminRole + "\"}", manager).status());

        assertEquals(409, api().delete("/api/roles/" + adminRole, admin).status(), "built-in roles stay");
        assertEquals(204, api().delete("/api/roles/" + roleId, admin).status());
    }

    @Test
    void suspendedUsersCannotLogInOrUseSessionsAndKeys() {
        String admin = adminToken();
        String email = register("suspect");
        String token = token(email);
        String key = api().post("/api/apikeys", "{\"name\":\"k\",\"permissions\":[]}", token).json().getString("key");
        String id = userId(token);

        ApiClient.Response suspended = api().put("/api/admin/users/" + id, "{\"suspended\":true,\"tier\":\"paid\"}", admin);
        assertEquals(200, suspended.status(), suspended.toString());
        assertTrue(suspended.json().getBoolean("suspended"));
        assertEquals("paid", suspended.json().getString("tier"));

        assertEquals(403, login(email, PASSWORD).status());
        assertEquals(403, api().get("/api/users/me", token).status());
        assertEquals(403, api().get("/api/users/me", key).status());

        assertEquals(400, api().put("/api/admin/users/" + id, "{\"tier\":\"platinum\"}", admin).status());
        api().put("/api/admin/users/" + id, "{\"suspended\":false}", admin);
        assertEquals(200, api().get("/api/users/me", token).status());
    }

    @Test
    void adminMutationsAreAudited() {
        String admin = adminToken();
        String adminId = userId(admin);
        String target = userId(userToken("audited"));
        api().put("/api/admin/users/" + target, "{\"tier\":\"educational\"}", admin);

        ApiClient.Response audit = api().get("/api/admin/audit?targetId=" + target, admin);
        assertEquals(200, audit.status(), audit.toString());
        JsonObject entry = audit.json().getJsonArray("data").getJsonObject(0);
        assertEquals("user.update", entry.getString("action"));
        assertEquals(adminId, entry.getString("actorId"));
        assertEquals("127.0.0.1", entry.getString("ip"));
        assertThat(entry.getJsonObject("details").toString(), containsString("educational"));
        assertEquals(403, api().get("/api/admin/audit", userToken("nosy")).status());
        assertEquals(400, api().get("/api/admin/audit?from=yesterday", admin).status());
    }
}
