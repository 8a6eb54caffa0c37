package dev.wingman.auth.api;

import java.util.Optional;

/** Read access to accounts for other modules (owners of servers, organisation members, ...). */
public interface Accounts {

    Optional<Account> findById(String userId);

    Optional<Account> findByEmail(String email);

    /**
     * The account if the password is its password and it is not suspended (for logins outside the
     * panel, such as Wings' SFTP). Takes the same time whether or not the account exists.
     */
    Optional<Account> checkPassword(String email, String password);

    /**
     * The account if it holds this SSH public key ({@code <type> <base64> [comment]}, as Wings sends
     * a key login) and is not suspended; empty for a malformed key too.
     */
    Optional<Account> checkPublicKey(String email, String publicKey);

    /** {@code twoFactorEnabled}: TOTP is switched on. */
    record Account(String id, String email, String name, String tier, boolean suspended, boolean twoFactorEnabled,
                   java.time.Instant createdAt) {
    }
}
