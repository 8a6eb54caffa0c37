package dev.wingman.auth.internal;

import dev.wingman.platform.api.IdentifiedEntity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;


/** One SSH public key a user may log into SFTP with. */
@Entity
@Table(name = "user_ssh_keys")
public class SshKey extends IdentifiedEntity {
    @Column(name = "user_id", nullable = false)
    String userId;
    @Column(nullable = false)
    String name;
    @Column(nullable = false)
    String fingerprint;
    @Column(name = "public_key", nullable = false)
    String publicKey;
}
