package dev.wingman.auth.internal;

import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.auth.api.AuthPermissions;
import jakarta.enterprise.event.Event;
import dev.wingman.platform.api.AuthorityChanged;
import dev.wingman.platform.api.Secrets;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.HeldElsewhere;
import dev.wingman.platform.api.Permissions;
import dev.wingman.platform.api.Scopes;
import dev.wingman.platform.api.SharedCache;
import dev.wingman.platform.api.SharedCaches;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * API keys: {@code wgm_} and 40 random characters, shown once and stored only as a SHA-256. A key
 * acts for its owner, limited to the permissions it was given, which can never exceed what the
 * creator held; if the owner later loses a permission, the key loses it too.
 */
@ApplicationScoped
public class ApiKeyService {
    @Inject
    Event<AuthorityChanged> authority;

    static final String PREFIX = "wgm_";
    private static final String TOPIC = "apikeys";
    private static final int MAX_KEYS_PER_ACCOUNT = 100;

    public record Created(ApiKey key, String secret) {
    }

    /** What a request needs to know about the key it presents. */
    record ActiveKey(String id, String userId, Set<String> permissions, Instant expiresAt) {
    }

    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    SharedCaches caches;

    @Inject
    UsageRecorder touches;

    @Inject
    AccountActivity activity;

    private SharedCache<ActiveKey> byHash;
    private final UsageThrottle usage = new UsageThrottle();

    @Inject
    Instance<HeldElsewhere> heldElsewhere;

    @PostConstruct
    void init() {
        byHash = caches.create(TOPIC, Duration.ofMinutes(5), 100_000);
    }

    static boolean looksLikeKey(String credential) {
        return credential.startsWith(PREFIX);
    }

    @Transactional
    public Created create(Caller creator, String name, Set<String> permissions, Instant expiresAt) {
        return create(creator, name, permissions, expiresAt, MAX_KEYS_PER_ACCOUNT);
    }

    /** As {@link #create(Caller, String, Set, Instant)}, refused (409) when the account holds {@code maxKeys} keys already. */
    @Transactional
    public Created create(Caller creator, String name, Set<String> permissions, Instant expiresAt, int maxKeys) {
        Permissions.firstNotHeld(permissions, scope -> mayGive(creator, scope)).ifPresent(p -> {
            throw ApiException.forbidden("You cannot give a key the permission " + p + " because you do not hold it");
        });
        if (expiresAt != null && !expiresAt.isAfter(Instant.now())) {
            throw ApiException.invalidField("expiresAt", "must be in the future");
        }
        long existing = em.createQuery("select count(k) from ApiKey k where k.userId = :user", Long.class)
                .setParameter("user", creator.userId()).getSingleResult();
        int limit = Math.min(maxKeys, MAX_KEYS_PER_ACCOUNT);
        if (existing >= limit) {
            throw ApiException.conflict(limit < MAX_KEYS_PER_ACCOUNT
                    ? "You have reached the account limit of " + limit + " API keys; delete one first"
                    : "An account can hold at most " + limit + " API keys; delete one first");
        }
        String secret = PREFIX + Secrets.random(40);
        ApiKey key = new ApiKey();
        key.userId = creator.userId();
        key.name = name;
        key.prefix = secret.substring(0, PREFIX.length() + 6);
        key.secretHash = Secrets.sha256(secret);
        key.expiresAt = expiresAt;
        key.permissions = new LinkedHashSet<>(permissions);
        em.persist(key);
        activity.record(AuthPermissions.AUDIT_API_KEY_CREATE, creator.userId(), Map.of("identifier", key.id, "name", name));
        return new Created(key, secret);
    }

    /**
     * A scope only ever narrows the account (every check intersects it with what the account
     * holds), so {@code *}, account scopes and server keys are anyone's to give; any other
     * permission must be held, globally or where another module grants it (an organisation role:
     * {@link HeldElsewhere}), so that a key never looks more powerful than its owner. A key creating
     * a key cannot give what its own scope lacks.
     */
    boolean mayGive(Caller creator, String scope) {
        if (!creator.inScope(scope)) {
            return false;
        }
        return scope.equals("*") || Scopes.isAccountScope(scope) || Permissions.isResourceKey(scope) || creator.has(scope)
                || heldElsewhere.stream().anyMatch(grants -> grants.holds(creator.userId(), scope));
    }

    public List<ApiKey> list(String userId) {
        return em.createQuery("select distinct k from ApiKey k left join fetch k.permissions where k.userId = :user "
                + "order by k.createdAt desc", ApiKey.class).setParameter("user", userId).getResultList();
    }

    @Transactional
    public void delete(String userId, String keyId) {
        ApiKey key = em.find(ApiKey.class, keyId);
        if (key == null || !key.userId.equals(userId)) {
            throw ApiException.notFound("API key not found");
        }
        String hash = key.secretHash;
        em.remove(key);
        activity.record(AuthPermissions.AUDIT_API_KEY_DELETE, userId, Map.of("identifier", keyId, "name", key.name));
        byHash.invalidateAfterCommit(hash, () -> {
            usage.forget(keyId);
            authority.fire(AuthorityChanged.of(userId));
        });
    }

    /** The key behind a presented secret, if it exists and has not expired. */
    ActiveKey authenticate(String secret) {
        ActiveKey key = byHash.get(Secrets.sha256(secret), this::load);
        Instant now = Instant.now();
        if (key == null || (key.expiresAt != null && !key.expiresAt.isAfter(now))) {
            return null;
        }
        if (usage.due(key.id, now)) {
            touches.touchApiKey(key.id, now);
        }
        return key;
    }

    private ActiveKey load(String hash) {
        List<ApiKey> found = em.createQuery("select k from ApiKey k where k.secretHash = :hash", ApiKey.class)
                .setParameter("hash", hash).getResultList();
        if (found.isEmpty()) {
            return null;
        }
        ApiKey k = found.get(0);
        return new ActiveKey(k.id, k.userId, Set.copyOf(k.permissions), k.expiresAt);
    }
}
