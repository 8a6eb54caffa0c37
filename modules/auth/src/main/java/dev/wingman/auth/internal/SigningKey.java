package dev.wingman.auth.internal;

import dev.wingman.platform.api.IdentifiedEntity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;


@Entity
@Table(name = "signing_keys")
public class SigningKey extends IdentifiedEntity {

    @Column(name = "private_key", nullable = false)
    String privateKey;

    @Column(name = "public_key", nullable = false)
    String publicKey;

}
