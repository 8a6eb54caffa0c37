package dev.wingman.auth.internal;

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
@Table(name = "roles")
public class Role extends TimestampedEntity {
    static final String ADMIN = "admin";
    static final String DEFAULT = "default";

    @Column(nullable = false)
    String name;

    @Column(nullable = false)
    String description;

    /** Built-in roles (admin, default) cannot be renamed or deleted. */
    @Column(nullable = false)
    boolean builtin;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "role_permissions", joinColumns = @JoinColumn(name = "role_id"))
    @Column(name = "permission")
    Set<String> permissions = new LinkedHashSet<>();

    // Read access for the REST layer; state changes go through the services.

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public boolean builtin() {
        return builtin;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public Set<String> permissions() {
        return Set.copyOf(permissions);
    }
}
