package dev.wingman.platform.api;

/**
 * Permissions an account holds besides its global roles: through an organisation membership, for
 * example. An API-key scope may name such a permission (a member's key scoped to
 * {@code organisations:update}), since a scope only ever narrows what the account holds where it
 * is used. Modules that grant permissions in a scope of their own implement it as a CDI bean.
 */
public interface HeldElsewhere {
    /** Whether {@code userId} holds {@code permission} in at least one scope this module grants in. */
    boolean holds(String userId, String permission);
}
