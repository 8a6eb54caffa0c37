package dev.wingman.organisations.api;

import dev.wingman.platform.api.Caller;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Membership-aware permission checks for resources an organisation owns (servers, nodes, DNS):
 * a permission comes from the caller's role in that organisation (or the panel administrator's
 * {@code organisations:*}), never from a permission the caller holds globally, and is narrowed
 * by an API key's scope.
 */
public interface OrganisationAccess {

    /** Whether the caller holds the permission through membership of the organisation (or {@code organisations:*}), within the key's scope. */
    boolean allows(Caller caller, String organisationId, String permission);

    /** The ids of every organisation the account belongs to. */
    List<String> organisationIdsOf(String userId);

    /** Whether the organisation exists. */
    boolean exists(String organisationId);

    /** The organisation's name (what an order made for it records), if it exists. */
    Optional<String> name(String organisationId);

    /** The caller's membership of the organisation, if any. */
    Optional<Membership> membership(String userId, String organisationId);

    /**
     * @param role        owner, admin or member
     * @param customRole  the id of the organisation role the member also holds, or null
     * @param permissions everything the membership grants inside the organisation
     */
    record Membership(String organisationId, String userId, String role, String customRole, Set<String> permissions,
                      String tier) {
    }
}
