package dev.wingman.platform.api;

import java.time.Duration;

/**
 * A kind of one-off work that must happen even if the instance that asked for it dies: a CDI bean
 * implementing this is found at start-up, and {@link Jobs#schedule} persists one execution of it
 * per id. Exactly one instance runs each execution; one that throws is retried with exponential
 * back-off ({@link #retry()}) until it succeeds or runs out of attempts; one whose instance died is
 * taken over by another instance. Because of that takeover a run may repeat: make it idempotent.
 */
public interface OneOffJob {
    /** A stable, unique name, e.g. {@code servers.transfer-delete-source}. */
    String name();

    /**
     * Does the work for {@code id} (with the {@code data} it was scheduled with, possibly empty).
     * Answer {@link Outcome#done()} when it is finished, {@link Outcome#againIn} to be run again
     * later without counting a failure (waiting for something instead of sleeping), or throw to
     * have it retried with back-off.
     */
    Outcome run(String id, String data) throws Exception;

    /** How failures are retried. */
    default Retry retry() {
        return Retry.DEFAULT;
    }

    /** What a successful run asks for next. */
    record Outcome(Duration again) {
        private static final Outcome DONE = new Outcome(null);

        public static Outcome done() {
            return DONE;
        }

        public static Outcome againIn(Duration delay) {
            return new Outcome(delay);
        }
    }

    /**
     * Exponential back-off: attempt n+1 waits {@code firstDelay * factor^(n-1)} after attempt n
     * failed; after {@code maxAttempts} failed attempts the execution is dropped and logged.
     */
    record Retry(int maxAttempts, Duration firstDelay, double factor) {
        public static final Retry DEFAULT = new Retry(10, Duration.ofSeconds(5), 2.0);

        public Retry {
            if (maxAttempts < 1 || firstDelay.isNegative() || factor < 1.0) {
                throw new IllegalArgumentException("maxAttempts >= 1, firstDelay >= 0 and factor >= 1 are required");
            }
        }
    }
}
