package dev.wingman.servers.internal;

import dev.wingman.organisations.api.OrganisationResources;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** An organisation that still owns servers cannot be deleted. */
@ApplicationScoped
public class ServerOrganisationResources implements OrganisationResources {
    @Inject
    ServerStore servers;

    @Override
    public long countOwnedBy(String organisationId) {
        return servers.countOwnedBy(organisationId);
    }

    @Override
    public String kind() {
        return "servers";
    }
}
