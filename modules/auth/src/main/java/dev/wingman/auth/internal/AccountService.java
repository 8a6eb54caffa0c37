package dev.wingman.auth.internal;

import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.auth.api.AuthPermissions;
import dev.wingman.auth.api.Tiers;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.AuditTrail;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
import dev.wingman.platform.api.Permissions;
import dev.wingman.platform.api.Validate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Creating accounts, changing your own, and the admin's view and changes of everybody's. */
@ApplicationScoped
public class AccountService {
    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    Users users;

    @Inject
    PasswordHasher hasher;

    @Inject
    AccountStates states;

    @Inject
    SessionService sessions;

    @Inject
    AuditTrail audit;

    @Inject
    AccountActivity activity;

    /** Changes an admin may make to an account; null fields stay as they are. */
    public record AdminChange(Boolean suspended, String tier, List<String> roleIds) {
    }

    @Transactional
    public User register(String email, String password, String name, Set<String> extraRoles) {
        PasswordPolicy.check(password, email, "password");
        if (users.byEmail(email).isPresent()) {
            throw ApiException.conflict("An account with this e-mail already exists");
        }
        User user = new User();
        user.email = email;
        user.name = name;
        user.passwordHash = hasher.hash(password);
        user.tier = Tiers.FREE;
        user.roles.add(users.roleNamed(Role.DEFAULT));
        extraRoles.forEach(role -> user.roles.add(users.roleNamed(role)));
        em.persist(user);
        // The unique index settles a race between two registrations of one address.
        em.flush();
        return user;
    }

    /**
     * The account after a change of its own, and for a password change how many other sessions ended
     * (null when the password did not change).
     */
    public record SelfUpdate(User user, Integer sessionsEnded) {
    }

    /**
     * A new password ends every other session of the account (whoever else knew the old password is
     * logged out; the session that made the change stays) and every pending two-factor login
     * challenge. API keys are kept: each is a credential of its own, listed and revocable at
     * {@code /api/apikeys}, and the answer says so.
     */
    @Transactional
    public SelfUpdate updateSelf(Caller caller, String name, String currentPassword, String newPassword) {
        User user = users.require(caller.userId());
        if (name != null) {
            user.name = name;
        }
        Integer sessionsEnded = null;
        if (newPassword != null) {
            sessionsEnded = changePassword(caller, user, new PasswordChange(currentPassword, "currentPassword",
                    newPassword, "newPassword"));
        }
        states.changed(user.id);
        return new SelfUpdate(user, sessionsEnded);
    }

    /**
     * A password change as {@link #updateSelf} makes it, with the request's own field names (the
     * Pterodactyl client API calls them {@code current_password} and {@code password}): a wrong
     * current password is a 400 naming {@code currentField}.
     */
    public record PasswordChange(String current, String currentField, String next, String nextField) {
    }

    /** Changes the caller's password (see {@link #updateSelf}); answers how many other sessions ended. */
    @Transactional
    public int changePassword(Caller caller, PasswordChange change) {
        User user = users.require(caller.userId());
        int ended = changePassword(caller, user, change);
        states.changed(user.id);
        return ended;
    }

    private int changePassword(Caller caller, User user, PasswordChange change) {
        requirePassword(user, change.current(), change.currentField());
        PasswordPolicy.check(change.next(), user.email, change.nextField());
        user.passwordHash = hasher.hash(change.next());
        int ended = sessions.revokeAllExcept(user.id, caller.sessionId());
        em.createQuery("delete from LoginChallenge c where c.userId = :user and c.consumedAt is null")
                .setParameter("user", user.id).executeUpdate();
        activity.record(AuthPermissions.AUDIT_PASSWORD_CHANGE, user.id, Map.of());
        return ended;
    }

