package dev.wingman.auth.api;

import java.util.Optional;

/** Read access to accounts for other modules (owners of servers, organisation members, ...). */
public interface Accounts {

    Optional<Account> findById(String userId);

    Optional<Account> findByEmail(String email);

    record Account(String id, String email, String name, String tier, boolean suspended) {
    }
}
