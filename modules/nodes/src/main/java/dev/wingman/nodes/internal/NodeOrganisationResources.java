package dev.wingman.nodes.internal;

import jakarta.inject.Inject;
import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.organisations.api.OrganisationResources;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/** An organisation with enterprise nodes assigned to it cannot be deleted until they are reassigned. */
@ApplicationScoped
public class NodeOrganisationResources implements OrganisationResources {
    @Inject
    @PanelPersistence
    EntityManager em;

    @Override
    public long countOwnedBy(String organisationId) {
        return em.createQuery("select count(n) from Node n where n.organisationId = :org", Long.class)
                .setParameter("org", organisationId).getSingleResult();
    }

    @Override
    public String kind() {
        return "nodes";
    }
}
