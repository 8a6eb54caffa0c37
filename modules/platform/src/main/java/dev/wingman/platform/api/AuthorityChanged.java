package dev.wingman.platform.api;

/**
 * A CDI event, fired on the instance that made the change once it committed: what the account
 * {@code userId} may do may have shrunk (a session or API key revoked, the account suspended or
 * its roles or tier changed, an organisation membership removed or changed). Holders of
 * credentials issued from the old authority (Wings console JWTs) revoke them, so that access
 * never outlives its grant by a token's lifetime.
 */
public record AuthorityChanged(String userId) {
}
