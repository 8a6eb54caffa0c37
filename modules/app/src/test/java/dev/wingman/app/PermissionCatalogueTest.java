package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalogue the modules contribute: listed for frontends, and the reference every grant is checked against. */
@HelidonTest
class PermissionCatalogueTest extends PanelTest {

    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(Map.of());
    }

    @Test
    void listsEveryModulesPermissionsAndAuditActions() {
        ApiClient.Response listed = api().get("/api/admin/permissions", adminToken());
        assertEquals(200, listed.status(), listed.toString());
        Map<String, JsonObject> permissions = listed.json().getJsonArray("permissions").getValuesAs(JsonObject.class).stream()
                .collect(Collectors.toMap(p -> p.getString("name"), p -> p));
        assertEquals("nodes", permissions.get("nodes:create").getString("module"));
        assertEquals(List.of("panel", "organisation"), permissions.get("servers:create").getJsonArray("contexts")
                .getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList());
        assertEquals("resource", permissions.get("control.start").getJsonArray("contexts").getString(0));
        assertEquals("account", permissions.get("account:ssh-keys").getJsonArray("contexts").getString(0));
        assertTrue(permissions.get("dns:manage").getString("description").length() > 5);
        List<String> actions = listed.json().getJsonArray("auditActions").getValuesAs(JsonObject.class).stream()
                .map(a -> a.getString("trail") + " " + a.getString("name")).toList();
        assertTrue(actions.containsAll(List.of("panel role.create", "panel user.update", "server server.reinstall",
                "organisation invite.accept")), actions.toString());
        assertTrue(actions.stream().allMatch(a -> a.split(" ")[1].matches("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9_-]*)+")), actions.toString());

        assertEquals(403, api().get("/api/admin/permissions", userToken("curious")).status());
        assertEquals(401, api().get("/api/admin/permissions", null).status());
    }

    @Test
    void rolesRefuseUndeclaredPermissionsNamingTheField() {
        String admin = adminToken();
        ApiClient.Response typo = api().post("/api/roles", "{\"name\":\"typo-" + UUID.randomUUID().toString().substring(0, 8)
                + "\",\"permissions\":[\"nodes:read\",\"nodes:raed\"]}", admin);
        assertEquals(400, typo.status(), typo.toString());
        assertEquals("permissions", typo.json().getString("field"));
        assertTrue(typo.json().getString("error").contains("nodes:raed"));
        assertEquals(400, api().post("/api/roles", "{\"name\":\"org-only\",\"permissions\":[\"dns:manage\"]}", admin).status(),
                "an organisation permission is not held through global roles");
        assertEquals(201, api().post("/api/roles", "{\"name\":\"wild-" + UUID.randomUUID().toString().substring(0, 8)
                + "\",\"permissions\":[\"servers:*\",\"nodes:read\",\"organisations:*\"]}", admin).status());
    }

    @Test
    void apiKeysAndOrganisationRolesRefuseUndeclaredGrants() {
        String owner = userToken("keys");
        ApiClient.Response key = api().post("/api/apikeys", "{\"name\":\"k\",\"permissions\":[\"control.fly\"]}", owner);
        assertEquals(400, key.status(), key.toString());
        assertEquals("permissions", key.json().getString("field"));
        assertEquals(201, api().post("/api/apikeys", "{\"name\":\"k\",\"permissions\":[\"control.*\",\"account:ssh-keys\","
                + "\"servers:create\",\"*\"]}", owner).status());

        ApiClient.Response org = api().post("/api/organisations",
                "{\"name\":\"Cat\",\"handle\":\"cat-" + UUID.randomUUID().toString().substring(0, 8) + "\"}", owner);
        String roles = "/api/organisations/" + org.json().getString("id") + "/roles";
        ApiClient.Response unknown = api().post(roles, "{\"name\":\"r\",\"permissions\":[\"dns:mange\"]}", owner);
        assertEquals(400, unknown.status(), unknown.toString());
        assertEquals("permissions", unknown.json().getString("field"));
        assertEquals(400, api().post(roles, "{\"name\":\"r\",\"permissions\":[\"nodes:create\"]}", owner).status(),
                "a panel-only permission means nothing in an organisation");
        assertEquals(201, api().post(roles, "{\"name\":\"r\",\"permissions\":[\"servers:*\",\"dns:read\"]}", owner).status());
    }
}
