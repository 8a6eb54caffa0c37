package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.api.FakeWings;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static dev.wingman.app.NodeTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The access model end to end: an API key's scope narrows every path to authority, ownership and
 * subuser grants and account self-management included, and a refused request changes nothing.
 */
@HelidonTest
class KeyScopeTest extends PanelTest {
    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(NodeTestSupport.fastNodes());
    }

    private record Owned(String admin, String owner, String serverId, String identifier, FakeWings wings) {
    }

    /** A user owning one installed server on a FakeWings node of its own; the egg hides BUILD_NUMBER and uses it in startup. */
    private Owned ownedServer() {
        String admin = adminToken();
        FakeWings wings = startWings();
        String node = attachedNode(admin, wings, "\"nodeType\":\"free_and_paid\",\"portRangeStart\":31000,\"portRangeEnd\":31100");
        JsonObject paper = Json.createReader(new StringReader(EggTest.paperEgg("Paper " + UUID.randomUUID().toString()
                .substring(0, 8)))).readObject();
        String egg = Json.createObjectBuilder(paper).add("startup", "java -jar {{SERVER_JARFILE}} --build {{BUILD_NUMBER}}")
                .build().toString();
        ApiClient.Response imported = api().post("/api/admin/eggs/import", egg, admin);
        assertEquals(201, imported.status(), imported.toString());
        String owner = userToken("scoped");
        ApiClient.Response created = api().post("/api/servers", "{\"name\":\"Survival\",\"eggId\":\""
                + imported.json().getString("id") + "\",\"memory\":1024,\"disk\":4096,\"nodeId\":\"" + node + "\"}", owner);
        assertEquals(201, created.status(), created.toString());
        String id = created.json().getString("id");
        await("installed", () -> NodeTest.absent(api().get("/api/servers/" + id, owner).json(), "status"));
        return new Owned(admin, owner, id, created.json().getString("identifier"), wings);
    }


    /** A new organisation owned by {@code owner}; its id. */
    private String organisation(String owner) {
        return api().post("/api/organisations", "{\"name\":\"Guild\",\"handle\":\"g-" + UUID.randomUUID().toString()
                .substring(0, 8) + "\"}", owner).json().getString("id");
    }

    /** Invites a new account to the organisation (with the given extra invite fields) and has it accept; its session token. */
    private String joined(String owner, String org, String extra) {
        String email = register("member");
        ApiClient.Response invite = api().post("/api/organisations/" + org + "/invites", "{\"email\":\"" + email + "\"" + extra + "}", owner);
        assertEquals(201, invite.status(), invite.toString());
        String member = token(email);
        assertEquals(200, api().post("/api/organisations/invites/accept", "{\"token\":\"" + invite.json().getString("token")
                + "\"}", member).status());
        return member;
    }

    private static List<String> strings(JsonObject object, String array) {
        return object.getJsonArray(array).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    @Test
    void anEmptyScopeReadsItsOwnProfileAndNothingElse() {
        Owned o = ownedServer();
        String empty = apiKey(o.owner);
        assertEquals(200, api().get("/api/users/me", empty).status(), "its own profile");

        ApiClient.Response sshKey = api().post("/api/ssh-keys", "{\"name\":\"laptop\",\"publicKey\":\"" + SshKeyTest.newKey("ed25519", null) + "\"}", empty);
        assertEquals(403, sshKey.status(), sshKey.toString());
        assertEquals(0, api().get("/api/ssh-keys", o.owner).array().size(), "no SSH key was added");
        assertEquals(403, api().get("/api/sessions", empty).status());
        assertEquals(403, api().post("/api/auth/2fa/setup", "", empty).status());
        assertEquals(403, api().post("/api/apikeys", "{\"name\":\"more\",\"permissions\":[\"*\"]}", empty).status());
        assertEquals(403, api().put("/api/users/me", "{\"name\":\"Renamed\"}", empty).status());
        assertEquals("scoped", api().get("/api/users/me", o.owner).json().getString("name"), "the name is unchanged");

        assertEquals(0, api().get("/api/client", empty).json().getJsonArray("data").size(), "no server is reachable");
        assertEquals(0, api().get("/api/servers", empty).json().getJsonArray("data").size());
        String base = "/api/client/servers/" + o.identifier;
        assertEquals(404, api().get(base, empty).status(), "its owner's server is not found through this key");
        assertEquals(404, api().post(base + "/power", "{\"signal\":\"stop\"}", empty).status());
        assertEquals(404, api().get(base + "/websocket", empty).status());
        assertEquals(404, api().post(base + "/users", "{\"email\":\"x@example.com\",\"permissions\":[\"control.console\"]}",
                empty).status());
        assertEquals(404, api().post("/api/servers/" + o.serverId + "/reinstall", "", empty).status());
        assertEquals(404, api().delete("/api/servers/" + o.serverId, empty).status());
        assertEquals(200, api().get("/api/servers/" + o.serverId, o.owner).status(), "the server is still there");
        assertTrue(o.wings.servers().containsKey(api().get("/api/servers/" + o.serverId, o.owner).json().getString("uuid")));
    }

    @Test
    void serverKeysInTheScopeNarrowTheOwnersGrant() {
        Owned o = ownedServer();
        String base = "/api/client/servers/" + o.identifier;

        String startOnly = apiKey(o.owner, "control.start");
        JsonObject seen = api().get(base, startOnly).json();
        assertEquals(List.of("control.start"), strings(seen.getJsonObject("meta"), "user_permissions"));
        assertEquals(204, api().post(base + "/power", "{\"signal\":\"start\"}", startOnly).status());
        assertEquals(403, api().post(base + "/power", "{\"signal\":\"stop\"}", startOnly).status());
        assertEquals(403, api().get(base + "/websocket", startOnly).status(), "no websocket.connect in the scope");
        assertEquals(403, api().delete("/api/servers/" + o.serverId, startOnly).status(), "deleting needs settings.delete");

        String console = apiKey(o.owner, "control.*", "websocket.connect");
        assertEquals(List.of("control.console", "control.restart", "control.start", "control.stop", "websocket.connect"),
                strings(api().get(base, console).json().getJsonObject("meta"), "user_permissions"));
        JsonObject credentials = api().get(base + "/websocket", console).json();
        String[] jwt = credentials.getJsonObject("data").getString("token").split("\\.");
        JsonObject claims = Json.createReader(new StringReader(new String(Base64.getUrlDecoder().decode(jwt[1]),
                StandardCharsets.UTF_8))).readObject();
        assertEquals(List.of("control.console", "control.restart", "control.start", "control.stop", "websocket.connect"),
                strings(claims, "permissions"), "the console JWT carries the intersection, not the owner's *");

        String everything = apiKey(o.owner, "*");
        assertEquals(List.of("*"), strings(api().get(base, everything).json().getJsonObject("meta"), "user_permissions"),
                "a * key keeps Pterodactyl's behaviour");
    }

    @Test
    void aNarrowKeyListsOnlyTheSharedServersItReaches() {
        Owned o = ownedServer();
        String email = register("friend");
        ApiClient.Response added = api().post("/api/client/servers/" + o.identifier + "/users", "{\"email\":\"" + email
                + "\",\"permissions\":[\"control.console\"]}", o.owner);
        assertEquals(200, added.status(), added.toString());
        String friend = token(email);
        assertEquals(0, api().get("/api/client", apiKey(friend, "file.read")).json().getJsonArray("data").size(),
                "a key for files lists no server the friend may only use the console of");
        assertEquals(1, api().get("/api/client", apiKey(friend, "control.*")).json().getJsonArray("data").size());
        assertEquals(1, api().get("/api/client", friend).json().getJsonArray("data").size(), "the session sees it");
    }

    @Test
    void anAdministratorsKeyScopedToOneKeyReachesOnlyTheServersItOwns() {
        Owned o = ownedServer();
        String adminKey = apiKey(o.admin, "control.start");
        assertEquals(404, api().get("/api/client/servers/" + o.identifier, adminKey).status(),
                "reaching other people's servers needs servers:* in the scope");
        assertEquals(200, api().get("/api/client/servers/" + o.identifier, apiKey(o.admin, "servers:*")).status());
    }

    @Test
    void aRefusedInvitationAnswerChangesNothing() {
        String owner = userToken("orgowner");
        String org = organisation(owner);
        String email = register("invitee");
        ApiClient.Response invite = api().post("/api/organisations/" + org + "/invites", "{\"email\":\"" + email + "\"}", owner);
        assertEquals(201, invite.status(), invite.toString());
        String invitee = token(email);
        String body = "{\"token\":\"" + invite.json().getString("token") + "\"}";

        // Before the fix the join committed, then reading the organisation back was refused with 403.
        ApiClient.Response refused = api().post("/api/organisations/invites/accept", body, apiKey(invitee, "account:profile"));
        assertEquals(403, refused.status(), refused.toString());
        assertEquals(1, api().get("/api/organisations/" + org + "/members", owner).array().size(), "the invitee did not join");

        assertEquals(200, api().post("/api/organisations/invites/accept", body, apiKey(invitee, "organisations:join")).status());
        assertEquals(2, api().get("/api/organisations/" + org + "/members", owner).array().size());
    }

    @Test
    void aGlobalPermissionNeverReachesIntoAnOrganisation() {
        String admin = adminToken();
        String egg = importEgg(admin);
        FakeWings wings = startWings();
        String node = attachedNode(admin, wings, "\"nodeType\":\"free_and_paid\",\"portRangeStart\":31200,\"portRangeEnd\":31300");
        String owner = userToken("orgowner");
        String org = organisation(owner);
        String body = "{\"name\":\"Intruder\",\"eggId\":\"" + egg + "\",\"memory\":512,\"disk\":1024,\"nodeId\":\"" + node
                + "\",\"organisationId\":\"" + org + "\"}";

        String stranger = userToken("stranger");
        ApiClient.Response outside = api().post("/api/servers", body, stranger);
        assertEquals(400, outside.status(), "the default role's servers:create admits nobody into an organisation: " + outside);
        String member = joined(owner, org, "");
        ApiClient.Response plainMember = api().post("/api/servers", body, member);
        assertEquals(400, plainMember.status(), "a plain member holds no servers:create in the organisation: " + plainMember);
        assertEquals(0, api().get("/api/servers?organisationId=" + org, owner).json().getJsonArray("data").size(),
                "no server was created in the organisation");
    }

    @Test
    void anOrganisationsEnterpriseNodeTakesOnlyItsServers() {
        String admin = adminToken();
        String egg = importEgg(admin);
        FakeWings wings = startWings();
        String node = attachedNode(admin, wings, "\"nodeType\":\"enterprise\",\"portRangeStart\":31400,\"portRangeEnd\":31500");
        String ownerToken = userToken("entowner");
        String owner = token(api().put("/api/admin/users/" + userId(ownerToken), "{\"tier\":\"enterprise\"}", admin)
                .json().getString("email"));
        String org = api().post("/api/organisations", "{\"name\":\"Hosts\",\"handle\":\"h-" + UUID.randomUUID().toString()
                .substring(0, 8) + "\"}", owner).json().getString("id");
        assertEquals(200, api().post("/api/nodes/" + node + "/assign-org", "{\"organisationId\":\"" + org + "\"}", admin).status());
        await("healthy", () -> api().get("/api/nodes/available?organisationId=" + org, owner).body().contains(node));

        assertFalse(api().get("/api/nodes/available", owner).body().contains(node), "not for personal servers");
        ApiClient.Response personal = api().post("/api/servers", "{\"name\":\"Mine\",\"eggId\":\"" + egg
                + "\",\"memory\":512,\"disk\":1024,\"nodeId\":\"" + node + "\"}", owner);
        assertEquals(400, personal.status(), "a personal server is refused on the organisation's node: " + personal);
        ApiClient.Response asOrg = api().post("/api/servers", "{\"name\":\"Ours\",\"eggId\":\"" + egg
                + "\",\"memory\":512,\"disk\":1024,\"nodeId\":\"" + node + "\",\"organisationId\":\"" + org + "\"}", owner);
        assertEquals(201, asOrg.status(), asOrg.toString());
        assertEquals(404, api().get("/api/nodes/available?organisationId=" + org, userToken("outsider")).status());
    }

    @Test
    void plainMembersDoNotSeeWhereOthersConnectFrom() {
        String owner = userToken("orgowner");
        String org = organisation(owner);
        String member = joined(owner, org, "");
        String path = "/api/organisations/" + org + "/activity";
        assertTrue(api().get(path, owner).json().getJsonArray("data").getValuesAs(JsonObject.class).stream()
                .allMatch(e -> e.containsKey("ip") && !e.isNull("ip")), "owners see addresses");
        List<JsonObject> seen = api().get(path, member).json().getJsonArray("data").getValuesAs(JsonObject.class);
        assertFalse(seen.isEmpty());
        assertTrue(seen.stream().allMatch(e -> !e.containsKey("ip") || e.isNull("ip")), "a plain member sees none: " + seen);
    }

    /** Wings' deny-list id for a user's console tokens on a server: md5(user id + server uuid). */
    private static String consoleJti(String userId, String serverUuid) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                .digest((userId + serverUuid).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void revokingAKeyOrSuspendingTheAccountDeniesItsConsoleTokensAtWings() throws Exception {
        Owned o = ownedServer();
        String uuid = api().get("/api/servers/" + o.serverId, o.owner).json().getString("uuid");
        String jti = consoleJti(userId(o.owner), uuid);
        ApiClient.Response created = api().post("/api/apikeys", "{\"name\":\"console\",\"permissions\":[\"*\"]}", o.owner);
        String key = created.json().getString("key");
        assertEquals(200, api().get("/api/client/servers/" + o.identifier + "/websocket", key).status());
        assertFalse(o.wings.deniedJtis().contains(jti));

        assertEquals(204, api().delete("/api/apikeys/" + created.json().getString("id"), o.owner).status());
        await("the revoked key's console token is denied at Wings", () -> o.wings.deniedJtis().contains(jti));

        Owned other = ownedServer();
        String otherUuid = api().get("/api/servers/" + other.serverId, other.owner).json().getString("uuid");
        String otherJti = consoleJti(userId(other.owner), otherUuid);
        assertEquals(200, api().get("/api/client/servers/" + other.identifier + "/websocket", other.owner).status());
        assertEquals(200, api().put("/api/admin/users/" + userId(other.owner), "{\"suspended\":true}", other.admin).status());
        await("a suspended account's console tokens are denied at Wings", () -> other.wings.deniedJtis().contains(otherJti));
    }

    @Test
    void aDenialANodeCouldNotTakeReachesItWhenItIsBack() throws Exception {
        Owned o = ownedServer();
        String uuid = api().get("/api/servers/" + o.serverId, o.owner).json().getString("uuid");
        String jti = consoleJti(userId(o.owner), uuid);
        ApiClient.Response created = api().post("/api/apikeys", "{\"name\":\"console\",\"permissions\":[\"*\"]}", o.owner);
        assertEquals(200, api().get("/api/client/servers/" + o.identifier + "/websocket", created.json().getString("key")).status());

        o.wings.mode(FakeWings.Mode.DOWN);
        try {
            assertEquals(204, api().delete("/api/apikeys/" + created.json().getString("id"), o.owner).status());
            Thread.sleep(1000); // the first denial meets the node down
        } finally {
            o.wings.mode(FakeWings.Mode.UP);
        }
        assertFalse(o.wings.deniedJtis().contains(jti), "nothing reached the node while it was down");
        await("the denial is retried once the node is back", () -> o.wings.deniedJtis().contains(jti));
    }

    /** Console credentials for the server, as {@code token} asks for them: the token's deny-list id. */
    private String consoleToken(String token, String identifier, String uuid) throws Exception {
        ApiClient.Response credentials = api().get("/api/client/servers/" + identifier + "/websocket", token);
        assertEquals(200, credentials.status(), credentials.toString());
        assertTrue(credentials.json().containsKey("token"), credentials.toString());
        return consoleJti(userId(token), uuid);
    }

    @Test
    void aRoleLosingPermissionsOrDeletedDeniesItsHoldersConsoleTokensAtWings() throws Exception {
        Owned o = ownedServer();
        String uuid = api().get("/api/servers/" + o.serverId, o.owner).json().getString("uuid");
        String ops = api().post("/api/roles", "{\"name\":\"ops-" + System.nanoTime() + "\",\"permissions\":[\"servers:*\"]}",
                o.admin).json().getString("id");
        String staff = userToken("staff");
        assertEquals(200, api().post("/api/users/" + userId(staff) + "/roles", "{\"roleId\":\"" + ops + "\"}", o.admin).status());
        String staffJti = consoleToken(staff, o.identifier, uuid);
        String ownerJti = consoleToken(o.owner, o.identifier, uuid);

        // Edits that take nothing from the staff: a rename, a role only someone else holds, a wider set.
        assertEquals(200, api().put("/api/roles/" + ops, "{\"name\":\"operators-" + System.nanoTime() + "\",\"description\":\"x\"}",
                o.admin).status());
        String other = api().post("/api/roles", "{\"name\":\"other-" + System.nanoTime() + "\",\"permissions\":[\"users:read\"]}",
                o.admin).json().getString("id");
        String bystander = userToken("bystander");
        assertEquals(200, api().post("/api/users/" + userId(bystander) + "/roles", "{\"roleId\":\"" + other + "\"}", o.admin).status());
        assertEquals(200, api().put("/api/roles/" + other, "{\"permissions\":[\"audit:read\"]}", o.admin).status());
        assertEquals(200, api().put("/api/roles/" + ops, "{\"permissions\":[\"servers:*\",\"users:read\"]}", o.admin).status());
        Thread.sleep(1000); // denials run as jobs of their own: give a wrong one time to arrive
        assertFalse(o.wings.deniedJtis().contains(staffJti), "nothing the staff held was taken");
        assertFalse(o.wings.deniedJtis().contains(ownerJti));

        assertEquals(200, api().put("/api/roles/" + ops, "{\"permissions\":[\"users:read\"]}", o.admin).status());
        await("a holder of the narrowed role has its console token denied at Wings", () -> o.wings.deniedJtis().contains(staffJti));
        assertFalse(o.wings.deniedJtis().contains(ownerJti), "the owner holds no role that changed");

        String again = api().post("/api/roles", "{\"name\":\"ops-" + System.nanoTime() + "\",\"permissions\":[\"servers:*\"]}",
                o.admin).json().getString("id");
        String staff2 = userToken("staff");
        assertEquals(200, api().post("/api/users/" + userId(staff2) + "/roles", "{\"roleId\":\"" + again + "\"}", o.admin).status());
        String staff2Jti = consoleToken(staff2, o.identifier, uuid);
        assertEquals(204, api().delete("/api/roles/" + again, o.admin).status());
        await("a holder of the deleted role has its console token denied at Wings", () -> o.wings.deniedJtis().contains(staff2Jti));
        assertFalse(o.wings.deniedJtis().contains(ownerJti));
    }

    @Test
    void anOrganisationRoleLosingPermissionsOrDeletedDeniesItsMembersConsoleTokensAtWings() throws Exception {
        Owned o = ownedServer();
        String org = organisation(o.admin);
        JsonObject shared = api().get("/api/servers/" + o.serverId, o.admin).json();
        ApiClient.Response created = api().post("/api/servers", "{\"name\":\"Shared\",\"eggId\":\"" + shared.getString("eggId")
                + "\",\"memory\":512,\"disk\":1024,\"nodeId\":\"" + shared.getString("nodeId") + "\",\"organisationId\":\"" + org + "\"}",
                o.admin);
        assertEquals(201, created.status(), created.toString());
        String id = created.json().getString("id");
        String identifier = created.json().getString("identifier");
        String uuid = created.json().getString("uuid");
        await("installed", () -> NodeTest.absent(api().get("/api/servers/" + id, o.admin).json(), "status"));
        String rolesPath = "/api/organisations/" + org + "/roles";
        String ops = api().post(rolesPath, "{\"name\":\"ops\",\"permissions\":[\"servers:manage\"]}", o.admin).json().getString("id");
        String keep = api().post(rolesPath, "{\"name\":\"keep\",\"permissions\":[\"servers:manage\"]}", o.admin).json().getString("id");
        String operator = joined(o.admin, org, ",\"roleId\":\"" + ops + "\"");
        String keeper = joined(o.admin, org, ",\"roleId\":\"" + keep + "\"");
        String operatorJti = consoleToken(operator, identifier, uuid);
        String keeperJti = consoleToken(keeper, identifier, uuid);

        assertEquals(200, api().put(rolesPath + "/" + ops, "{\"name\":\"operators\"}", o.admin).status());
        Thread.sleep(1000); // denials run as jobs of their own: give a wrong one time to arrive
        assertFalse(o.wings.deniedJtis().contains(operatorJti), "a rename takes nothing");

        assertEquals(200, api().put(rolesPath + "/" + ops, "{\"permissions\":[\"dns:read\"]}", o.admin).status());
        await("a member holding the narrowed role has its console token denied at Wings",
                () -> o.wings.deniedJtis().contains(operatorJti));
        assertFalse(o.wings.deniedJtis().contains(keeperJti), "another role's member keeps its token");

        assertEquals(204, api().delete(rolesPath + "/" + keep, o.admin).status());
        await("a member holding the deleted role has its console token denied at Wings",
                () -> o.wings.deniedJtis().contains(keeperJti));
    }

    @Test
    void organisationGrantsStayWithinWhatTheyName() {
        Owned o = ownedServer();
        String node = api().get("/api/servers/" + o.serverId, o.admin).json().getString("nodeId");
        String org = organisation(o.admin);
        ApiClient.Response orgServer = api().post("/api/servers", "{\"name\":\"Shared\",\"eggId\":\""
                + api().get("/api/servers/" + o.serverId, o.admin).json().getString("eggId") + "\",\"memory\":512,\"disk\":1024,"
                + "\"nodeId\":\"" + node + "\",\"organisationId\":\"" + org + "\"}", o.admin);
        assertEquals(201, orgServer.status(), orgServer.toString());
        String role = api().post("/api/organisations/" + org + "/roles", "{\"name\":\"ops\",\"permissions\":[\"servers:manage\"]}",
                o.admin).json().getString("id");
        String operator = joined(o.admin, org, ",\"roleId\":\"" + role + "\"");
        String id = orgServer.json().getString("id");
        assertEquals(403, api().delete("/api/servers/" + id, operator).status(), "servers:manage is no servers:delete");
        assertEquals(200, api().get("/api/servers/" + id, o.admin).status(), "the server is still there");

        // The owner's key names members:manage but not what an owner holds: it cannot make owners or hand over the organisation.
        String narrow = apiKey(o.admin, "organisations:read", "organisations:members:manage");
        String operatorId = userId(operator);
        ApiClient.Response promote = api().put("/api/organisations/" + org + "/members/" + operatorId, "{\"role\":\"owner\"}", narrow);
        assertEquals(403, promote.status(), promote.toString());
        ApiClient.Response handOver = api().post("/api/organisations/" + org + "/transfer", "{\"userId\":\"" + operatorId + "\"}", narrow);
        assertEquals(403, handOver.status(), handOver.toString());
        assertTrue(api().get("/api/organisations/" + org + "/members", o.admin).array().getValuesAs(JsonObject.class).stream()
                .filter(m -> m.getString("userId", "").equals(operatorId)).allMatch(m -> m.getString("role").equals("member")),
                "the operator is still a plain member");
    }

    @Test
    void aKeyMayBeScopedToWhatTheAccountHoldsThroughAnOrganisationRole() {
        String owner = userToken("guildowner");
        String org = organisation(owner);
        String other = organisation(userToken("otherowner"));
        String scoped = apiKey(owner, "organisations:read", "organisations:update");
        ApiClient.Response renamed = api().put("/api/organisations/" + org, "{\"name\":\"Renamed\"}", scoped);
        assertEquals(200, renamed.status(), renamed.toString());
        assertEquals(404, api().put("/api/organisations/" + other, "{\"name\":\"Taken\"}", scoped).status(),
                "the scope narrows what the account holds, it reaches no other organisation");

        ApiClient.Response panelPermission = api().post("/api/apikeys", "{\"name\":\"k\",\"permissions\":[\"users:update\"]}", owner);
        assertEquals(403, panelPermission.status(), "an owner's * inside its organisation is no panel permission: " + panelPermission);

        String member = joined(owner, org, "");
        ApiClient.Response beyondRole = api().post("/api/apikeys", "{\"name\":\"k\",\"permissions\":[\"organisations:update\"]}", member);
        assertEquals(403, beyondRole.status(), "a plain member does not hold organisations:update anywhere: " + beyondRole);
        assertEquals(201, api().post("/api/apikeys", "{\"name\":\"k\",\"permissions\":[\"organisations:read\"]}", member).status());
        String loner = userToken("loner");
        assertEquals(403, api().post("/api/apikeys", "{\"name\":\"k\",\"permissions\":[\"organisations:read\"]}", loner).status(),
                "an account in no organisation holds no organisation permission");
    }

    @Test
    void aNodeHoldingOthersServersIsNotGivenToAnOrganisation() {
        String admin = adminToken();
        String egg = importEgg(admin);
        FakeWings wings = startWings();
        String node = attachedNode(admin, wings, "\"nodeType\":\"enterprise\",\"portRangeStart\":31600,\"portRangeEnd\":31700");
        await("healthy", () -> api().get("/api/nodes/available", admin).body().contains(node));
        ApiClient.Response personal = api().post("/api/servers", "{\"name\":\"Staff\",\"eggId\":\"" + egg
                + "\",\"memory\":512,\"disk\":1024,\"nodeId\":\"" + node + "\"}", admin);
        assertEquals(201, personal.status(), personal.toString());
        String org = organisation(userToken("orgowner"));
        ApiClient.Response assign = api().post("/api/nodes/" + node + "/assign-org", "{\"organisationId\":\"" + org + "\"}", admin);
        assertEquals(409, assign.status(), "its members would read credentials reaching a server not theirs: " + assign);
        assertTrue(NodeTest.absent(api().get("/api/nodes/" + node, admin).json(), "organisationId"), "the node stays unassigned");
    }

    @Test
    void hiddenEggVariablesNeverReachUsers() {
        Owned o = ownedServer();
        JsonObject client = api().get("/api/client/servers/" + o.identifier, o.owner).json().getJsonObject("attributes");
        assertEquals("java -jar server.jar --build [hidden]", client.getString("invocation"));
        JsonObject mine = api().get("/api/servers/" + o.serverId, o.owner).json().getJsonObject("environment");
        assertFalse(mine.containsKey("BUILD_NUMBER"), mine.toString());
        assertTrue(api().get("/api/servers/" + o.serverId, o.admin).json().getJsonObject("environment")
                .containsKey("BUILD_NUMBER"), "server administrators see every variable");
    }
}
