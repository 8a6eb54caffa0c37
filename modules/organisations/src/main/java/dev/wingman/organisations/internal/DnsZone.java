package dev.wingman.organisations.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

@Entity
@Table(name = "organisation_dns_zones")
public class DnsZone {
    @Id
    String id;

    @Column(name = "organisation_id", nullable = false)
    String organisationId;

    @Column(nullable = false)
    String name;

    @Column(nullable = false)
    String provider;

    @Column(name = "external_zone_id", nullable = false)
    String externalZoneId;

    @Column(nullable = false)
    String status;

    /** Comma-separated. */
    @Column(name = "name_servers", nullable = false)
    String nameServers;

    /** Sealed with the SecretBox; null means the panel's own token. */
    @Column(name = "api_token")
    String apiToken;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

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
        return nameServers.isEmpty() ? List.of() : Arrays.asList(nameServers.split(","));
    }

    public boolean ownToken() {
        return apiToken != null;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
