package dev.wingman.organisations.api;

import dev.wingman.platform.api.Caller;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Membership-aware permission checks for resources an organisation owns (servers, nodes, DNS):
 * a permission can come from the caller's global roles or from their role in that organisation.
 */
public interface OrganisationAccess {

    /** Whether the caller holds the permission globally or through membership of the organisation. */
    boolean allows(Caller caller, String organisationId, String permission);

    /** The ids of every organisation the account belongs to. */
    List<String> organisationIdsOf(String userId);

    /** Whether the organisation exists. */
    boolean exists(String organisationId);

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
