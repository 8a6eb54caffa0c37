package dev.wingman.organisations.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

@Entity
@Table(name = "organisation_members")
@IdClass(Member.Key.class)
public class Member {
    @Id
    @Column(name = "organisation_id")
    String organisationId;

    @Id
    @Column(name = "user_id")
    String userId;

    @Column(nullable = false)
    String role;

    @Column(name = "custom_role_id")
    String customRoleId;

    @Column(name = "joined_at", nullable = false)
    Instant joinedAt;

    public String userId() {
        return userId;
    }

    public String role() {
        return role;
    }

    public String customRoleId() {
        return customRoleId;
    }

    public Instant joinedAt() {
        return joinedAt;
    }

    /** The composite primary key. */
    public static class Key implements Serializable {
        String organisationId;
        String userId;

        public Key() {
        }

        Key(String organisationId, String userId) {
            this.organisationId = organisationId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.organisationId.equals(organisationId) && k.userId.equals(userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(organisationId, userId);
        }
    }
}
