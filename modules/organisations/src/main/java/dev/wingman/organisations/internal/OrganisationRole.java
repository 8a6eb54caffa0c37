package dev.wingman.organisations.internal;

import dev.wingman.platform.api.TimestampedEntity;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

@Entity
@Table(name = "organisation_roles")
public class OrganisationRole extends TimestampedEntity {

    @Column(name = "organisation_id", nullable = false)
    String organisationId;

    @Column(nullable = false)
    String name;

    @Column(nullable = false)
    String description;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "organisation_role_permissions", joinColumns = @JoinColumn(name = "role_id"))
    @Column(name = "permission")
    Set<String> permissions = new LinkedHashSet<>();

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public Set<String> permissions() {
        return Set.copyOf(permissions);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
