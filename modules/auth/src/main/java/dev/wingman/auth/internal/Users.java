package dev.wingman.auth.internal;

import jakarta.inject.Inject;
import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.platform.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.util.List;
import java.util.Optional;

/** Account rows by id or e-mail. */
@ApplicationScoped
public class Users {
    @Inject
    @PanelPersistence
    EntityManager em;

    public Optional<User> byEmail(String email) {
        List<User> found = em.createQuery("select u from User u where u.email = :email", User.class)
                .setParameter("email", email).getResultList();
        return found.stream().findFirst();
    }

    public Optional<User> byId(String id) {
        return Optional.ofNullable(em.find(User.class, id));
    }

    /** The account with its roles and their permissions in one query (for views and authentication). */
    public Optional<User> byIdWithRoles(String id) {
        return em.createQuery("select distinct u from User u left join fetch u.roles r left join fetch r.permissions "
                + "where u.id = :id", User.class).setParameter("id", id).getResultStream().findFirst();
    }

    public User require(String id) {
        return byId(id).orElseThrow(() -> ApiException.notFound("User not found"));
    }

    public Role role(String id) {
        Role role = em.find(Role.class, id);
        if (role == null) {
            throw ApiException.notFound("Role not found");
        }
        return role;
    }

    public Role roleNamed(String name) {
        return em.createQuery("select r from Role r where r.name = :name", Role.class).setParameter("name", name)
                .getResultStream().findFirst().orElseThrow(() -> new IllegalStateException("Built-in role " + name + " is missing"));
    }

    /** Accounts that hold the admin role and are not suspended. */
    public long activeAdmins() {
        return em.createQuery("select count(distinct u) from User u join u.roles r where r.name = :admin and u.suspended = false",
                Long.class).setParameter("admin", Role.ADMIN).getSingleResult();
    }
}
