package dev.wingman.organisations.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "organisations")
public class Organisation {
    @Id
    String id;

    @Column(nullable = false)
    String name;

    @Column(nullable = false)
    String handle;

    @Column(nullable = false)
    String tier;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

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
