package dev.wingman.auth.internal;

import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.Secrets;
import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Argon2id with OWASP's baseline parameters (19 MiB, 2 passes, 1 lane), stored as a PHC string so
 * the parameters travel with each hash and can be raised later without breaking old ones.
 *
 * <p>Each hash allocates its 19 MiB while it runs, so at most {@code wingman.auth.hashing.concurrency}
 * run at once; a caller waits up to {@code wingman.auth.hashing.queue-timeout} for a turn and is
 * otherwise answered 503 with {@code Retry-After}. A burst of logins thus costs a bounded amount
 * of memory and queues or is turned away, instead of exhausting the heap.
 */
@ApplicationScoped
public class PasswordHasher {
    private static final Argon2Function ARGON2 = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID);
    static final long RETRY_AFTER_SECONDS = 1;

    @Inject
    @ConfigProperty(name = "wingman.auth.hashing.concurrency", defaultValue = "4")
    int concurrency;

    @Inject
    @ConfigProperty(name = "wingman.auth.hashing.queue-timeout", defaultValue = "PT2S")
    Duration queueTimeout;

    private Semaphore turns;
    /** Verified against when the account does not exist, so both paths take the same time. */
    private String decoy;

    @PostConstruct
    void init() {
        if (concurrency < 1) {
            throw new IllegalArgumentException("wingman.auth.hashing.concurrency must be at least 1, not " + concurrency);
        }
        turns = new Semaphore(concurrency, true);
        decoy = Password.hash(Secrets.random(24)).addRandomSalt(16).with(ARGON2).getResult();
    }

    public String hash(String password) {
        return bounded(() -> Password.hash(password).addRandomSalt(16).with(ARGON2).getResult());
    }

    public boolean matches(String password, String storedHash) {
        if (storedHash == null) {
            bounded(() -> Password.check(password, decoy).with(Argon2Function.getInstanceFromHash(decoy)));
            return false;
        }
        return bounded(() -> Password.check(password, storedHash).with(Argon2Function.getInstanceFromHash(storedHash)));
    }

    private <T> T bounded(Supplier<T> work) {
        boolean acquired;
        try {
            acquired = turns.tryAcquire(queueTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        }
        if (!acquired) {
            throw busy();
        }
        try {
            return work.get();
        } finally {
            turns.release();
        }
    }

    private static ApiException busy() {
        return new ApiException(503, "Too many password checks at once; try again in a moment",
                Map.of("retryAfter", RETRY_AFTER_SECONDS), Map.of("Retry-After", String.valueOf(RETRY_AFTER_SECONDS)));
    }
}
