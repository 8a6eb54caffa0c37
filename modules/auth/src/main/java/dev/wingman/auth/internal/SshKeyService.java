package dev.wingman.auth.internal;

import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.auth.api.AuthPermissions;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.AuditTrail;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A user's SSH public keys, for SFTP logins on Wings. */
@ApplicationScoped
public class SshKeyService {
    /** Enough for every device a person uses; keeps the list (and a login's lookup) small. */
    static final int MAX_KEYS = 50;

    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    AuditTrail audit;

    /** A stored key as views show it. */
    public record Key(String id, String name, String fingerprint, String publicKey, Instant createdAt) {
        static Key of(SshKey k) {
            return new Key(k.id, k.name, k.fingerprint, k.publicKey, k.createdAt);
        }
    }

    public List<Key> list(String userId) {
        return em.createQuery("select k from SshKey k where k.userId = :user order by k.createdAt, k.id", SshKey.class)
                .setParameter("user", userId).getResultList().stream().map(Key::of).toList();
    }

    /** Adds a key: 400 if it is not a usable public key, 409 if this user has it already. */
    @Transactional
    public Key add(String userId, String name, String publicKey, String keyField) {
        SshPublicKey parsed = SshPublicKey.parse(publicKey, keyField);
        long held = em.createQuery("select count(k) from SshKey k where k.userId = :user", Long.class)
                .setParameter("user", userId).getSingleResult();
        if (held >= MAX_KEYS) {
            throw ApiException.conflict("You have " + MAX_KEYS + " SSH keys already; remove one first");
        }
        if (find(userId, parsed.fingerprint()).isPresent()) {
            throw ApiException.conflict("You have added this SSH key already (" + parsed.fingerprint() + ")");
        }
        SshKey key = new SshKey();
        key.userId = userId;
        key.name = name;
        key.fingerprint = parsed.fingerprint();
        key.publicKey = parsed.line();
        em.persist(key);
        audit.record(AuthPermissions.AUDIT_SSH_KEY_ADD, "user", userId, Map.of("fingerprint", key.fingerprint, "name", name));
        return Key.of(key);
    }

    @Transactional
    public Key rename(String userId, String keyId, String name) {
        SshKey key = owned(userId, keyId);
        key.name = name;
        return Key.of(key);
    }

    @Transactional
    public void delete(String userId, String keyId) {
        remove(owned(userId, keyId));
    }

    /** Removes by fingerprint (Pterodactyl's form); a fingerprint the user does not have is fine. */
    @Transactional
    public void deleteByFingerprint(String userId, String fingerprint) {
        find(userId, fingerprint).ifPresent(this::remove);
    }

    private void remove(SshKey key) {
        em.remove(key);
        audit.record(AuthPermissions.AUDIT_SSH_KEY_REMOVE, "user", key.userId, Map.of("fingerprint", key.fingerprint));
    }

    /** Whether the user holds this key (compared by fingerprint of the parsed blob). */
    public boolean holds(String userId, SshPublicKey key) {
        return find(userId, key.fingerprint()).isPresent();
    }

    private Optional<SshKey> find(String userId, String fingerprint) {
        return em.createQuery("select k from SshKey k where k.userId = :user and k.fingerprint = :fingerprint", SshKey.class)
                .setParameter("user", userId).setParameter("fingerprint", fingerprint).getResultStream().findFirst();
    }

    private SshKey owned(String userId, String keyId) {
        SshKey key = em.find(SshKey.class, keyId);
        if (key == null || !key.userId.equals(userId)) {
            throw ApiException.notFound("SSH key not found");
        }
        return key;
    }
}
