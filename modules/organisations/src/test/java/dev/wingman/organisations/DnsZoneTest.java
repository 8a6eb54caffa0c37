package dev.wingman.organisations;

import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.api.FakeCloudflare;
import dev.wingman.testkit.api.FakeDns;
import dev.wingman.testkit.panel.PanelTest;
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
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Organisation DNS against a fake Cloudflare that speaks the real v4 HTTP and JSON, and a DNS
 * server on UDP where tests publish the TXT records that prove control of a domain.
 */
@HelidonTest
class DnsZoneTest extends PanelTest {
    private static FakeCloudflare cloudflare;
    private static FakeDns dnsServer;

    @AddConfigSource
    static ConfigSource config() {
        cloudflare = FakeCloudflare.start("panel-token", "org-token");
        dnsServer = FakeDns.start();
        return panelConfig(Map.of("wingman.dns.cloudflare.api-base", cloudflare.baseUrl(),
                "wingman.dns.cloudflare.api-token", "panel-token",
                "wingman.dns.verification.resolvers", dnsServer.address(),
                "wingman.dns.verification.timeout", "PT2S"));
    }

    @AfterAll
    static void stopFakes() {
        cloudflare.close();
        dnsServer.close();
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

    /** Claims the domain, publishes its proof and verifies it: the zone as the verification answered it. */
    private JsonObject takenZone(Org org, String domain, String extraFields) {
        ApiClient.Response claim = api().post(zones(org), "{\"name\":\"" + domain + "\"" + extraFields + "}", org.ownerToken);
        assertEquals(201, claim.status(), claim.toString());
        JsonObject proof = claim.json().getJsonObject("verification");
        dnsServer.publishTxt(proof.getString("name"), proof.getString("value"));
        ApiClient.Response verified = api().post(zones(org) + "/" + claim.json().getString("id") + "/verify", "", org.ownerToken);
        assertEquals(200, verified.status(), verified.toString());
        return verified.json();
    }

    private String takenZoneId(Org org) {
        return takenZone(org, domain(), "").getString("id");
    }

    @Test
    void aZoneIsTakenOnlyOnceATxtRecordProvesControl() {
        Org org = organisation();
        String domain = domain();
        ApiClient.Response claim = api().post(zones(org), "{\"name\":\"" + domain.toUpperCase() + "\"}", org.ownerToken);
        assertEquals(201, claim.status(), claim.toString());
        assertEquals("unverified", claim.json().getString("status"));
        assertEquals(0, claim.json().getJsonArray("nameServers").size());
        JsonObject proof = claim.json().getJsonObject("verification");
        assertEquals("TXT", proof.getString("type"));
        assertEquals("_wingman-challenge." + domain, proof.getString("name"));
        assertThat(proof.getString("value"), startsWith("wingman-verification="));
        assertFalse(cloudflare.hasZone(domain), "a claim never reaches the provider");
        String zone = zones(org) + "/" + claim.json().getString("id");

        assertEquals(409, api().get(zone + "/records", org.ownerToken).status(), "an unverified zone has no records yet");
        assertEquals(409, api().post(zones(org), "{\"name\":\"" + domain + "\"}", org.ownerToken).status(), "claimed already");

        ApiClient.Response missing = api().post(zone + "/verify", "", org.ownerToken);
        assertEquals(409, missing.status(), missing.toString());
        assertEquals(proof.getString("value"), missing.json().getJsonObject("record").getString("value"));
        dnsServer.publishTxt(proof.getString("name"), "wingman-verification=someone-elses");
        ApiClient.Response wrong = api().post(zone + "/verify", "", org.ownerToken);
        assertEquals(409, wrong.status(), wrong.toString());
        assertEquals("wingman-verification=someone-elses", wrong.json().getJsonArray("found").getString(0));
        assertEquals("unverified", api().get(zone, org.ownerToken).json().getString("status"), "a failed proof changes nothing");

        dnsServer.failing(true);
        try {
            ApiClient.Response broken = api().post(zone + "/verify", "", org.ownerToken);
            assertEquals(502, broken.status(), broken.toString());
            assertThat(broken.json().getString("error"), containsString("SERVFAIL"));
        } finally {
            dnsServer.failing(false);
        }

        dnsServer.publishTxt(proof.getString("name"), proof.getString("value"));
        ApiClient.Response verified = api().post(zone + "/verify", "", org.ownerToken);
        assertEquals(200, verified.status(), verified.toString());
        assertEquals("pending", verified.json().getString("status"));
        assertEquals(2, verified.json().getJsonArray("nameServers").size());
        assertFalse(verified.json().containsKey("verification") && !verified.json().isNull("verification"));
        assertTrue(cloudflare.hasZone(domain));
        assertEquals(200, api().post(zone + "/verify", "", org.ownerToken).status(), "verifying again answers the zone");
        assertEquals(200, api().get(zone + "/records", org.ownerToken).status());

        ApiClient.Response activity = api().get("/api/organisations/" + org.id + "/activity?action=dns.zone.create", org.ownerToken);
        assertEquals(1, activity.json().getJsonObject("meta").getInt("total"));
    }

    @Test
    void aClaimBlocksNobodyAndTheFirstProofWins() {
        Org squatter = organisation();
        Org owner = organisation();
        String domain = domain();
        ApiClient.Response squat = api().post(zones(squatter), "{\"name\":\"" + domain + "\"}", squatter.ownerToken);
        assertEquals(201, squat.status(), squat.toString());

        takenZone(owner, domain, "");
        assertEquals(409, api().post(zones(squatter) + "/" + squat.json().getString("id") + "/verify", "", squatter.ownerToken).status(),
                "the squatter's claim cannot take a name proved by its owner");
        Org third = organisation();
        assertEquals(409, api().post(zones(third), "{\"name\":\"" + domain + "\"}", third.ownerToken).status(),
                "a taken name cannot be claimed");
        assertEquals(204, api().delete(zones(squatter) + "/" + squat.json().getString("id"), squatter.ownerToken).status(),
                "an unverified claim is only forgotten");
        assertTrue(cloudflare.hasZone(domain), "removing the squatter's claim leaves the owner's zone alone");
    }

    @Test
    void anOrganisationHoldsABoundedNumberOfClaims() {
        Org org = organisation();
        for (int i = 0; i < 10; i++) {
            assertEquals(201, api().post(zones(org), "{\"name\":\"" + domain() + "\"}", org.ownerToken).status());
        }
        ApiClient.Response refused = api().post(zones(org), "{\"name\":\"" + domain() + "\"}", org.ownerToken);
        assertEquals(409, refused.status(), refused.toString());
        assertEquals(10, api().get(zones(org), org.ownerToken).array().size());
    }

    @Test
    void zoneAndRecordLifecycle() {
        Org org = organisation();
        String domain = domain();
        JsonObject zone = takenZone(org, domain, "");
        assertEquals(domain, zone.getString("name"));
        String zoneId = zone.getString("id");
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
        String records = zones(org) + "/" + takenZoneId(org) + "/records";
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
        ApiClient.Response claim = api().post(zones(org), "{\"name\":\"" + domain + "\"}", org.ownerToken);
        JsonObject proof = claim.json().getJsonObject("verification");
        dnsServer.publishTxt(proof.getString("name"), proof.getString("value"));
        String zone = zones(org) + "/" + claim.json().getString("id");
        cloudflare.failNext(400, 1061, domain + " already exists");
        ApiClient.Response refused = api().post(zone + "/verify", "", org.ownerToken);
        assertEquals(502, refused.status(), refused.toString());
        assertThat(refused.json().getString("error"), containsString(domain + " already exists (1061)"));
        assertEquals("unverified", api().get(zone, org.ownerToken).json().getString("status"), "the claim stays a claim");
        assertEquals(204, api().delete(zone, org.ownerToken).status());

        ApiClient.Response badToken = api().post(zones(org), "{\"name\":\"" + domain + "\",\"apiToken\":\"stolen\"}", org.ownerToken);
        assertEquals(201, badToken.status(), "the token is first used when the zone is verified");
        JsonObject secondProof = badToken.json().getJsonObject("verification");
        dnsServer.publishTxt(secondProof.getString("name"), secondProof.getString("value"));
        ApiClient.Response refusedToken = api().post(zones(org) + "/" + badToken.json().getString("id") + "/verify", "", org.ownerToken);
        assertEquals(502, refusedToken.status());
        assertThat(refusedToken.json().getString("error"), containsString("Invalid access token"));
        assertFalse(cloudflare.hasZone(domain));
        assertEquals(204, api().delete(zones(org) + "/" + badToken.json().getString("id"), org.ownerToken).status());

        JsonObject own = takenZone(org, domain, ",\"apiToken\":\"org-token\"");
        assertTrue(own.getBoolean("ownToken"));
        assertFalse(own.toString().contains("org-token"), "the token is never shown back");
        String records = zones(org) + "/" + own.getString("id") + "/records";
        cloudflare.failNext(400, 81057, "Record already exists.");
        ApiClient.Response duplicate = api().post(records, "{\"type\":\"TXT\",\"name\":\"@\",\"content\":\"v=spf1 -all\"}", org.ownerToken);
        assertEquals(502, duplicate.status());
        assertEquals("Cloudflare: Record already exists. (81057)", duplicate.json().getString("error"));
        assertEquals(201, api().post(records, "{\"type\":\"TXT\",\"name\":\"@\",\"content\":\"v=spf1 -all\"}", org.ownerToken).status());

        String metrics = api().get("/metrics?scope=application", null).body();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("wingman_outbound_calls_total{") && l.contains("kind=\"call\"")
                && l.contains("target=\"cloudflare\"") && !l.endsWith(" 0.0")), "Cloudflare calls are metered");
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("wingman_outbound_failures_total{") && l.contains("target=\"cloudflare\"")
                && l.contains("reason=\"rejected\"") && !l.endsWith(" 0.0")), "its refusals too");
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("wingman_outbound_breaker_state{") && l.contains("target=\"cloudflare\"")
                && l.endsWith(" 0.0")), "answers, refusals included, keep the breaker closed");
    }

    @Test
    void otherOrganisationsSee404AndMembersOnlyRead() {
        Org org = organisation();
        String zoneId = takenZoneId(org);
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
