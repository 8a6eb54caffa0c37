package dev.wingman.auth.internal;

import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.auth.api.AuthPermissions;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.AuditTrail;
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

/**
 * Roles are named permission sets. Nobody can create, change or hand out a role carrying a
 * permission they do not hold themselves, so roles:* cannot be turned into *.
 */
@ApplicationScoped
public class RoleService {
    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    Users users;

    @Inject
    AccountStates states;

    @Inject
    AuditTrail audit;

    static void requireCanGrant(Caller caller, Role role) {
        Permissions.firstNotHeld(role.permissions, caller::has).ifPresent(p -> {
            throw ApiException.forbidden("Role '" + role.name + "' carries " + p + ", which you do not hold");
        });
    }

    private static void requireCanGrant(Caller caller, Set<String> permissions) {
        Permissions.firstNotHeld(permissions, caller::has).ifPresent(p -> {
            throw ApiException.forbidden("You cannot grant " + p + " because you do not hold it");
        });
    }

    public List<Role> list() {
        return em.createQuery("select r from Role r order by r.builtin desc, r.name", Role.class).getResultList();
    }

    @Transactional
    public Role create(Caller caller, String name, String description, Set<String> permissions) {
        requireCanGrant(caller, permissions);
        requireUniqueName(name, null);
        Role role = new Role();
        role.name = name;
        role.description = description == null ? "" : description;
        role.permissions = new LinkedHashSet<>(permissions);
        em.persist(role);
        em.flush();
        audit.record(AuthPermissions.AUDIT_ROLE_CREATE, "role", role.id, Map.of("name", name, "permissions", List.copyOf(permissions)));
        return role;
    }

    @Transactional
    public Role update(Caller caller, String roleId, String name, String description, Set<String> permissions) {
        Role role = users.role(roleId);
        requireCanGrant(caller, role);
        boolean lost = false;
        if (name != null && !name.equals(role.name)) {
            if (role.builtin) {
                throw ApiException.conflict("Built-in role '" + role.name + "' cannot be renamed");
            }
            requireUniqueName(name, role.id);
            role.name = name;
        }
        if (description != null) {
            role.description = description;
        }
        if (permissions != null) {
            if (role.name.equals(Role.ADMIN)) {
                throw ApiException.conflict("The admin role always holds every permission");
            }
            requireCanGrant(caller, permissions);
            lost = !permissions.containsAll(role.permissions);
            role.permissions.clear();
            role.permissions.addAll(permissions);
        }
        if (lost) {
            states.allChanged(holders(role.id)); // their console tokens carry what the role no longer grants
        } else {
            states.allChanged();
        }
        audit.record(AuthPermissions.AUDIT_ROLE_UPDATE, "role", role.id, Map.of("name", role.name, "permissions", List.copyOf(role.permissions)));
        return role;
    }

    @Transactional
    public void delete(Caller caller, String roleId) {
        Role role = users.role(roleId);
        if (role.builtin) {
            throw ApiException.conflict("Built-in role '" + role.name + "' cannot be deleted");
        }
        requireCanGrant(caller, role);
        List<String> holders = holders(role.id); // before the schema's cascade forgets them
        // The schema cascades to role_permissions and user_roles.
        em.createNativeQuery("delete from roles where id = ?1").setParameter(1, role.id).executeUpdate();
        states.allChanged(holders);
        audit.record(AuthPermissions.AUDIT_ROLE_DELETE, "role", role.id, Map.of("name", role.name));
    }

    @Transactional
    public User assign(Caller caller, String userId, String roleId) {
        User user = users.require(userId);
        Role role = users.role(roleId);
        requireCanGrant(caller, role);
        if (user.roles.add(role)) {
            states.changed(user.id);
            audit.record(AuthPermissions.AUDIT_ROLE_ASSIGN, "user", user.id, Map.of("role", role.name));
        }
        return user;
    }

    @Transactional
    public User unassign(Caller caller, String userId, String roleId) {
        User user = users.require(userId);
        Role role = users.role(roleId);
        requireCanGrant(caller, role);
        if (!user.roles.remove(role)) {
            throw ApiException.notFound("The user does not hold this role");
        }
        if (role.name.equals(Role.ADMIN)) {
            em.flush();
            if (users.activeAdmins() == 0) {
                throw ApiException.conflict("This would leave no active administrator");
            }
        }
        states.changed(user.id);
        audit.record(AuthPermissions.AUDIT_ROLE_UNASSIGN, "user", user.id, Map.of("role", role.name));
        return user;
    }

    /** The accounts holding the role. */
    @SuppressWarnings("unchecked")
    private List<String> holders(String roleId) {
        return em.createNativeQuery("select user_id from user_roles where role_id = ?1").setParameter(1, roleId).getResultList();
    }

    private void requireUniqueName(String name, String exceptId) {
        List<Role> same = em.createQuery("select r from Role r where lower(r.name) = lower(:name)", Role.class)
                .setParameter("name", name).getResultList();
        if (same.stream().anyMatch(r -> !r.id.equals(exceptId))) {
            throw ApiException.conflict("A role named '" + name + "' already exists");
        }
    }
}
