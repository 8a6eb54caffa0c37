package dev.wingman.auth.internal;

import jakarta.enterprise.event.Event;
import dev.wingman.platform.api.AuthorityChanged;
import dev.wingman.platform.api.SharedCache;
import dev.wingman.platform.api.SharedCaches;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What authentication needs to know about an account on every request (e-mail, tier, suspension,
 * effective permissions), cached per instance and dropped everywhere as soon as any of it changes.
 */
@ApplicationScoped
public class AccountStates {
    @Inject
    Event<AuthorityChanged> authority;

    private static final String TOPIC = "accounts";

    public record State(String userId, String email, String name, String tier, boolean suspended, Set<String> permissions) {
    }

    @Inject
    SharedCaches caches;

    @Inject
    Users users;

    private SharedCache<State> cache;

    @PostConstruct
    void init() {
        cache = caches.create(TOPIC, Duration.ofSeconds(60), 50_000);
    }

    /** The account's state, or null if it does not exist. */
    public State get(String userId) {
        return cache.get(userId, this::load);
    }

    private State load(String userId) {
        User user = users.byIdWithRoles(userId).orElse(null);
        if (user == null) {
            return null;
        }
        Set<String> permissions = new LinkedHashSet<>();
        user.roles.forEach(role -> permissions.addAll(role.permissions));
        return new State(user.id, user.email, user.name, user.tier, user.suspended, Set.copyOf(permissions));
    }

    /** The account's roles, tier or suspension changed: forget it on every instance once committed. */
    public void changed(String userId) {
        cache.invalidateAfterCommit(userId, () -> authority.fire(AuthorityChanged.of(userId)));
    }

    /** A role changed: every account's state is forgotten once committed; nobody's authority shrank. */
    public void allChanged() {
        cache.invalidateAllAfterCommit();
    }

    /**
     * A role lost permissions or was deleted: every account's state is forgotten once committed,
     * and the role's {@code holders} (read before the change) are told their authority shrank,
     * in one event however many they are.
     */
    public void allChanged(Collection<String> holders) {
        Set<String> affected = Set.copyOf(holders);
        cache.invalidateAllAfterCommit(() -> {
            if (!affected.isEmpty()) {
                authority.fire(new AuthorityChanged(affected));
            }
        });
    }
}
