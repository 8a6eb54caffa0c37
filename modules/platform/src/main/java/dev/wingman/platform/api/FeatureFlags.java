package dev.wingman.platform.api;

import java.util.List;
import java.util.Map;

/**
 * Run-time switches for whole capabilities. Defaults come from {@code wingman.features.<name>};
 * admins toggle them, the toggle is stored in PostgreSQL and announced to every instance. Each
 * module declares its own flags through {@link ModuleContributions}.
 */
public interface FeatureFlags {

    /** The flags modules declare ({@link ModuleContributions#featureFlags()}), sorted by name. */
    List<String> known();

    boolean isEnabled(String feature);

    /** Every known flag with its current value, in {@link #known()} order. */
    Map<String, Boolean> all();

    /** Sets flags (each must be known) and returns the new state of all flags. */
    Map<String, Boolean> update(Map<String, Boolean> changes);
}
