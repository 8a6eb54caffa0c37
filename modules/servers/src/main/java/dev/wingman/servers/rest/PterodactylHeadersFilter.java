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
 * Wings, and Pterodactyl client libraries following Pterodactyl's documentation, send
 * {@code Accept: application/vnd.pterodactyl.v1+json} (Nodeactyl even capitalises it). The panel
 * answers plain JSON whatever the vendor type says, so the remote and client APIs treat that
 * Accept as application/json instead of refusing it with 406. jspteroapi sends its file writes
 * with an empty {@code Content-Type:} header, which JAX-RS cannot parse (an empty 400 before any
 * resource is chosen): an empty one is dropped, as if the client had sent none.
 */
@Provider
@PreMatching
@Priority(Priorities.HEADER_DECORATOR)
@ApplicationScoped
public class PterodactylHeadersFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext ctx) {
        String path = ctx.getUriInfo().getPath();
        if (path.startsWith("api/remote/") || path.equals("api/client") || path.startsWith("api/client/")) {
            ctx.getHeaders().putSingle(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON);
            String type = ctx.getHeaderString(HttpHeaders.CONTENT_TYPE);
            if (type != null && type.isBlank()) {
                ctx.getHeaders().remove(HttpHeaders.CONTENT_TYPE);
            }
        }
    }
}
