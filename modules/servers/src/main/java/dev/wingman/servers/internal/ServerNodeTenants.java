package dev.wingman.servers.internal;

import jakarta.inject.Inject;
import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.nodes.api.NodeTenants;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/** The servers on a node (or arriving there by transfer) that are not the organisation's. */
@ApplicationScoped
public class ServerNodeTenants implements NodeTenants {
    @Inject
    @PanelPersistence
    EntityManager em;

    @Override
    public long countOnNodeNotOwnedBy(String nodeId, String organisationId) {
        return em.createQuery("select count(s) from Server s where (s.nodeId = :node or s.transferNodeId = :node) "
                        + "and (s.organisationId is null or s.organisationId <> :org)", Long.class)
                .setParameter("node", nodeId).setParameter("org", organisationId).getSingleResult();
    }

    @Override
    public String kind() {
        return "servers";
    }
}
