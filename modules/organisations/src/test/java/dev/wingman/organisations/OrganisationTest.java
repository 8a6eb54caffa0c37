package dev.wingman.organisations;

import dev.wingman.organisations.api.OrganisationAccess;
import dev.wingman.organisations.api.OrganisationResources;
import dev.wingman.organisations.api.OrganisationRoleDefaults;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.PermissionCatalogue;
import dev.wingman.platform.api.PermissionContributor;
import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.panel.PanelTest;
import io.helidon.microprofile.testing.AddBean;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@HelidonTest
@AddBean(OrganisationTest.OwnedServers.class)
@AddBean(OrganisationTest.ServerPermissions.class)
class OrganisationTest extends PanelTest {

    /** Stands in for the servers module: an organisation owns whatever count a test sets. */
    @ApplicationScoped
    public static class OwnedServers implements OrganisationResources {
        static final Map<String, Long> COUNTS = new ConcurrentHashMap<>();

        @Override
        public long countOwnedBy(String organisationId) {
            return COUNTS.getOrDefault(organisationId, 0L);
        }

        @Override
        public String kind() {
            return "servers";
        }
    }

    /**
     * Stands in for the servers module's contributions: the one server permission these tests grant
     * in an organisation role, declared as the servers module declares it, and the admin role's
     * {@code servers:*} as the servers module gives it.
     */
    @ApplicationScoped
    public static class ServerPermissions implements PermissionContributor, OrganisationRoleDefaults {
        @Override
        public Contribution contribution() {
            return Contribution.of("servers")
                    .permission("servers:read", "See servers (globally: every server; in an organisation: its servers)",
                            PermissionCatalogue.Context.PANEL, PermissionCatalogue.Context.ORGANISATION)
                    .build();
        }

        @Override
        public Map<String, Set<String>> builtInRoleGrants() {
            return Map.of(ADMIN, Set.of("servers:*"));
        }
    }

    @Inject
    @Named("wingman")
    DataSource dataSource;

