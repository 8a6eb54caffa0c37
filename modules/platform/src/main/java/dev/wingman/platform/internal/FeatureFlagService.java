package dev.wingman.platform.internal;

import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.platform.api.AfterCommit;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.CurrentRequest;
import dev.wingman.platform.api.FeatureFlags;
import dev.wingman.platform.api.InvalidationBus;
import dev.wingman.platform.api.InstanceTimers;
import dev.wingman.platform.api.ModuleContributions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.Config;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Flag values are read on every gated request, so they are served from an in-memory snapshot.
 * The snapshot is rebuilt from PostgreSQL when any instance announces a toggle on the bus, and
 * every few seconds regardless, so a toggle reaches all instances within the refresh interval even
 * if the announcement was lost. The snapshot is this instance's memory, so the refresh is an
 * {@link InstanceTimers} timer on every instance, not a fleet-wide job.
 */
@ApplicationScoped
public class FeatureFlagService implements FeatureFlags {
    private static final Logger LOG = Logger.getLogger(FeatureFlagService.class.getName());
    private static final String TOPIC = "features";

    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    Config config;

    @Inject
    InvalidationBus bus;

    @Inject
    CurrentRequest request;

    @Inject
    AfterCommit afterCommit;

    @Inject
    @Any
    Instance<ModuleContributions> modules;

    private volatile List<String> known;

    @Inject
    InstanceTimers timers;

    private volatile Map<String, Boolean> snapshot;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        known();
        reload();
        bus.subscribe(TOPIC, message -> reload());
        long seconds = config.getOptionalValue("wingman.features.refresh-seconds", Long.class).orElse(5L);
        timers.every("feature-flags", Duration.ofSeconds(seconds), this::reloadQuietly);
    }

    private void reloadQuietly() {
        try {
            reload();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not refresh feature flags; keeping the last known values", e);
        }
    }

    @Override
    public List<String> known() {
        List<String> names = known;
        if (names == null) {
            Set<String> declared = new TreeSet<>();
            modules.forEach(module -> declared.addAll(module.featureFlags()));
            names = known = List.copyOf(declared);
        }
        return names;
    }

    void reload() {
        Map<String, Boolean> stored = new LinkedHashMap<>();
        for (FeatureFlagSetting s : em.createQuery("select f from FeatureFlagSetting f", FeatureFlagSetting.class).getResultList()) {
            stored.put(s.name, s.enabled);
        }
        Map<String, Boolean> next = new LinkedHashMap<>();
        for (String name : known()) {
            next.put(name, stored.getOrDefault(name, configuredDefault(name)));
        }
        snapshot = Collections.unmodifiableMap(next);
    }

    private boolean configuredDefault(String name) {
        return config.getOptionalValue("wingman.features." + name, Boolean.class).orElse(true);
    }

    @Override
    public boolean isEnabled(String feature) {
        Map<String, Boolean> current = snapshot;
        return current == null ? configuredDefault(feature) : current.getOrDefault(feature, true);
    }

    @Override
    public Map<String, Boolean> all() {
        return snapshot;
    }

    @Override
    @Transactional
    public Map<String, Boolean> update(Map<String, Boolean> changes) {
        for (Map.Entry<String, Boolean> change : changes.entrySet()) {
            if (!known().contains(change.getKey())) {
                throw ApiException.invalidField(change.getKey(), "is not a feature flag (known: " + String.join(", ", known()) + ")");
            }
            if (change.getValue() == null) {
                throw ApiException.invalidField(change.getKey(), "must be true or false");
            }
        }
        String actor = request.caller().map(c -> c.userId()).orElse(null);
        for (Map.Entry<String, Boolean> change : changes.entrySet()) {
            FeatureFlagSetting setting = em.find(FeatureFlagSetting.class, change.getKey());
            boolean created = setting == null;
            if (created) {
                setting = new FeatureFlagSetting();
                setting.name = change.getKey();
            }
            setting.enabled = change.getValue();
            setting.updatedAt = Instant.now();
            setting.updatedBy = actor;
            if (created) {
                em.persist(setting);
            }
        }
        Map<String, Boolean> next = new LinkedHashMap<>(snapshot);
        next.putAll(changes);
        afterCommit.run(() -> {
            snapshot = Collections.unmodifiableMap(next);
            bus.publish(TOPIC, "changed");
        });
        return Collections.unmodifiableMap(next);
    }
}
