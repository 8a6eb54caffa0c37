package dev.wingman.organisations.internal;

import dev.wingman.platform.api.TimestampedEntity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "organisations")
public class Organisation extends TimestampedEntity {

    @Column(nullable = false)
    String name;

    @Column(nullable = false)
    String handle;

    @Column(nullable = false)
    String tier;

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String handle() {
        return handle;
    }

    public String tier() {
        return tier;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
