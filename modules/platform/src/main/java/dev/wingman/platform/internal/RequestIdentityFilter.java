package dev.wingman.platform.internal;

import dev.wingman.platform.api.CurrentRequest;
import io.helidon.common.context.Contexts;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/** Fills {@link CurrentRequest} with the request id the edge filter assigned and the client's address. */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
@ApplicationScoped
public class RequestIdentityFilter implements ContainerRequestFilter {
    @Inject
    CurrentRequest request;

    @Inject
    ClientAddressResolver addresses;

    @Override
    public void filter(ContainerRequestContext ctx) {
        String requestId = Contexts.context()
                .flatMap(c -> c.get(HttpEdge.REQUEST_ID, String.class))
                .orElseGet(HttpEdge::newRequestId);
        Object peer = ctx.getProperty("io.helidon.jaxrs.remote-host");
        String ip = addresses.resolve(peer == null ? "unknown" : peer.toString(), ctx.getHeaderString("X-Forwarded-For"));
        request.identify(requestId, ip, ctx.getHeaderString("User-Agent"), ctx.getUriInfo().getPath());
    }
}
