package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.api.FakeCloudflare;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Organisation DNS against a fake Cloudflare that speaks the real v4 HTTP and JSON. */
@HelidonTest
class DnsZoneTest extends PanelTest {
    private static FakeCloudflare cloudflare;

    @AddConfigSource
    static ConfigSource config() {
        cloudflare = FakeCloudflare.start("panel-token", "org-token");
        return panelConfig(Map.of("wingman.dns.cloudflare.api-base", cloudflare.baseUrl(),
                "wingman.dns.cloudflare.api-token", "panel-token"));
    }

    @AfterAll
    static void stopCloudflare() {
        cloudflare.close();
    }

    private record Org(String id, String ownerToken) {
    }

    private Org organisation() {
        String owner = userToken("dnsowner");
        ApiClient.Response created = api().post("/api/organisations",
                "{\"name\":\"DNS\",\"handle\":\"dns-" + UUID.randomUUID().toString().substring(0, 8) + "\"}", owner);
        return new Org(created.json().getString("id"), owner);
    }

    private static String domain() {
        return "z" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
    }

    private String zones(Org org) {
        return "/api/organisations/" + org.id + "/dns/zones";
    }

    @Test
    void zoneAndRecordLifecycle() {
        Org org = organisation();
        String domain = domain();
        ApiClient.Response zone = api().post(zones(org), "{\"name\":\"" + domain.toUpperCase() + "\"}", org.ownerToken);
        assertEquals(201, zone.status(), zone.toString());
        assertEquals(domain, zone.json().getString("name"));
        assertEquals(2, zone.json().getJsonArray("nameServers").size());
        assertTrue(cloudflare.hasZone(domain));
        String zoneId = zone.json().getString("id");
        assertEquals(409, api().post(zones(org), "{\"name\":\"" + domain + "\"}", org.ownerToken).status());
        assertEquals(400, api().post(zones(org), "{\"name\":\"not a domain\"}", org.ownerToken).status());

        String records = zones(org) + "/" + zoneId + "/records";
        ApiClient.Response a = api().post(records, "{\"type\":\"A\",\"name\":\"play\",\"content\":\"203.0.113.10\",\"ttl\":300}", org.ownerToken);
        assertEquals(201, a.status(), a.toString());
        assertEquals("play." + domain, a.json().getString("name"));
        String recordId = a.json().getString("id");

        ApiClient.Response srv = api().post(records, "{\"type\":\"SRV\",\"name\":\"_minecraft._tcp.play\",\"priority\":0,"
                + "\"weight\":5,\"port\":25565,\"target\":\"node1.example.net\"}", org.ownerToken);
        assertEquals(201, srv.status(), srv.toString());
        assertEquals(25565, srv.json().getInt("port"));

        ApiClient.Response listed = api().get(records, org.ownerToken);
        assertEquals(2, listed.array().size());

        ApiClient.Response updated = api().put(records + "/" + recordId, "{\"type\":\"A\",\"name\":\"play\",\"content\":\"203.0.113.20\"}", org.ownerToken);
        assertEquals(200, updated.status(), updated.toString());
        assertEquals("203.0.113.20", updated.json().getString("content"));
        assertEquals(204, api().delete(records + "/" + recordId, org.ownerToken).status());
        assertEquals(404, api().delete(records + "/" + recordId, org.ownerToken).status(), "already gone at the provider");

        ApiClient.Response activity = api().get("/api/organisations/" + org.id + "/activity?action=dns.record.create", org.ownerToken);
        assertEquals(2, activity.json().getJsonObject("meta").getInt("total"));

        assertEquals(204, api().delete(zones(org) + "/" + zoneId, org.ownerToken).status());
        assertFalse(cloudflare.hasZone(domain));
        assertEquals(0, api().get(zones(org), org.ownerToken).array().size());
    }

    @Test
    void badRecordsAre400BeforeTheProviderIsAsked() {
        Org org = organisation();
        String zoneId = api().post(zones(org), "{\"name\":\"" + domain() + "\"}", org.ownerToken).json().getString("id");
        String records = zones(org) + "/" + zoneId + "/records";
        Map<String, String> cases = Map.of(
                "{\"type\":\"A\",\"name\":\"x\",\"content\":\"999.1.1.1\"}", "content",
                "{\"type\":\"AAAA\",\"name\":\"x\",\"content\":\"10.0.0.1\"}", "content",
                "{\"type\":\"MX\",\"name\":\"x\",\"content\":\"mail.example.com\"}", "type",
                "{\"type\":\"SRV\",\"name\":\"game\",\"port\":1,\"priority\":0,\"weight\":0,\"target\":\"a.example.com\"}", "name",
                "{\"type\":\"SRV\",\"name\":\"_g._udp.x\",\"port\":70000,\"priority\":0,\"weight\":0,\"target\":\"a.example.com\"}", "port",
                "{\"type\":\"TXT\",\"name\":\"x\",\"content\":\"\"}", "content",
                "{\"type\":\"A\",\"name\":\"x\",\"content\":\"192.0.2.1\",\"ttl\":5}", "ttl");
        cases.forEach((body, field) -> {
            ApiClient.Response response = api().post(records, body, org.ownerToken);
            assertEquals(400, response.status(), body + " -> " + response);
            assertEquals(field, response.json().getString("field"), body);
        });
    }