    /**
     * Moves the caller's account to another e-mail address, given its password (400 naming
     * {@code passwordField} otherwise). A taken address is {@code taken}'s answer; the unique index
     * settles a race between two accounts moving to one address (409 when the transaction commits).
     */
    @Transactional
    public User changeEmail(Caller caller, String email, String password, String passwordField,
                            java.util.function.Supplier<ApiException> taken) {
        User user = users.require(caller.userId());
        requirePassword(user, password, passwordField);
        if (email.equals(user.email)) {
            return user;
        }
        if (users.byEmail(email).isPresent()) {
            throw taken.get();
        }
        String previous = user.email;
        user.email = email;
        states.changed(user.id);
        activity.record(AuthPermissions.AUDIT_EMAIL_CHANGE, user.id, Map.of("old", previous, "new", email));
        return user;
    }

    private void requirePassword(User user, String password, String field) {
        if (password == null || !hasher.matches(password, user.passwordHash)) {
            throw ApiException.invalidField(field, "is not your current password");
        }
    }

    public Page<User> search(String query, PageRequest page) {
        String where = "";
        if (query != null && !query.isBlank()) {
            where = " where lower(u.email) like :q or lower(u.name) like :q";
        }
        String column = switch (page.sortField()) {
            case "email" -> "u.email";
            case "name" -> "u.name";
            default -> "u.createdAt";
        };
        String order = " order by " + column + (page.descending() ? " desc" : " asc") + ", u.id";
        TypedQuery<User> rows = em.createQuery("select u from User u" + where + order, User.class);
        TypedQuery<Long> count = em.createQuery("select count(u) from User u" + where, Long.class);
        if (!where.isEmpty()) {
            String like = Validate.containsPattern(query);
            rows.setParameter("q", like);
            count.setParameter("q", like);
        }
        List<User> data = rows.setFirstResult(page.offset()).setMaxResults(page.perPage()).getResultList();
        return Page.of(data, page, count.getSingleResult());
    }

    @Transactional
    public User adminUpdate(Caller admin, String userId, AdminChange change) {
        User user = users.require(userId);
        // users:update is no way around "nobody acts beyond what they hold": an account holding any
        // permission the caller lacks (an administrator, for someone with users:update alone) is out of reach.
        Permissions.firstNotHeld(user.permissions(), admin::has).ifPresent(p -> {
            throw ApiException.forbidden("This account holds " + p + ", which you do not hold");
        });
        Map<String, Object> details = new LinkedHashMap<>();
        boolean removesAdmin = false;
        if (change.tier() != null) {
            if (!Tiers.ALL.contains(change.tier())) {
                throw ApiException.invalidField("tier", "must be one of " + String.join(", ", Tiers.ALL));
            }
            details.put("tier", Map.of("from", user.tier, "to", change.tier()));
            user.tier = change.tier();
        }
        if (change.roleIds() != null) {
            if (!admin.has(AuthPermissions.ROLES_ASSIGN)) {
                throw ApiException.missingPermission(AuthPermissions.ROLES_ASSIGN);
            }
            Set<Role> next = new LinkedHashSet<>();
            for (String roleId : change.roleIds()) {
                Role role = users.role(roleId);
                RoleService.requireCanGrant(admin, role);
                next.add(role);
            }
            for (Role removed : user.roles) {
                if (!next.contains(removed)) {
                    RoleService.requireCanGrant(admin, removed);
                    removesAdmin |= removed.name.equals(Role.ADMIN);
                }
            }
            details.put("roles", Map.of("from", user.roles.stream().map(r -> r.name).toList(), "to", next.stream().map(r -> r.name).toList()));
            user.roles.clear();
            user.roles.addAll(next);
        }
        if (change.suspended() != null && change.suspended() != user.suspended) {
            if (change.suspended() && user.id.equals(admin.userId())) {
                throw ApiException.conflict("You cannot suspend your own account");
            }
            details.put("suspended", Map.of("from", user.suspended, "to", change.suspended()));
            user.suspended = change.suspended();
            removesAdmin |= user.suspended;
        }
        if (removesAdmin) {
            em.flush();
            if (users.activeAdmins() == 0) {
                throw ApiException.conflict("This would leave no active administrator");
            }
        }
        states.changed(user.id);
        audit.record(AuthPermissions.AUDIT_USER_UPDATE, "user", user.id, details);
        return user;
    }
}
