package dev.wingman.servers.api;

import java.util.Map;

/** Egg lookups other parts of the panel need: resolving and validating a server's environment. */
public interface Eggs {

    /**
     * The complete environment for a server of this egg: every variable, from the request where
     * given (only user-editable ones unless {@code asAdmin}) or else its default, each checked
     * against its rules. 400 naming {@code environment.<VAR>} when a value breaks a rule or is unknown.
     */
    Map<String, String> resolveEnvironment(String eggId, Map<String, String> requested, boolean asAdmin);
}
