package dev.wingman.platform.api;

/**
 * The API-key scopes of account self-management: what a key may do to the account it belongs to,
 * beyond the permissions and resource keys it names. A session is never limited by them; a key
 * must name the scope (or {@code *}). A key with an empty scope can only read its own profile.
 */
public final class Scopes {
    /** Needs no scope: any credential of the account may call it (reading one's own profile, logging out). */
    public static final String NONE = "";
    /** Changing the profile's own fields (name). */
    public static final String PROFILE = "account:profile";
    /** Password, two-factor authentication, sessions and API keys. */
    public static final String SECURITY = "account:security";
    /** The SSH keys that log in over SFTP as the account. */
    public static final String SSH_KEYS = "account:ssh-keys";
    /** Accepting or declining organisation invitations. */
    public static final String ORGANISATIONS_JOIN = "organisations:join";
    /** Leaving an organisation. */
    public static final String ORGANISATIONS_LEAVE = "organisations:leave";
    /**
     * The operation acts on resources the key reaches through a resource grant (ownership,
     * organisation role or subuser keys) narrowed by the resource keys its scope names; the
     * operation's own check names the key it needs.
     */
    public static final String RESOURCE = "resource";

    private Scopes() {
    }

    /** The account scopes a key may be given by any account (they only narrow what the account itself may do). */
    public static boolean isAccountScope(String scope) {
        return scope.equals(PROFILE) || scope.equals(SECURITY) || scope.equals(SSH_KEYS)
                || scope.equals(ORGANISATIONS_JOIN) || scope.equals(ORGANISATIONS_LEAVE) || scope.equals("account:*");
    }
}
