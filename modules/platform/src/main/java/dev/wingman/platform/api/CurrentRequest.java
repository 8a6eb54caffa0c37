package dev.wingman.platform.api;

import jakarta.enterprise.context.RequestScoped;

import java.util.Optional;

/**
 * What Wingman knows about the request being served: its id, the client's address and, once the
 * authentication filter has run, the caller. Request scoped; inject it where you need it.
 */
@RequestScoped
public class CurrentRequest {
    private String requestId = "-";
    private String clientIp = "unknown";
    private String userAgent = "";
    private String path = "";
    private Caller caller;
    private String credentialProblem;
    private int credentialProblemStatus = 401;

    public String requestId() {
        return requestId;
    }

    public String clientIp() {
        return clientIp;
    }

    /** The request path without a leading slash, e.g. {@code api/client/servers/1a2b3c4d}. */
    public String path() {
        return path;
    }

    /** Whether the request is on a Pterodactyl-compatible surface ({@code /api/client}, {@code /api/remote}). */
    public boolean pterodactylSurface() {
        return path.startsWith("api/client") || path.startsWith("api/remote");
    }

    public String userAgent() {
        return userAgent;
    }

    public Optional<Caller> caller() {
        return Optional.ofNullable(caller);
    }

    /** The caller, or a 401 (403 for a suspended account) naming why credentials were not accepted. */
    public Caller requireCaller() {
        if (caller == null) {
            throw credentialProblem == null ? ApiException.unauthorized("Authentication required")
                    : new ApiException(credentialProblemStatus, credentialProblem);
        }
        return caller;
    }

    public void identify(String requestId, String clientIp, String userAgent, String path) {
        this.path = path == null ? "" : (path.startsWith("/") ? path.substring(1) : path);
        this.requestId = requestId;
        this.clientIp = clientIp;
        this.userAgent = userAgent == null ? "" : userAgent;
    }

    public void authenticate(Caller caller) {
        this.caller = caller;
        this.credentialProblem = null;
    }

    /**
     * Credentials were presented but not accepted. Public endpoints still serve the request; those
     * that need a caller answer {@code status} (401, or 403 for a suspended account) with the reason.
     */
    public void rejectCredentials(int status, String reason) {
        this.caller = null;
        this.credentialProblem = reason;
        this.credentialProblemStatus = status;
    }
}
