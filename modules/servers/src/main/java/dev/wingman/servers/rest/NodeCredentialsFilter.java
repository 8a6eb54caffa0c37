package dev.wingman.servers.rest;

import dev.wingman.nodes.api.NodeDirectory;
import dev.wingman.platform.api.ApiException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Checks a node's credentials ({@code Authorization: Bearer <token_id>.<token>}) on every matched
 * {@code /api/remote/*} operation before Jersey reads the body: a caller without valid node
 * credentials is answered 401 / 400 / 403 (Pterodactyl's DaemonAuthenticate answers) and its body is
 * never parsed. Post-matching, so an unknown path under {@code /api/remote} is still a 404. The node
 * is handed to {@link RemoteResource} through the request-scoped {@link RemoteNode}.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class NodeCredentialsFilter implements ContainerRequestFilter {
    @Inject
    NodeDirectory nodes;

    @Inject
    RemoteNode node;

    @Override
    public void filter(ContainerRequestContext ctx) {
        String path = ctx.getUriInfo().getPath();
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (!path.equals("api/remote") && !path.startsWith("api/remote/")) {
            return;
        }
        node.authenticated(authenticate(ctx.getHeaderString(HttpHeaders.AUTHORIZATION)));
    }

    /** The node these credentials belong to: 401 missing, 400 malformed, 403 wrong, as Pterodactyl answers. */
    String authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw ApiException.unauthorized("Access to this endpoint must include an Authorization header.");
        }
        String[] scheme = authorization.strip().split(" ", 2);
        String[] parts = scheme.length == 2 && scheme[0].equalsIgnoreCase("Bearer") ? scheme[1].strip().split("\\.", -1) : null;
        if (parts == null || parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw ApiException.badRequest("The Authorization header provided was not in a valid format.");
        }
        return nodes.authenticateDaemon(parts[0], parts[1])
                .orElseThrow(() -> ApiException.forbidden("You are not authorized to access this resource."));
    }
}
