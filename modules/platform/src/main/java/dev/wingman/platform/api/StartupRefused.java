package dev.wingman.platform.api;

/**
 * Settings the panel cannot honour. Thrown while the application starts, it stops start-up: the
 * packaged application prints the message and exits non-zero instead of running half-configured.
 * The message names the setting and the rule it breaks.
 */
public class StartupRefused extends RuntimeException {
    public StartupRefused(String message) {
        super(message);
    }
}
