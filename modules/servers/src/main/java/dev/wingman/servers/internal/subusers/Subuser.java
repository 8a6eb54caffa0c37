package dev.wingman.servers.internal.subusers;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** An account given some permission keys on one server. */
@Entity
@Table(name = "server_subusers")
@IdClass(Subuser.Key.class)
public class Subuser {
    @Id
    @Column(name = "server_id")
    String serverId;
    @Id
    @Column(name = "user_id")
    String userId;
    /** Permission keys (control.console, file.read, ...), a jsonb array in the order they were granted. */
    @Column(nullable = false)
    @JdbcTypeCode(SqlTypes.JSON)
    List<String> permissions;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    public static class Key implements Serializable {
        String serverId;
        String userId;

        public Key() {
        }

        Key(String serverId, String userId) {
            this.serverId = serverId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.serverId.equals(serverId) && k.userId.equals(userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(serverId, userId);
        }
    }
}
