package dev.wingman.servers.rest;

import dev.wingman.platform.api.ApiException;
import jakarta.enterprise.context.RequestScoped;

/** The node whose credentials {@link NodeCredentialsFilter} accepted for this remote API request. */
@RequestScoped
public class RemoteNode {
    private String nodeId;

    public void authenticated(String nodeId) {
        this.nodeId = nodeId;
    }

    /** The authenticated node's id; a request the filter did not check is refused (never served unauthenticated). */
    public String id() {
        if (nodeId == null) {
            throw ApiException.unauthorized("Access to this endpoint must include an Authorization header.");
        }
        return nodeId;
    }
}