    @Test
    void providerErrorsAre502AndLeaveNothingBehind() {
        Org org = organisation();
        String domain = domain();
        cloudflare.failNext(400, 1061, domain + " already exists");
        ApiClient.Response refused = api().post(zones(org), "{\"name\":\"" + domain + "\"}", org.ownerToken);
        assertEquals(502, refused.status(), refused.toString());
        assertThat(refused.json().getString("error"), containsString(domain + " already exists (1061)"));
        assertEquals(0, api().get(zones(org), org.ownerToken).array().size(), "no zone stored");

        ApiClient.Response badToken = api().post(zones(org), "{\"name\":\"" + domain + "\",\"apiToken\":\"stolen\"}", org.ownerToken);
        assertEquals(502, badToken.status());
        assertThat(badToken.json().getString("error"), containsString("Invalid access token"));

        ApiClient.Response own = api().post(zones(org), "{\"name\":\"" + domain + "\",\"apiToken\":\"org-token\"}", org.ownerToken);
        assertEquals(201, own.status(), own.toString());
        assertTrue(own.json().getBoolean("ownToken"));
        assertFalse(own.body().contains("org-token"), "the token is never shown back");
        String records = zones(org) + "/" + own.json().getString("id") + "/records";
        cloudflare.failNext(400, 81057, "Record already exists.");
        ApiClient.Response duplicate = api().post(records, "{\"type\":\"TXT\",\"name\":\"@\",\"content\":\"v=spf1 -all\"}", org.ownerToken);
        assertEquals(502, duplicate.status());
        assertEquals("Cloudflare: Record already exists. (81057)", duplicate.json().getString("error"));
        assertEquals(201, api().post(records, "{\"type\":\"TXT\",\"name\":\"@\",\"content\":\"v=spf1 -all\"}", org.ownerToken).status());
    }

    @Test
    void otherOrganisationsSee404AndMembersOnlyRead() {
        Org org = organisation();
        String zoneId = api().post(zones(org), "{\"name\":\"" + domain() + "\"}", org.ownerToken).json().getString("id");
        String outsider = userToken("outsider");
        for (ApiClient.Response r : new ApiClient.Response[] {
                api().get(zones(org), outsider),
                api().get(zones(org) + "/" + zoneId + "/records", outsider),
                api().post(zones(org) + "/" + zoneId + "/records", "{\"type\":\"A\",\"name\":\"x\",\"content\":\"192.0.2.1\"}", outsider),
                api().delete(zones(org) + "/" + zoneId, outsider)}) {
            assertEquals(404, r.status(), r.toString());
        }
        Org other = organisation();
        assertEquals(404, api().get(zones(other) + "/" + zoneId + "/records", other.ownerToken).status(),
                "a zone id from another organisation is not found");

        String memberEmail = register("dnsmember");
        String invite = api().post("/api/organisations/" + org.id + "/invites", "{\"email\":\"" + memberEmail + "\"}", org.ownerToken)
                .json().getString("token");
        String member = token(memberEmail);
        api().post("/api/organisations/invites/accept", "{\"token\":\"" + invite + "\"}", member);
        assertEquals(200, api().get(zones(org), member).status());
        assertEquals(403, api().post(zones(org) + "/" + zoneId + "/records", "{\"type\":\"A\",\"name\":\"x\",\"content\":\"192.0.2.1\"}", member).status());
    }

    @Test
    void theDnsFlagGatesEveryEndpoint() {
        Org org = organisation();
        String admin = adminToken();
        assertEquals(200, api().put("/api/admin/features", "{\"dns\":false}", admin).status());
        try {
            for (ApiClient.Response r : new ApiClient.Response[] {
                    api().get(zones(org), org.ownerToken),
                    api().post(zones(org), "{\"name\":\"" + domain() + "\"}", org.ownerToken),
                    api().get(zones(org) + "/any/records", null),
                    api().delete(zones(org) + "/any/records/any", org.ownerToken)}) {
                assertEquals(503, r.status(), r.toString());
                assertEquals("{\"error\":\"Feature 'dns' is disabled\"}", r.body());
            }
        } finally {
            api().put("/api/admin/features", "{\"dns\":true}", admin);
        }
        JsonObject features = api().get("/api/public/features", null).json();
        assertTrue(features.getBoolean("dns"));
        assertEquals(200, api().get(zones(org), org.ownerToken).status());
    }
}
