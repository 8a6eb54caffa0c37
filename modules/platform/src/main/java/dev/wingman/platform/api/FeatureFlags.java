package dev.wingman.platform.api;

import java.util.List;
import java.util.Map;

/**
 * Run-time switches for whole capabilities. Defaults come from {@code wingman.features.<name>};
 * admins toggle them, the toggle is stored in PostgreSQL and announced to every instance.
 */
public interface FeatureFlags {
    List<String> KNOWN = List.of("ai", "ticketing", "applications", "billing", "oauth", "registration", "dns", "tunnels");

    boolean isEnabled(String feature);

    /** Every known flag with its current value, in {@link #KNOWN} order. */
    Map<String, Boolean> all();

    /** Sets flags (each must be known) and returns the new state of all flags. */
    Map<String, Boolean> update(Map<String, Boolean> changes);
}
