package dev.wingman.organisations.internal;

import dev.wingman.platform.api.HeldElsewhere;
import dev.wingman.platform.api.Permissions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** What an account holds through its organisation roles, so that its API keys may be scoped to it. */
@ApplicationScoped
public class MembershipGrants implements HeldElsewhere {
    @Inject
    Tenancy tenancy;

    @Override
    public boolean holds(String userId, String permission) {
        return tenancy.organisationIdsOf(userId).stream()
                .flatMap(organisation -> tenancy.membership(userId, organisation).stream())
                .anyMatch(membership -> Permissions.anyGrants(membership.permissions(), permission));
    }
}
