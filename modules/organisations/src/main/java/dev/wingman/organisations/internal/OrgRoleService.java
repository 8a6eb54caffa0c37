package dev.wingman.organisations.internal;

import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.organisations.api.OrganisationPermissions;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.Permissions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An organisation's custom roles: named permission sets its members can hold. */
@ApplicationScoped
public class OrgRoleService {
    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    Tenancy tenancy;

    @Inject
    Activity activity;

    static void requireCanGrant(Tenancy.Standing standing, Set<String> permissions) {
        Permissions.firstNotHeld(permissions, standing::may).ifPresent(p -> {
            throw ApiException.forbidden("You cannot grant " + p + " because you do not hold it here");
        });
    }

    public List<OrganisationRole> list(Caller caller, String organisationId) {
        tenancy.require(caller, organisationId, OrgRoles.READ);
        return em.createQuery("select r from OrganisationRole r where r.organisationId = :org order by r.name", OrganisationRole.class)
                .setParameter("org", organisationId).getResultList();
    }

    @Transactional
    public OrganisationRole create(Caller caller, String organisationId, String name, String description, Set<String> permissions) {
        Tenancy.Standing standing = tenancy.require(caller, organisationId, OrgRoles.MANAGE_ROLES);
        requireCanGrant(standing, permissions);
        requireFreeName(organisationId, name, null);
        OrganisationRole role = new OrganisationRole();
        role.organisationId = organisationId;
        role.name = name;
        role.description = description == null ? "" : description;
        role.permissions = new LinkedHashSet<>(permissions);
        em.persist(role);
        em.flush();
        activity.record(organisationId, OrganisationPermissions.ACTIVITY_ROLE_CREATE, "organisation-role", role.id,
                Map.of("name", name, "permissions", List.copyOf(permissions)));
        return role;
    }

    @Transactional
    public OrganisationRole update(Caller caller, String organisationId, String roleId, String name, String description,
                                   Set<String> permissions) {
        Tenancy.Standing standing = tenancy.require(caller, organisationId, OrgRoles.MANAGE_ROLES);
        OrganisationRole role = require(organisationId, roleId);
        requireCanGrant(standing, role.permissions);
        if (name != null && !name.equals(role.name)) {
            requireFreeName(organisationId, name, role.id);
            role.name = name;
        }
        if (description != null) {
            role.description = description;
        }
        if (permissions != null) {
            requireCanGrant(standing, permissions);
            if (!permissions.containsAll(role.permissions)) {
                tenancy.authorityShrank(holders(role)); // their console tokens carry what the role no longer grants
            }
            role.permissions.clear();
            role.permissions.addAll(permissions);
        }
        activity.record(organisationId, OrganisationPermissions.ACTIVITY_ROLE_UPDATE, "organisation-role", role.id,
                Map.of("name", role.name, "permissions", List.copyOf(role.permissions)));
        return role;
    }

    /** Members holding the role keep their member role. */
    @Transactional
    public void delete(Caller caller, String organisationId, String roleId) {
        Tenancy.Standing standing = tenancy.require(caller, organisationId, OrgRoles.MANAGE_ROLES);
        OrganisationRole role = require(organisationId, roleId);
        requireCanGrant(standing, role.permissions);
        tenancy.authorityShrank(holders(role)); // read before the schema sets their custom role to null
        em.createNativeQuery("delete from organisation_roles where id = ?1").setParameter(1, role.id).executeUpdate();
        activity.record(organisationId, OrganisationPermissions.ACTIVITY_ROLE_DELETE, "organisation-role", role.id, Map.of("name", role.name));
    }

    /** The members holding the custom role. */
    @SuppressWarnings("unchecked")
    private List<String> holders(OrganisationRole role) {
        return em.createNativeQuery("select user_id from organisation_members where organisation_id = ?1 and custom_role_id = ?2")
                .setParameter(1, role.organisationId).setParameter(2, role.id).getResultList();
    }

    OrganisationRole require(String organisationId, String roleId) {
        OrganisationRole role = em.find(OrganisationRole.class, roleId);
        if (role == null || !role.organisationId.equals(organisationId)) {
            throw ApiException.notFound("Organisation role not found");
        }
        return role;
    }

    private void requireFreeName(String organisationId, String name, String exceptId) {
        if (OrgRoles.isBuiltIn(name.toLowerCase(java.util.Locale.ROOT))) {
            throw ApiException.conflict("'" + name + "' is a built-in role");
        }
        List<OrganisationRole> same = em.createQuery("select r from OrganisationRole r where r.organisationId = :org "
                + "and lower(r.name) = lower(:name)", OrganisationRole.class)
                .setParameter("org", organisationId).setParameter("name", name).getResultList();
        if (same.stream().anyMatch(r -> !r.id.equals(exceptId))) {
            throw ApiException.conflict("A role named '" + name + "' already exists in this organisation");
        }
    }
}
