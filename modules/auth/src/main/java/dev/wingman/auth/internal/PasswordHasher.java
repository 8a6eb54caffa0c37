package dev.wingman.auth.internal;

import dev.wingman.platform.api.Secrets;
import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Argon2id with OWASP's baseline parameters (19 MiB, 2 passes, 1 lane), stored as a PHC string so
 * the parameters travel with each hash and can be raised later without breaking old ones.
 */
@ApplicationScoped
public class PasswordHasher {
    private static final Argon2Function ARGON2 = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID);
    /** Verified against when the account does not exist, so both paths take the same time. */
    private final String decoy = hash(Secrets.random(24));

    public String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
    }

    public boolean matches(String password, String storedHash) {
        if (storedHash == null) {
            Password.check(password, decoy).with(Argon2Function.getInstanceFromHash(decoy));
            return false;
        }
        return Password.check(password, storedHash).with(Argon2Function.getInstanceFromHash(storedHash));
    }
}
