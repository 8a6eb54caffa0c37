package dev.wingman.auth.rest;

import dev.wingman.auth.internal.SessionService;
import dev.wingman.platform.api.Authenticated;
import dev.wingman.platform.api.Scopes;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.CurrentRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/sessions")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Authenticated(scope = Scopes.SECURITY)
@Tag(name = "Authentication")
public class SessionResource {
    @Inject
    SessionService sessions;

    @Inject
    CurrentRequest request;

    @GET
    @Operation(summary = "My active sessions", description = "The one making this request is marked current.")
    public List<Views.SessionView> list() {
        Caller caller = request.requireCaller();
        return sessions.listActive(caller.userId()).stream().map(s -> Mappers.session(s, caller.sessionId())).toList();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke a session", description = "Its token stops working at once on every instance.")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", description = "No such active session of yours")
    public Response revoke(@PathParam("id") String sessionId) {
        sessions.revoke(request.requireCaller().userId(), sessionId);
        return Response.noContent().build();
    }

    @DELETE
    @Operation(summary = "Revoke every other session", description = "Keeps the session making this request.")
    public Views.RevokedResponse revokeOthers() {
        Caller caller = request.requireCaller();
        return new Views.RevokedResponse(sessions.revokeAllExcept(caller.userId(), caller.sessionId()));
    }
}
