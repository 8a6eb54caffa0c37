package dev.wingman.nodes.internal;

import dev.wingman.organisations.api.OrganisationRoleDefaults;
import dev.wingman.platform.api.PermissionContributor;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Set;

import static dev.wingman.nodes.api.NodePermissions.*;
import static dev.wingman.platform.api.PermissionCatalogue.Context.ORGANISATION;
import static dev.wingman.platform.api.PermissionCatalogue.Context.PANEL;

@ApplicationScoped
public class NodePermissionContributor implements PermissionContributor, OrganisationRoleDefaults {
    @Override
    public Contribution contribution() {
        return Contribution.of("nodes")
                .permission(CREATE, "Register nodes", PANEL)
                .permission(READ, "See nodes, their health and allocations (in an organisation: its own nodes)", PANEL, ORGANISATION)
                .permission(READ_CREDENTIALS, "Read a node's token and config.yml (in an organisation: its own nodes')",
                        PANEL, ORGANISATION)
                .permission(UPDATE, "Change nodes, their allocations, and reboot their servers", PANEL)
                .permission(UPDATE_CREDENTIALS, "Rotate a node's token", PANEL)
                .permission(DELETE, "Delete nodes that host no servers", PANEL)
                .audit("panel", AUDIT_NODE_CREATE, "A node was registered")
                .audit("panel", AUDIT_NODE_UPDATE, "A node was changed")
                .audit("panel", AUDIT_NODE_TOKEN_ROTATE, "A node's token was rotated")
                .audit("panel", AUDIT_NODE_ASSIGN_ORGANISATION, "A node was given to an organisation or taken back")
                .audit("panel", AUDIT_NODE_DELETE, "A node was deleted")
                .audit("panel", AUDIT_NODE_REBOOT_ALL, "Every server of a node was rebooted")
                .audit("panel", AUDIT_NODE_ALLOCATIONS_MOVE, "A node's allocations moved to a new IP address")
                .build();
    }

    @Override
    public Map<String, Set<String>> builtInRoleGrants() {
        return Map.of(ADMIN, Set.of(READ, READ_CREDENTIALS), MEMBER, Set.of(READ));
    }
}
