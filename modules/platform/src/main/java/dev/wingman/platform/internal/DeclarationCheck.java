package dev.wingman.platform.internal;

import dev.wingman.platform.api.Authenticated;
import dev.wingman.platform.api.Feature;
import dev.wingman.platform.api.ModuleContributions;
import dev.wingman.platform.api.PermissionCatalogue;
import dev.wingman.platform.api.PermissionCatalogue.Context;
import dev.wingman.platform.api.RequiresPermission;
import dev.wingman.platform.api.Scopes;
import dev.wingman.platform.api.StartupRefused;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.interceptor.Interceptor;
import jakarta.ws.rs.Path;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Stops start-up when an access declaration names a permission no module declared: a typo in
 * {@code @RequiresPermission} would otherwise lock out everyone but holders of {@code *}. Checks
 * every JAX-RS resource bean's {@link RequiresPermission}, {@link Authenticated#scope()} and the
 * permission part of {@link Authenticated#grant()}, on the class and on each method, and the
 * contributions themselves (duplicates, malformed names). Likewise every {@link Feature} must name
 * a flag some module declares in {@link ModuleContributions#featureFlags()}: an unknown flag is
 * not in the flag lists, so no admin could ever switch its operations off.
 */
@ApplicationScoped
public class DeclarationCheck {
    private static final Set<Context> ANY = EnumSet.allOf(Context.class);

    void check(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 10) @Initialized(ApplicationScoped.class) Object ignored,
               BeanManager beans, PermissionRegistry catalogue, @Any Instance<ModuleContributions> modules) {
        Set<Class<?>> resources = new LinkedHashSet<>();
        for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
            if (bean.getBeanClass().isAnnotationPresent(Path.class)) {
                resources.add(bean.getBeanClass());
            }
        }
        List<String> refusals = new ArrayList<>();
        List<String> problems = new ArrayList<>(catalogue.problems());
        problems.addAll(problems(resources, catalogue));
        if (!problems.isEmpty()) {
            refusals.add("Undeclared permissions (each module declares its own in a PermissionContributor): "
                    + String.join("; ", problems));
        }
        Set<String> flags = new TreeSet<>();
        modules.forEach(module -> flags.addAll(module.featureFlags()));
        List<String> features = featureProblems(resources, flags);
        if (!features.isEmpty()) {
            refusals.add("Undeclared feature flags (each module declares its own in ModuleContributions.featureFlags()): "
                    + String.join("; ", features));
        }
        if (!refusals.isEmpty()) {
            throw new StartupRefused(String.join(". ", refusals));
        }
    }

    /** Every {@code @Feature} of {@code resources} (class or method) naming a flag not in {@code flags}, as "Class.method: ...". */
    static List<String> featureProblems(Collection<Class<?>> resources, Set<String> flags) {
        List<String> problems = new ArrayList<>();
        for (Class<?> type : resources) {
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                checkFeature(c, c.getName(), flags, problems);
            }
            for (Method method : type.getMethods()) {
                if (method.getDeclaringClass() != Object.class) {
                    checkFeature(method, method.getDeclaringClass().getName() + "." + method.getName(), flags, problems);
                }
            }
        }
        return problems.stream().distinct().toList();
    }

    private static void checkFeature(AnnotatedElement element, String where, Set<String> flags, List<String> problems) {
        Feature feature = element.getDeclaredAnnotation(Feature.class);
        if (feature != null && !flags.contains(feature.value())) {
            problems.add(where + ": @Feature(\"" + feature.value() + "\") names an undeclared flag (declared: "
                    + String.join(", ", flags) + ")");
        }
    }

    /** Every access declaration of {@code resources} that names an undeclared permission, as "Class.method: ...". */
    static List<String> problems(Collection<Class<?>> resources, PermissionCatalogue catalogue) {
        List<String> problems = new ArrayList<>();
        for (Class<?> type : resources) {
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                check(c, c.getName(), catalogue, problems);
            }
            for (Method method : type.getMethods()) {
                if (method.getDeclaringClass() != Object.class) {
                    check(method, method.getDeclaringClass().getName() + "." + method.getName(), catalogue, problems);
                }
            }
        }
        return problems.stream().distinct().toList();
    }

    private static void check(AnnotatedElement element, String where, PermissionCatalogue catalogue, List<String> problems) {
        for (Annotation annotation : element.getDeclaredAnnotations()) {
            if (annotation instanceof RequiresPermission required
                    && !catalogue.declares(required.value(), EnumSet.of(Context.PANEL))) {
                problems.add(where + ": @RequiresPermission(\"" + required.value() + "\") names an undeclared panel permission");
            } else if (annotation instanceof Authenticated authenticated) {
                String scope = authenticated.scope();
                if (!scope.equals(Scopes.NONE) && !scope.equals(Scopes.RESOURCE) && !catalogue.declares(scope, ANY)) {
                    problems.add(where + ": @Authenticated(scope = \"" + scope + "\") names an undeclared scope");
                }
                String grant = authenticated.grant();
                int colon = grant.indexOf(':');
                if (colon > 0 && !catalogue.declares(grant.substring(colon + 1), ANY)) {
                    problems.add(where + ": @Authenticated(grant = \"" + grant + "\") names the undeclared permission "
                            + grant.substring(colon + 1));
                }
            }
        }
    }
}
