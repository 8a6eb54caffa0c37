package dev.wingman.platform.internal;

import dev.wingman.platform.api.PermissionCatalogue;
import dev.wingman.platform.api.PermissionContributor;
import dev.wingman.platform.api.Permissions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The catalogue, assembled once from every {@link PermissionContributor} bean. */
@ApplicationScoped
public class PermissionRegistry implements PermissionCatalogue {
    /** {@code resource.action}: lower-case kebab segments, dotted, at least two. */
    static final Pattern AUDIT_ACTION = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9_-]*)+");

    @Inject
    @Any
    Instance<PermissionContributor> contributors;

    private volatile Assembled assembled;

    record Assembled(List<Permission> permissions, List<AuditAction> actions, List<String> problems) {
    }

    @Override
    public List<Permission> permissions() {
        return assembled().permissions;
    }

    @Override
    public List<AuditAction> auditActions() {
        return assembled().actions;
    }

    @Override
    public boolean declares(String grant, Set<Context> contexts) {
        return declares(permissions(), grant, contexts);
    }

    /** What is wrong with the contributions themselves (duplicates, malformed names); empty when nothing is. */
    List<String> problems() {
        return assembled().problems;
    }

    static boolean declares(Collection<Permission> permissions, String grant, Set<Context> contexts) {
        if (grant == null) {
            return false;
        }
        if (grant.equals("*")) {
            return true;
        }
        for (Permission permission : permissions) {
            if (permission.contexts().stream().anyMatch(contexts::contains) && Permissions.grants(grant, permission.name())) {
                return true;
            }
        }
        return false;
    }

    private Assembled assembled() {
        Assembled current = assembled;
        if (current == null) {
            synchronized (this) {
                if (assembled == null) {
                    assembled = assemble(contributors.stream().map(PermissionContributor::contribution).toList());
                }
                current = assembled;
            }
        }
        return current;
    }

    static Assembled assemble(List<PermissionContributor.Contribution> contributions) {
        Map<String, Permission> permissions = new LinkedHashMap<>();
        Map<String, AuditAction> actions = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (PermissionContributor.Contribution contribution : contributions) {
            for (Permission permission : contribution.permissions()) {
                String name = permission.name();
                boolean wellFormed = permission.contexts().contains(Context.RESOURCE)
                        ? Permissions.isResourceKey(name) : Permissions.isValid(name);
                if (!wellFormed) {
                    problems.add("module " + contribution.module() + " declares the malformed permission '" + name + "'");
                }
                Permission earlier = permissions.putIfAbsent(name, permission);
                if (earlier != null) {
                    problems.add("permission " + name + " is declared by both " + earlier.module() + " and "
                            + permission.module());
                }
            }
            for (AuditAction action : contribution.auditActions()) {
                if (!AUDIT_ACTION.matcher(action.name()).matches()) {
                    problems.add("module " + contribution.module() + " declares the audit action '" + action.name()
                            + "', which is not resource.action");
                }
                AuditAction earlier = actions.putIfAbsent(action.trail() + " " + action.name(), action);
                if (earlier != null) {
                    problems.add("audit action " + action.name() + " (" + action.trail() + ") is declared by both "
                            + earlier.module() + " and " + action.module());
                }
            }
        }
        List<Permission> sortedPermissions = permissions.values().stream().sorted(Comparator.comparing(Permission::name)).toList();
        List<AuditAction> sortedActions = actions.values().stream()
                .sorted(Comparator.comparing(AuditAction::trail).thenComparing(AuditAction::name)).toList();
        return new Assembled(sortedPermissions, sortedActions, List.copyOf(problems));
    }
}
