package dev.wingman.auth.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "signing_keys")
public class SigningKey {
    @Id
    String id;

    @Column(name = "private_key", nullable = false)
    String privateKey;

    @Column(name = "public_key", nullable = false)
    String publicKey;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;
}
