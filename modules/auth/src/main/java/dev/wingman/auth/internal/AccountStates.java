package dev.wingman.auth.internal;

import jakarta.enterprise.event.Event;
import dev.wingman.platform.api.AuthorityChanged;
import dev.wingman.platform.api.AfterCommit;
import dev.wingman.platform.api.InvalidationBus;
import dev.wingman.platform.api.LocalCache;
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
    private static final String EVERYONE = "*";

    public record State(String userId, String email, String name, String tier, boolean suspended, Set<String> permissions) {
    }

    @Inject
    InvalidationBus bus;

    @Inject
    Users users;

    @Inject
    AfterCommit afterCommit;

    private LocalCache<String, State> cache;

    @PostConstruct
    void init() {
        cache = new LocalCache<>(bus, Duration.ofSeconds(60), 50_000);
        bus.subscribe(TOPIC, this::evict);
    }

    private void evict(String userId) {
        if (EVERYONE.equals(userId)) {
            cache.clear();
        } else {
            cache.invalidate(userId);
        }
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
        afterCommit.run(() -> {
            evict(userId);
            bus.publish(TOPIC, userId);
            if (!EVERYONE.equals(userId)) {
                authority.fire(AuthorityChanged.of(userId));
            }
        });
    }

    /** A role changed: every account's state is forgotten once committed; nobody's authority shrank. */
    public void allChanged() {
        changed(EVERYONE);
    }

    /**
     * A role lost permissions or was deleted: every account's state is forgotten once committed,
     * and the role's {@code holders} (read before the change) are told their authority shrank,
     * in one event however many they are.
     */
    public void allChanged(Collection<String> holders) {
        Set<String> affected = Set.copyOf(holders);
        afterCommit.run(() -> {
            evict(EVERYONE);
            bus.publish(TOPIC, EVERYONE);
            if (!affected.isEmpty()) {
                authority.fire(new AuthorityChanged(affected));
            }
        });
    }
}
