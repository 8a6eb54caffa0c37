package dev.wingman.servers.internal.eggs;

import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.AuditTrail;
import dev.wingman.platform.api.SharedCache;
import dev.wingman.platform.api.SharedCaches;
import dev.wingman.servers.api.EggVariable;
import dev.wingman.servers.api.Eggs;
import dev.wingman.servers.api.ServersPermissions;
import dev.wingman.servers.internal.ServerStore;
import dev.wingman.servers.internal.client.ClientListCache;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Importing, changing and removing eggs, and resolving a server's environment against one. */
@ApplicationScoped
public class EggService implements Eggs {
    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    AuditTrail audit;

    @Inject
    ServerStore servers;

    @Inject
    SharedCaches caches;

    @Inject
    ClientListCache clientLists;

    private SharedCache<Shown> shown;

    /** What server views show of an egg, read once: its user-viewable variables and its features. */
    /** hiddenVariables: the environment names of variables with user_viewable false, whose values never reach users. */
    public record Shown(List<EggVariable> viewableVariables, java.util.Set<String> hiddenVariables, List<String> features) {
    }

    @PostConstruct
    void init() {
        shown = caches.create("eggs", Duration.ofMinutes(10), 10_000);
    }

    /** The egg as views show it, from a per-instance cache dropped on every instance when the egg changes. */
    public Shown shown(String eggId) {
        return shown.get(eggId, id -> {
            Egg egg = find(id);
            List<String> features = egg.features();
            List<EggVariable> variables = egg.variables();
            return new Shown(variables.stream().filter(EggVariable::userViewable).toList(),
                    variables.stream().filter(v -> !v.userViewable()).map(EggVariable::envVariable)
                            .collect(java.util.stream.Collectors.toUnmodifiableSet()), features);
        });
    }

    private void changed(String eggId) {
        clientLists.changed();
        shown.invalidateAfterCommit(eggId);
    }

    public List<Egg> list() {
        return em.createQuery("select e from Egg e order by lower(e.name)", Egg.class).getResultList();
    }

    public Egg find(String id) {
        Egg egg = em.find(Egg.class, id);
        if (egg == null) {
            throw ApiException.notFound("Egg not found");
        }
        return egg;
    }

    @Transactional
    public Egg importEgg(JsonObject json) {
        if (json == null) {
            throw ApiException.badRequest("A JSON body is required");
        }
        Egg egg = new Egg();
        EggFormat.read(json, egg);
        requireUniqueName(egg.name, null);
        egg.uuid = UUID.randomUUID();
        em.persist(egg); // assigns the id and timestamps
        audit.record(ServersPermissions.AUDIT_EGG_IMPORT, "egg", egg.id, Map.of("name", egg.name));
        return egg;
    }

    /** Replaces the egg's definition with a new export of it; id and uuid stay. */
    @Transactional
    public Egg replace(String id, JsonObject json) {
        if (json == null) {
            throw ApiException.badRequest("A JSON body is required");
        }
        Egg egg = find(id);
        EggFormat.read(json, egg);
        requireUniqueName(egg.name, id);
        audit.record(ServersPermissions.AUDIT_EGG_UPDATE, "egg", id, Map.of("name", egg.name));
        changed(id);
        return egg;
    }

    @Transactional
    public void delete(String id) {
        Egg egg = find(id);
        long using = servers.countUsingEgg(id);
        if (using > 0) {
            throw ApiException.conflict("Egg '" + egg.name + "' is used by " + using + " server(s)");
        }
        em.createQuery("delete from Egg e where e.id = :id").setParameter("id", id).executeUpdate();
        audit.record(ServersPermissions.AUDIT_EGG_DELETE, "egg", id, Map.of("name", egg.name));
        changed(id);
    }

    private void requireUniqueName(String name, String exceptId) {
        boolean taken = !em.createQuery("select e.id from Egg e where lower(e.name) = lower(:name) and e.id <> :id", String.class)
                .setParameter("name", name).setParameter("id", exceptId == null ? "" : exceptId)
                .setMaxResults(1).getResultList().isEmpty();
        if (taken) {
            throw ApiException.conflict("An egg named '" + name + "' already exists");
        }
    }

    /** Why {@code value} breaks the variable's rules (such as "must be at most 20 characters"), or empty when it keeps them. */
    public java.util.Optional<String> ruleProblem(EggVariable variable, String value) {
        return VariableRules.check(variable.rules(), value);
    }

    @Override
    public Map<String, String> resolveEnvironment(String eggId, Map<String, String> requested, boolean asAdmin) {
        return resolveEnvironment(eggId, Map.of(), requested, asAdmin);
    }

    /**
     * As {@link #resolveEnvironment(String, Map, boolean)} for a server that has values already:
     * variables not in {@code changes} keep their {@code current} value (or the default).
     */
    public Map<String, String> resolveEnvironment(String eggId, Map<String, String> current, Map<String, String> changes,
                                                  boolean asAdmin) {
        Egg egg = find(eggId);
        List<EggVariable> variables = egg.variables();
        Map<String, String> given = changes == null ? Map.of() : changes;
        for (String key : given.keySet()) {
            if (variables.stream().noneMatch(v -> v.envVariable().equals(key))) {
                throw ApiException.invalidField("environment." + key, "is not a variable of egg '" + egg.name + "'");
            }
        }
        Map<String, String> environment = new LinkedHashMap<>();
        for (EggVariable variable : variables) {
            String key = variable.envVariable();
            String value = current.getOrDefault(key, variable.defaultValue());
            if (given.containsKey(key)) {
                if (!asAdmin && !variable.userEditable()) {
                    throw ApiException.invalidField("environment." + key, "cannot be changed");
                }
                value = given.get(key) == null ? "" : given.get(key);
            }
            String checked = value;
            VariableRules.check(variable.rules(), checked).ifPresent(problem -> {
                throw ApiException.invalidField("environment." + key, problem);
            });
            environment.put(key, value);
        }
        return environment;
    }
}
