package dev.wingman.auth.internal;

import dev.wingman.auth.api.Accounts;
import dev.wingman.platform.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Locale;
import java.util.Optional;

@ApplicationScoped
public class AccountDirectory implements Accounts {
    @Inject
    Users users;

    @Inject
    PasswordHasher hasher;

    @Override
    public Optional<Account> findById(String userId) {
        return users.byId(userId).map(AccountDirectory::view);
    }

    @Override
    public Optional<Account> findByEmail(String email) {
        return users.byEmail(email.strip().toLowerCase(Locale.ROOT)).map(AccountDirectory::view);
    }

    @Override
    public Optional<Account> checkPassword(String email, String password) {
        Optional<User> user = users.byEmail(email.strip().toLowerCase(Locale.ROOT));
        boolean matches = hasher.matches(password == null ? "" : password, user.map(u -> u.passwordHash).orElse(null));
        return user.filter(u -> matches && !u.suspended).map(AccountDirectory::view);
    }

    @Inject
    SshKeyService sshKeys;

    @Override
    public Optional<Account> checkPublicKey(String email, String publicKey) {
        SshPublicKey key;
        try {
            key = SshPublicKey.parse(publicKey, "password");
        } catch (ApiException malformed) {
            return Optional.empty();
        }
        return users.byEmail(email.strip().toLowerCase(Locale.ROOT))
                .filter(u -> !u.suspended && sshKeys.holds(u.id, key)).map(AccountDirectory::view);
    }

    private static Account view(User u) {
        return new Account(u.id, u.email, u.name, u.tier, u.suspended, u.totpEnabled, u.createdAt);
    }
}
