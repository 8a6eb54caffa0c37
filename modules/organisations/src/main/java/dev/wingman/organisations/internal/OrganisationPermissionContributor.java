package dev.wingman.organisations.internal;

import dev.wingman.organisations.api.OrganisationRoleDefaults;
import dev.wingman.platform.api.PermissionContributor;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Set;

import static dev.wingman.organisations.api.OrganisationPermissions.*;
import static dev.wingman.platform.api.PermissionCatalogue.Context.ORGANISATION;
import static dev.wingman.platform.api.PermissionCatalogue.Context.PANEL;

@ApplicationScoped
public class OrganisationPermissionContributor implements PermissionContributor, OrganisationRoleDefaults {
    @Override
    public Contribution contribution() {
        return Contribution.of("organisations")
                .permission(CREATE, "Create organisations", PANEL)
                .permission(MANAGE, "The admin screens over every organisation: list them, set their tier", PANEL)
                .permission(ADMINISTER, "Act in every organisation as its owner", PANEL)
                .permission(READ, "See the organisation, its members and roles (globally: look into every organisation)",
                        PANEL, ORGANISATION)
                .permission(UPDATE, "Change the organisation's name and settings", ORGANISATION)
                .permission(DELETE, "Delete the organisation", ORGANISATION)
                .permission(MANAGE_MEMBERS, "Change members' roles and remove members", ORGANISATION)
                .permission(MANAGE_INVITES, "Invite people and revoke invitations", ORGANISATION)
                .permission(MANAGE_ROLES, "Create, change and delete the organisation's custom roles", ORGANISATION)
                .permission(READ_ACTIVITY, "Read the organisation's activity log", ORGANISATION)
                .permission(DNS_READ, "See the organisation's DNS zones and records", ORGANISATION)
                .permission(DNS_MANAGE, "Add, claim and delete DNS zones and change their records", ORGANISATION)
                .audit("panel", AUDIT_ORGANISATION_DELETE, "An organisation was deleted")
                .audit("panel", AUDIT_ORGANISATION_TIER_SET, "An administrator set an organisation's tier")
                .audit("organisation", ACTIVITY_ORGANISATION_CREATE, "The organisation was created")
                .audit("organisation", ACTIVITY_ORGANISATION_UPDATE, "The organisation's name or settings changed")
                .audit("organisation", ACTIVITY_ORGANISATION_TIER, "An administrator set the organisation's tier")
                .audit("organisation", ACTIVITY_ORGANISATION_TRANSFER, "Ownership was transferred to another member")
                .audit("organisation", ACTIVITY_MEMBER_ROLE, "A member's role changed")
                .audit("organisation", ACTIVITY_MEMBER_REMOVE, "A member was removed")
                .audit("organisation", ACTIVITY_MEMBER_LEAVE, "A member left")
                .audit("organisation", ACTIVITY_INVITE_CREATE, "Someone was invited")
                .audit("organisation", ACTIVITY_INVITE_REVOKE, "An invitation was revoked")
                .audit("organisation", ACTIVITY_INVITE_ACCEPT, "An invitation was accepted")
                .audit("organisation", ACTIVITY_INVITE_DECLINE, "An invitation was declined")
                .audit("organisation", ACTIVITY_ROLE_CREATE, "A custom role was created")
                .audit("organisation", ACTIVITY_ROLE_UPDATE, "A custom role was changed")
                .audit("organisation", ACTIVITY_ROLE_DELETE, "A custom role was deleted")
                .audit("organisation", ACTIVITY_DNS_ZONE_CREATE, "A DNS zone was added")
                .audit("organisation", ACTIVITY_DNS_ZONE_CLAIM, "A DNS zone was claimed after its TXT record proved control")
                .audit("organisation", ACTIVITY_DNS_ZONE_DELETE, "A DNS zone was deleted")
                .audit("organisation", ACTIVITY_DNS_RECORD_CREATE, "A DNS record was created")
                .audit("organisation", ACTIVITY_DNS_RECORD_UPDATE, "A DNS record was changed")
                .audit("organisation", ACTIVITY_DNS_RECORD_DELETE, "A DNS record was deleted")
                .build();
    }

    @Override
    public Map<String, Set<String>> builtInRoleGrants() {
        return Map.of(
                ADMIN, Set.of(READ, UPDATE, "organisations:members:*", "organisations:invites:*", "organisations:roles:*",
                        READ_ACTIVITY, "dns:*"),
                MEMBER, Set.of(READ, READ_ACTIVITY, DNS_READ));
    }
}
