package dev.wingman.platform.api;

import java.util.Set;

/**
 * A CDI event, fired on the instance that made the change once it committed: what the accounts
 * {@code userIds} may do may have shrunk (a session or API key revoked, the account suspended or
 * its roles or tier changed, an organisation membership removed or changed, a role they hold
 * lost permissions or was deleted). Holders of credentials issued from the old authority (Wings
 * console JWTs) revoke them, so that access never outlives its grant by a token's lifetime.
 *
 * <p>One event names every account one change touched (a role's holders may be every account),
 * so observers handle them together rather than once per account.
 */
public record AuthorityChanged(Set<String> userIds) {
    public AuthorityChanged {
        userIds = Set.copyOf(userIds);
    }

    /** The authority of the one account {@code userId} changed. */
    public static AuthorityChanged of(String userId) {
        return new AuthorityChanged(Set.of(userId));
    }
}
