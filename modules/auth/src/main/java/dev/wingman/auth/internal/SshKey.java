package dev.wingman.auth.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One SSH public key a user may log into SFTP with. */
@Entity
@Table(name = "user_ssh_keys")
public class SshKey {
    @Id
    String id;
    @Column(name = "user_id", nullable = false)
    String userId;
    @Column(nullable = false)
    String name;
    @Column(nullable = false)
    String fingerprint;
    @Column(name = "public_key", nullable = false)
    String publicKey;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
}
