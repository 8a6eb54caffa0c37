package dev.wingman.platform.api;

import java.util.function.Supplier;

/**
 * Registers and removes meters one at a time. Helidon 4.2.0's registry takes its locks in
 * opposite orders when a meter is registered and when one is removed, so registering one target's
 * meters while another's are removed (a node pinged while another is edited) deadlocked both,
 * and with them every later call (seen registering 1,000 nodes in bench/node-monitor-scale.sh).
 * Code that creates meters at run time goes through here; looking up a meter it already holds
 * does not need to.
 */
public final class MeterChanges {
    private static final Object LOCK = new Object();

    private MeterChanges() {
    }

    /** Registers (or looks up) a meter under the lock. */
    public static <T> T register(Supplier<T> registration) {
        synchronized (LOCK) {
            return registration.get();
        }
    }

    /** Removes meters under the lock. */
    public static void remove(Runnable removal) {
        synchronized (LOCK) {
            removal.run();
        }
    }
}
