package dev.wingman.auth.api;

import dev.wingman.platform.api.Caller;

/**
 * Checks a credential outside an HTTP request (a WebSocket session, which authenticates in a
 * message and must be re-checked while it lasts): a session token or an API key.
 */
public interface CredentialVerifier {

    /** The caller, or why not: {@code status} 401 (invalid, expired, ended) or 403 (suspended). */
    Verdict verify(String credential);

    record Verdict(Caller caller, int status, String reason) {
        public boolean accepted() {
            return caller != null;
        }

        public static Verdict refused(int status, String reason) {
            return new Verdict(null, status, reason);
        }
    }
}
