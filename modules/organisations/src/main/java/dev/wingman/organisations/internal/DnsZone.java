package dev.wingman.organisations.internal;

import dev.wingman.platform.api.IdentifiedEntity;

import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.Secrets;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A domain an organisation manages. It starts as a claim ({@link Stage#AWAITING_PROOF}) that
 * exists only here and blocks nobody; it is taken ({@link Stage#TAKEN}: created at the provider,
 * and unique across the panel) once a TXT record at {@link #proofName()} holding
 * {@link #proofValue()} shows that the organisation controls the domain. An unproven claim
 * expires.
 */
@Entity
@Table(name = "organisation_dns_zones")
public class DnsZone extends IdentifiedEntity {
    /** The label under the zone where the proof is published, as ACME's DNS-01 uses {@code _acme-challenge}. */
    static final String PROOF_LABEL = "_wingman-challenge";
    static final String PROOF_PREFIX = "wingman-verification=";
    static final String UNVERIFIED = "unverified";

    public enum Stage {
        AWAITING_PROOF, TAKEN
    }

    @Column(name = "organisation_id", nullable = false)
    String organisationId;

    @Column(nullable = false)
    String name;

    @Column(nullable = false)
    String provider;

    /** Null until the zone is taken. */
    @Column(name = "external_zone_id")
    String externalZoneId;

    /** {@value #UNVERIFIED} until taken, then the provider's status (Cloudflare: pending until its name servers are in use, then active). */
    @Column(nullable = false)
    String status;

    /** A text[], in the provider's order; empty until taken. */
    @Column(name = "name_servers", nullable = false)
    @JdbcTypeCode(SqlTypes.ARRAY)
    List<String> nameServers;

    /** Sealed with the SecretBox; null means the panel's own token. */
    @Column(name = "api_token")
    String apiToken;

    /** Public by design: it is what the organisation publishes in DNS. */
    @Column(name = "proof_token")
    String proofToken;

    @Column(name = "proof_expires_at")
    Instant proofExpiresAt;

    @Column(name = "verified_at")
    Instant verifiedAt;

    static DnsZone claim(String organisationId, String name, String provider, String sealedApiToken, Duration proofLifetime) {
        DnsZone zone = new DnsZone();
        zone.organisationId = organisationId;
        zone.name = name;
        zone.provider = provider;
        zone.status = UNVERIFIED;
        zone.nameServers = List.of();
        zone.apiToken = sealedApiToken;
        zone.proofToken = Secrets.random(32);
        zone.createdAt = Instant.now();
        zone.proofExpiresAt = zone.createdAt.plus(proofLifetime);
        return zone;
    }

    public Stage stage() {
        return verifiedAt == null ? Stage.AWAITING_PROOF : Stage.TAKEN;
    }

    /** An unproven claim past its deadline is gone: it is neither listed nor verifiable. */
    boolean expired(Instant now) {
        return stage() == Stage.AWAITING_PROOF && !proofExpiresAt.isAfter(now);
    }

    /** The proof was found and the provider created the zone. */
    void taken(DnsProvider.CreatedZone created, Instant now) {
        if (stage() != Stage.AWAITING_PROOF) {
            throw new IllegalStateException("zone " + id + " is taken already");
        }
        externalZoneId = created.externalId();
        status = created.status();
        nameServers = List.copyOf(created.nameServers());
        verifiedAt = now;
        proofToken = null;
        proofExpiresAt = null;
    }

    /** Records live at the provider, so a claim has none yet. */
    void requireTaken() {
        if (stage() != Stage.TAKEN) {
            throw ApiException.conflict("The zone " + name + " is not verified yet: publish the TXT record "
                    + proofName() + " and verify it first");
        }
    }

    public String proofName() {
        return PROOF_LABEL + "." + name;
    }

    /** Null once taken. */
    public String proofValue() {
        return proofToken == null ? null : PROOF_PREFIX + proofToken;
    }

    public Instant proofExpiresAt() {
        return proofExpiresAt;
    }

    public Instant verifiedAt() {
        return verifiedAt;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String provider() {
        return provider;
    }

    public String status() {
        return status;
    }

    public List<String> nameServers() {
        return List.copyOf(nameServers);
    }

    public boolean ownToken() {
        return apiToken != null;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
