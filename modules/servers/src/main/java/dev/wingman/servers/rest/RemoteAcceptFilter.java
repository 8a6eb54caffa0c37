package dev.wingman.servers.rest;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * Wings sends {@code Accept: application/vnd.pterodactyl.v1+json}; the panel answers plain JSON
 * whatever the vendor type says, so the remote API treats that Accept as application/json instead
 * of refusing it with 406.
 */
@Provider
@PreMatching
@Priority(Priorities.HEADER_DECORATOR)
@ApplicationScoped
public class RemoteAcceptFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext ctx) {
        if (ctx.getUriInfo().getPath().startsWith("api/remote/")) {
            ctx.getHeaders().putSingle(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON);
        }
    }
}