    @Inject
    OrganisationAccess access;

    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(Map.of());
    }

    /** A user: e-mail, token and id. */
    private record Person(String email, String token, String id) {
    }

    private Person person(String who) {
        String email = register(who);
        String token = token(email);
        return new Person(email, token, userId(token));
    }

    private String createOrganisation(Person owner) {
        String handle = "org-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.Response created = api().post("/api/organisations", "{\"name\":\"Acme\",\"handle\":\"" + handle + "\"}", owner.token);
        assertEquals(201, created.status(), created.toString());
        assertEquals("owner", created.json().getString("role"));
        return created.json().getString("id");
    }

    /** Invites the person by e-mail and has them accept; answers nothing, asserts success. */
    private void join(String organisationId, Person inviter, Person invitee, String role) {
        ApiClient.Response invite = api().post("/api/organisations/" + organisationId + "/invites",
                "{\"email\":\"" + invitee.email + "\",\"role\":\"" + role + "\"}", inviter.token);
        assertEquals(201, invite.status(), invite.toString());
        ApiClient.Response accepted = api().post("/api/organisations/invites/accept",
                "{\"token\":\"" + invite.json().getString("token") + "\"}", invitee.token);
        assertEquals(200, accepted.status(), accepted.toString());
        assertEquals(role, accepted.json().getString("role"));
    }

    private String memberRole(String organisationId, Person viewer, Person member) {
        return api().get("/api/organisations/" + organisationId + "/members", viewer.token).array()
                .getValuesAs(JsonObject.class).stream().filter(m -> m.getString("userId").equals(member.id))
                .findFirst().orElseThrow().getString("role");
    }

    @Test
    void createListAndValidate() {
        Person owner = person("owner");
        String id = createOrganisation(owner);
        ApiClient.Response mine = api().get("/api/organisations", owner.token);
        assertEquals(1, mine.json().getJsonObject("meta").getInt("total"));
        assertEquals(id, mine.json().getJsonArray("data").getJsonObject(0).getString("id"));
        assertEquals(1, mine.json().getJsonArray("data").getJsonObject(0).getInt("memberCount"));

        ApiClient.Response badHandle = api().post("/api/organisations", "{\"name\":\"X\",\"handle\":\"No Spaces!\"}", owner.token);
        assertEquals(400, badHandle.status());
        assertEquals("handle", badHandle.json().getString("field"));
        String handle = api().get("/api/organisations/" + id, owner.token).json().getString("handle");
        assertEquals(409, api().post("/api/organisations", "{\"name\":\"Y\",\"handle\":\"" + handle + "\"}", owner.token).status());

        ApiClient.Response renamed = api().put("/api/organisations/" + id, "{\"name\":\"Acme Hosting\"}", owner.token);
        assertEquals(200, renamed.status(), renamed.toString());
        assertEquals("Acme Hosting", renamed.json().getString("name"));
    }

    @Test
    void anotherOrganisationsMembersSee404ForEverything() {
        Person alice = person("alice");
        Person mallory = person("mallory");
        String secret = createOrganisation(alice);
        createOrganisation(mallory);
        String base = "/api/organisations/" + secret;
        List<ApiClient.Response> attempts = List.of(
                api().get(base, mallory.token),
                api().put(base, "{\"name\":\"Pwned\"}", mallory.token),
                api().delete(base, mallory.token),
                api().get(base + "/members", mallory.token),
                api().put(base + "/members/" + alice.id, "{\"role\":\"member\"}", mallory.token),
                api().delete(base + "/members/" + alice.id, mallory.token),
                api().post(base + "/leave", null, mallory.token),
                api().post(base + "/transfer", "{\"userId\":\"" + mallory.id + "\"}", mallory.token),
                api().get(base + "/activity", mallory.token),
                api().get(base + "/roles", mallory.token),
                api().post(base + "/roles", "{\"name\":\"x\",\"permissions\":[]}", mallory.token),
                api().get(base + "/invites", mallory.token),
                api().post(base + "/invites", "{\"email\":\"" + mallory.email + "\"}", mallory.token));
        for (ApiClient.Response attempt : attempts) {
            assertEquals(404, attempt.status(), attempt.toString());
            assertEquals("Organisation not found", attempt.json().getString("error"));
        }
        assertEquals(404, api().get("/api/organisations/no-such-id", mallory.token).status());
        ApiClient.Response mine = api().get("/api/organisations", mallory.token);
        assertFalse(mine.body().contains(secret), "lists show only your own organisations");
        assertEquals("Acme", api().get(base, alice.token).json().getString("name"), "nothing changed");
    }

    @Test
    void inviteFlow() throws Exception {
        Person owner = person("inviter");
        Person bob = person("bob");
        Person eve = person("eve");
        String id = createOrganisation(owner);

        ApiClient.Response invite = api().post("/api/organisations/" + id + "/invites",
                "{\"email\":\"" + bob.email.toUpperCase() + "\",\"role\":\"member\"}", owner.token);
        assertEquals(201, invite.status(), invite.toString());
        String token = invite.json().getString("token");
        assertEquals("pending", invite.json().getString("status"));
        assertEquals(409, api().post("/api/organisations/" + id + "/invites", "{\"email\":\"" + bob.email + "\"}", owner.token).status(),
                "one pending invite per address");

        assertEquals(404, api().post("/api/organisations/invites/accept", "{\"token\":\"" + token + "\"}", eve.token).status(),
                "an invite is only for its e-mail");
        assertEquals(404, api().get("/api/organisations/" + id, bob.token).status(), "not a member before accepting");
        ApiClient.Response accepted = api().post("/api/organisations/invites/accept", "{\"token\":\"" + token + "\"}", bob.token);
        assertEquals(200, accepted.status(), accepted.toString());
        assertEquals(id, accepted.json().getString("id"));
        assertEquals(409, api().post("/api/organisations/invites/accept", "{\"token\":\"" + token + "\"}", bob.token).status(),
                "an invite is accepted once");
        assertEquals("member", memberRole(id, owner, bob));
        assertEquals(403, api().get("/api/organisations/" + id + "/invites", bob.token).status(), "members do not manage invites");
        assertEquals(409, api().post("/api/organisations/" + id + "/invites", "{\"email\":\"" + bob.email + "\"}", owner.token).status(),
                "already a member");

        String declined = api().post("/api/organisations/" + id + "/invites", "{\"email\":\"" + eve.email + "\"}", owner.token)
                .json().getString("token");
        assertEquals(204, api().post("/api/organisations/invites/decline", "{\"token\":\"" + declined + "\"}", eve.token).status());
        assertEquals(409, api().post("/api/organisations/invites/accept", "{\"token\":\"" + declined + "\"}", eve.token).status());

        ApiClient.Response revokedInvite = api().post("/api/organisations/" + id + "/invites", "{\"email\":\"" + eve.email + "\"}", owner.token);
        assertEquals(204, api().delete("/api/organisations/" + id + "/invites/" + revokedInvite.json().getString("id"), owner.token).status());
        assertEquals(410, api().post("/api/organisations/invites/accept",
                "{\"token\":\"" + revokedInvite.json().getString("token") + "\"}", eve.token).status());

        ApiClient.Response expiring = api().post("/api/organisations/" + id + "/invites", "{\"email\":\"" + eve.email + "\"}", owner.token);
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("update organisation_invites set expires_at = now() - interval '1 minute' where id = ?")) {
            s.setString(1, expiring.json().getString("id"));
            assertEquals(1, s.executeUpdate());
        }
        assertEquals(410, api().post("/api/organisations/invites/accept",
                "{\"token\":\"" + expiring.json().getString("token") + "\"}", eve.token).status());
        assertThat(api().get("/api/organisations/" + id + "/invites", owner.token).body(), containsString("\"expired\""));
    }

    @Test
    void rolesRanksAndTheLastOwner() {
        Person owner = person("first");
        Person admin = person("second");
        Person member = person("third");
        String id = createOrganisation(owner);
        join(id, owner, admin, "admin");
        join(id, admin, member, "member");
        String members = "/api/organisations/" + id + "/members/";

        assertEquals(403, api().post("/api/organisations/" + id + "/invites", "{\"email\":\"x@example.com\",\"role\":\"admin\"}", admin.token).status(),
                "only owners invite admins");
        assertEquals(403, api().put(members + member.id, "{\"role\":\"admin\"}", admin.token).status(), "only owners make admins");
        assertEquals(403, api().put(members + owner.id, "{\"role\":\"member\"}", admin.token).status(), "admins cannot touch owners");
        assertEquals(403, api().put(members + admin.id, "{\"role\":\"member\"}", member.token).status());

        assertEquals(409, api().post("/api/organisations/" + id + "/leave", null, owner.token).status(), "the last owner stays");
        assertEquals(409, api().put(members + owner.id, "{\"role\":\"admin\"}", owner.token).status(), "nor is demoted");

        ApiClient.Response transferred = api().post("/api/organisations/" + id + "/transfer", "{\"userId\":\"" + admin.id + "\"}", owner.token);
        assertEquals(200, transferred.status(), transferred.toString());
        assertEquals("owner", memberRole(id, owner, admin));
        assertEquals("admin", memberRole(id, owner, owner));
        assertEquals(204, api().post("/api/organisations/" + id + "/leave", null, owner.token).status());
        assertEquals(404, api().get("/api/organisations/" + id, owner.token).status(), "gone after leaving");

        assertEquals(204, api().delete(members + member.id, admin.token).status());
        assertEquals(404, api().get("/api/organisations/" + id, member.token).status());
    }

    @Test
    void customRolesGrantOrganisationPermissionsWithoutEscalation() {
        Person owner = person("boss");
        Person admin = person("lead");
        Person helper = person("helper");
        String id = createOrganisation(owner);
        join(id, owner, admin, "admin");
        join(id, owner, helper, "member");

        ApiClient.Response tooMuch = api().post("/api/organisations/" + id + "/roles", "{\"name\":\"god\",\"permissions\":[\"*\"]}", admin.token);
        assertEquals(403, tooMuch.status(), "an admin cannot mint * ");
        ApiClient.Response recruiter = api().post("/api/organisations/" + id + "/roles",
                "{\"name\":\"Recruiter\",\"permissions\":[\"organisations:invites:manage\",\"servers:read\"]}", admin.token);
        assertEquals(201, recruiter.status(), recruiter.toString());
        String roleId = recruiter.json().getString("id");
        assertEquals(409, api().post("/api/organisations/" + id + "/roles", "{\"name\":\"recruiter\",\"permissions\":[]}", admin.token).status());

        assertEquals(403, api().get("/api/organisations/" + id + "/invites", helper.token).status());
        ApiClient.Response assigned = api().put("/api/organisations/" + id + "/members/" + helper.id, "{\"roleId\":\"" + roleId + "\"}", admin.token);
        assertEquals(200, assigned.status(), assigned.toString());
        assertEquals("Recruiter", assigned.json().getJsonObject("customRole").getString("name"));
        assertEquals(200, api().get("/api/organisations/" + id + "/invites", helper.token).status());

        Caller helperCaller = new Caller(helper.id, helper.email, "free", null, null, Set.of(), null);
        assertTrue(access.allows(helperCaller, id, "servers:read"), "organisation roles count for owned resources");
        assertFalse(access.allows(helperCaller, id, "servers:delete"));

        assertEquals(204, api().delete("/api/organisations/" + id + "/roles/" + roleId, admin.token).status());
        assertEquals(403, api().get("/api/organisations/" + id + "/invites", helper.token).status(), "the role is gone");
    }

    @Test
    void activityRecordsEveryChange() {
        Person owner = person("chronicler");
        Person bob = person("joiner");
        String id = createOrganisation(owner);
        join(id, owner, bob, "member");
        api().put("/api/organisations/" + id, "{\"name\":\"Renamed\"}", owner.token);

        ApiClient.Response activity = api().get("/api/organisations/" + id + "/activity?sort=-createdAt", owner.token);
        assertEquals(200, activity.status(), activity.toString());
        List<String> actions = activity.json().getJsonArray("data").getValuesAs(JsonObject.class).stream()
                .map(e -> e.getString("action")).toList();
        assertThat(actions, hasItems("organisation.create", "invite.create", "invite.accept", "organisation.update"));
        assertEquals("organisation.update", actions.get(0), "newest first");
        assertEquals(200, api().get("/api/organisations/" + id + "/activity", bob.token).status(), "members can read it");
        assertEquals(400, api().get("/api/organisations/" + id + "/activity?sort=password", owner.token).status());
        assertFalse(api().get("/api/admin/audit?perPage=100", adminToken()).body().contains("invite.accept"),
                "organisation activity stays out of the panel's admin trail");
    }

    @Test
    void deletionAndAdminTier() {
        Person owner = person("leaver");
        Person admin = person("deputy");
        String id = createOrganisation(owner);
        join(id, owner, admin, "admin");
        assertEquals(403, api().delete("/api/organisations/" + id, admin.token).status());

        String panelAdmin = adminToken();
        assertEquals(403, api().put("/api/admin/organisations/" + id, "{\"tier\":\"enterprise\"}", owner.token).status());
        ApiClient.Response tier = api().put("/api/admin/organisations/" + id, "{\"tier\":\"enterprise\"}", panelAdmin);
        assertEquals(200, tier.status(), tier.toString());
        assertEquals("enterprise", api().get("/api/organisations/" + id, owner.token).json().getString("tier"));
        assertEquals(400, api().put("/api/admin/organisations/" + id, "{\"tier\":\"gold\"}", panelAdmin).status());
        ApiClient.Response all = api().get("/api/admin/organisations?perPage=100", panelAdmin);
        assertEquals(200, all.status());
        assertThat(all.body(), containsString(id));
        assertEquals(true, access.membership(owner.id, id).map(m -> m.tier().equals("enterprise")).orElse(false));

        OwnedServers.COUNTS.put(id, 3L);
        ApiClient.Response stillOwns = api().delete("/api/organisations/" + id, owner.token);
        assertEquals(409, stillOwns.status());
        assertEquals("The organisation still owns 3 servers; delete or move them first", stillOwns.json().getString("error"));
        OwnedServers.COUNTS.remove(id);
        assertEquals(204, api().delete("/api/organisations/" + id, owner.token).status());
        assertEquals(404, api().get("/api/organisations/" + id, owner.token).status());
        assertEquals(0, api().get("/api/organisations", admin.token).json().getJsonObject("meta").getInt("total"));
    }
}
