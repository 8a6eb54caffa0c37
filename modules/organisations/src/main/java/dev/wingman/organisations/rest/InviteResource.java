package dev.wingman.organisations.rest;

import dev.wingman.organisations.internal.InviteService;
import dev.wingman.platform.api.Authenticated;
import dev.wingman.platform.api.Scopes;
import dev.wingman.platform.api.CurrentRequest;
import dev.wingman.platform.api.RateLimit;
import dev.wingman.platform.api.Validate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;

@Path("/api/organisations/{id}/invites")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Authenticated(scope = Scopes.RESOURCE, grant = "organisation:organisations:invites:*")
@Tag(name = "Organisations")
public class InviteResource {
    @Inject
    InviteService invites;

    @Inject
    CurrentRequest request;

    @GET
    @Operation(summary = "Invites", description = "Every invite with its status; owners and admins.")
    public List<Views.InviteView> list(@PathParam("id") String id) {
        return invites.list(request.requireCaller(), id).stream().map(Views::invite).toList();
    }

    @POST
    @RateLimit(name = "organisation-invite", limit = 30, windowSeconds = 3600, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Invite by e-mail", description = "email, role (member or admin; admin only by owners) and an "
            + "optional custom roleId. The answer carries the token once; the invitee accepts it at "
            + "/api/organisations/invites/accept while logged in with that e-mail.")
    @APIResponse(responseCode = "201", description = "Invited")
    @APIResponse(responseCode = "409", description = "Already a member, or an invite is pending")
    public Response create(@PathParam("id") String id, Views.InviteRequest body) {
        Validate.body(body);
        String email = Validate.email(body.email(), "email");
        InviteService.Created created = invites.create(request.requireCaller(), id, email, body.role(),
                Validate.optionalText(body.roleId(), "roleId", 64));
        var i = created.invite();
        return Response.status(201).entity(new Views.CreatedInviteView(i.id(), i.email(), i.role(), i.customRoleId(),
                i.status(Instant.now()), i.expiresAt(), created.token())).build();
    }

    @DELETE
    @Path("/{inviteId}")
    @Operation(summary = "Revoke an invite")
    @APIResponse(responseCode = "204", description = "Revoked")
    public Response revoke(@PathParam("id") String id, @PathParam("inviteId") String inviteId) {
        invites.revoke(request.requireCaller(), id, inviteId);
        return Response.noContent().build();
    }
}
