package dev.wingman.organisations.internal;

import dev.wingman.platform.api.HeldElsewhere;
import dev.wingman.platform.api.PermissionCatalogue;
import dev.wingman.platform.api.Permissions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.EnumSet;

/**
 * What an account holds through its organisation roles, so that its API keys may be scoped to it.
 * Only permissions declared for organisation roles count: an owner's {@code *} inside its
 * organisation is no {@code users:update}.
 */
@ApplicationScoped
public class MembershipGrants implements HeldElsewhere {
    @Inject
    Tenancy tenancy;

    @Inject
    PermissionCatalogue catalogue;

    @Override
    public boolean holds(String userId, String permission) {
        if (!catalogue.declares(permission, EnumSet.of(PermissionCatalogue.Context.ORGANISATION))) {
            return false;
        }
        return tenancy.organisationIdsOf(userId).stream()
                .flatMap(organisation -> tenancy.membership(userId, organisation).stream())
                .anyMatch(membership -> Permissions.anyGrants(membership.permissions(), permission));
    }
}
