package dev.wingman.organisations.rest;

import dev.wingman.organisations.internal.InviteService;
import dev.wingman.organisations.internal.OrganisationService;
import dev.wingman.platform.api.Authenticated;
import dev.wingman.platform.api.Scopes;
import dev.wingman.platform.api.CurrentRequest;
import dev.wingman.platform.api.RateLimit;
import dev.wingman.platform.api.Validate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/organisations/invites")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Authenticated(scope = Scopes.ORGANISATIONS_JOIN)
@Tag(name = "Organisations")
public class InviteAnswerResource {
    @Inject
    InviteService invites;

    @Inject
    OrganisationService organisations;

    @Inject
    CurrentRequest request;

    @POST
    @Path("/accept")
    @RateLimit(name = "invite-answer", limit = 20, windowSeconds = 300, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Accept an invite", description = "With the token, logged in with the invited e-mail. Answers "
            + "the organisation joined.")
    @APIResponse(responseCode = "404", description = "No such invite for your e-mail")
    @APIResponse(responseCode = "409", description = "Already answered, or already a member")
    @APIResponse(responseCode = "410", description = "Expired or revoked")
    public Views.OrganisationView accept(Views.TokenRequest body) {
        Validate.body(body);
        String organisationId = invites.accept(request.requireCaller(), Validate.text(body.token(), "token", 100));
        return Views.organisation(organisations.joined(request.requireCaller(), organisationId));
    }

    @POST
    @Path("/decline")
    @RateLimit(name = "invite-answer", limit = 20, windowSeconds = 300, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Decline an invite")
    @APIResponse(responseCode = "204", description = "Declined")
    @APIResponse(responseCode = "404", description = "No such invite for your e-mail")
    @APIResponse(responseCode = "409", description = "Already answered")
    @APIResponse(responseCode = "410", description = "Expired or revoked")
    public Response decline(Views.TokenRequest body) {
        Validate.body(body);
        invites.decline(request.requireCaller(), Validate.text(body.token(), "token", 100));
        return Response.noContent().build();
    }
}
