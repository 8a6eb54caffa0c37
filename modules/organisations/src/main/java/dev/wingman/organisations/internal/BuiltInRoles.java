package dev.wingman.organisations.internal;

import dev.wingman.organisations.api.OrganisationRoleDefaults;
import dev.wingman.platform.api.PermissionCatalogue;
import dev.wingman.platform.api.StartupRefused;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The permissions of the built-in organisation roles, assembled from every module's
 * {@link OrganisationRoleDefaults}: the owner holds {@code *}, admins and members what the modules
 * give them. Checked against the catalogue at start-up.
 */
@ApplicationScoped
public class BuiltInRoles {
    @Inject
    @Any
    Instance<OrganisationRoleDefaults> contributions;

    @Inject
    PermissionCatalogue catalogue;

    private volatile Map<String, Set<String>> permissions;

    void check(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        all();
    }

    /** What the built-in role holds inside its organisation; nothing for any other name. */
    Set<String> permissions(String role) {
        return all().getOrDefault(role, Set.of());
    }

    private Map<String, Set<String>> all() {
        Map<String, Set<String>> current = permissions;
        if (current == null) {
            current = assemble(contributions.stream().toList(), catalogue);
            permissions = current;
        }
        return current;
    }

    static Map<String, Set<String>> assemble(List<OrganisationRoleDefaults> contributions, PermissionCatalogue catalogue) {
        Set<String> admin = new TreeSet<>();
        Set<String> member = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (OrganisationRoleDefaults contribution : contributions) {
            contribution.builtInRoleGrants().forEach((role, grants) -> {
                Set<String> into = switch (role) {
                    case OrgRoles.ADMIN -> admin;
                    case OrgRoles.MEMBER -> member;
                    default -> null;
                };
                if (into == null) {
                    problems.add(contribution.getClass().getName() + " gives grants to '" + role
                            + "', which is not a built-in role it may extend (admin, member)");
                    return;
                }
                for (String grant : grants) {
                    if (!catalogue.declares(grant, EnumSet.of(PermissionCatalogue.Context.ORGANISATION))) {
                        problems.add(contribution.getClass().getName() + " gives the built-in role " + role
                                + " the undeclared organisation permission " + grant);
                    }
                    into.add(grant);
                }
            });
        }
        if (!problems.isEmpty()) {
            throw new StartupRefused("Built-in organisation roles: " + String.join("; ", problems));
        }
        return Map.of(OrgRoles.OWNER, Set.of("*"), OrgRoles.ADMIN, Set.copyOf(admin), OrgRoles.MEMBER, Set.copyOf(member));
    }
}
