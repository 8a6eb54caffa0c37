package dev.wingman.organisations.internal;

import dev.wingman.platform.api.ApiException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DnsZoneClaimTest {
    private static DnsZone claim() {
        return DnsZone.claim("org", "example.com", "cloudflare", null, Duration.ofDays(7));
    }

    @Test
    void aClaimCarriesItsOwnProofAndExpiresUnproven() {
        DnsZone zone = claim();
        assertEquals(DnsZone.Stage.AWAITING_PROOF, zone.stage());
        assertEquals("_wingman-challenge.example.com", zone.proofName());
        assertTrue(zone.proofValue().startsWith("wingman-verification="));
        assertFalse(zone.proofValue().equals(claim().proofValue()), "every claim has a proof of its own");
        assertFalse(zone.expired(Instant.now()));
        assertTrue(zone.expired(zone.createdAt().plus(Duration.ofDays(7))));
        ApiException refused = assertThrows(ApiException.class, zone::requireTaken);
        assertEquals(409, refused.status());
    }

    @Test
    void aTakenZoneNeverExpiresAndForgetsItsProof() {
        DnsZone zone = claim();
        zone.taken(new DnsProvider.CreatedZone("cf-1", "pending", List.of("a.ns.example", "b.ns.example")), Instant.now());
        assertEquals(DnsZone.Stage.TAKEN, zone.stage());
        assertNull(zone.proofValue());
        assertFalse(zone.expired(Instant.now().plus(Duration.ofDays(365))));
        assertEquals(List.of("a.ns.example", "b.ns.example"), zone.nameServers());
        zone.requireTaken();
        assertThrows(IllegalStateException.class,
                () -> zone.taken(new DnsProvider.CreatedZone("cf-2", "pending", List.of()), Instant.now()));
    }
}
