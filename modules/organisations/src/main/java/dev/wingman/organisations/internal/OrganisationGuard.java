package dev.wingman.organisations.internal;

import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.ResourceGuard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * An organisation is visible to those who may read it: its members (and panel staff), through an
 * API key only when the key's scope names {@code organisations:read}.
 */
@ApplicationScoped
public class OrganisationGuard implements ResourceGuard {
    @Inject
    Tenancy tenancy;

    @Override
    public String kind() {
        return "organisation";
    }

    @Override
    public void requireVisible(Caller caller, String id) {
        if (!tenancy.standing(caller, id).may(OrgRoles.READ)) {
            throw ApiException.notFound("Organisation not found");
        }
    }
}
