package dev.wingman.organisations.rest;

import dev.wingman.organisations.api.OrganisationPermissions;
import dev.wingman.organisations.internal.MemberService;
import dev.wingman.organisations.internal.OrganisationService;
import dev.wingman.organisations.internal.Activity;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.AuditTrail;
import dev.wingman.platform.api.Authenticated;
import dev.wingman.platform.api.Scopes;
import dev.wingman.platform.api.CurrentRequest;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
import dev.wingman.platform.api.RateLimit;
import dev.wingman.platform.api.RequiresPermission;
import dev.wingman.platform.api.Validate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Set;

@Path("/api/organisations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Authenticated(scope = Scopes.RESOURCE, grant = "organisation")
@Tag(name = "Organisations")
public class OrganisationResource {
    private static final Set<String> SORTABLE = Set.of("createdAt", "name", "handle");

    @Inject
    OrganisationService organisations;

    @Inject
    MemberService members;

    @Inject
    Activity activity;

    @Inject
    CurrentRequest request;

    @POST
    @RequiresPermission(OrganisationPermissions.CREATE)
    @RateLimit(name = "organisation-create", limit = 10, windowSeconds = 3600, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Create an organisation", description = "Name and a unique handle (3 to 40 lower-case letters, "
            + "digits or dashes). The creator becomes its owner.")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "409", description = "The handle is taken")
    public Response create(Views.OrganisationRequest body) {
        Validate.body(body);
        String name = Validate.text(body.name(), "name", 100);
        String handle = OrganisationService.handle(Validate.text(body.handle(), "handle", 40));
        return Response.status(201).entity(Views.organisation(organisations.create(request.requireCaller(), name, handle))).build();
    }

    @GET
    @Authenticated(scope = OrganisationPermissions.READ)
    @Operation(summary = "My organisations", description = "Paged; sort by createdAt, name or handle.")
    public Page<Views.OrganisationView> mine(@QueryParam("page") Integer page, @QueryParam("perPage") Integer perPage,
                                            @QueryParam("sort") String sort) {
        return organisations.mine(request.requireCaller(), PageRequest.of(page, perPage, sort, SORTABLE, "createdAt"))
                .map(Views::organisation);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "An organisation", description = "404 unless you are a member.")
    public Views.OrganisationView get(@PathParam("id") String id) {
        return Views.organisation(organisations.get(request.requireCaller(), id));
    }

    @PUT
    @Path("/{id}")
    @RateLimit(name = "organisation-update", limit = 6, windowSeconds = 60, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Rename an organisation", description = "name and/or handle; owners and admins.")
    public Views.OrganisationView update(@PathParam("id") String id, Views.OrganisationRequest body) {
        Validate.body(body);
        String name = Validate.optionalText(body.name(), "name", 100);
        String handle = body.handle() == null ? null : OrganisationService.handle(Validate.text(body.handle(), "handle", 40));
        return Views.organisation(organisations.update(request.requireCaller(), id, name, handle));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete an organisation", description = "Owners only. Refused with 409, saying what, while it "
            + "still owns servers or nodes.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "409", description = "It still owns resources")
    public Response delete(@PathParam("id") String id) {
        organisations.delete(request.requireCaller(), id);
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/members")
    @Operation(summary = "Members", description = "With their role and custom role.")
    public List<Views.MemberView> members(@PathParam("id") String id) {
        return members.list(request.requireCaller(), id).stream().map(Views::member).toList();
    }

    @PUT
    @Path("/{id}/members/{userId}")
    @Operation(summary = "Change a member's role", description = "role: owner, admin or member; roleId: a custom role "
            + "(with role member). Only owners make owners or admins; the last owner cannot be demoted.")
    public Views.MemberView changeMember(@PathParam("id") String id, @PathParam("userId") String userId, Views.MemberChange body) {
        Validate.body(body);
        if (body.role() == null && body.roleId() == null) {
            throw ApiException.invalidField("role", "role or roleId is required");
        }
        return Views.member(members.changeRole(request.requireCaller(), id, userId, body.role(),
                Validate.optionalText(body.roleId(), "roleId", 64)));
    }

    @DELETE
    @Path("/{id}/members/{userId}")
    @Operation(summary = "Remove a member", description = "Only members ranked below you; never the last owner.")
    @APIResponse(responseCode = "204", description = "Removed")
    public Response removeMember(@PathParam("id") String id, @PathParam("userId") String userId) {
        members.remove(request.requireCaller(), id, userId);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/leave")
    @Authenticated(scope = Scopes.ORGANISATIONS_LEAVE)
    @Operation(summary = "Leave an organisation", description = "The last owner must transfer ownership first (409).")
    @APIResponse(responseCode = "204", description = "Left")
    public Response leave(@PathParam("id") String id) {
        members.leave(request.requireCaller(), id);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/transfer")
    @Operation(summary = "Transfer ownership", description = "An owner makes another member an owner and becomes an admin.")
    public Views.MemberView transfer(@PathParam("id") String id, Views.TransferRequest body) {
        Validate.body(body);
        return Views.member(members.transferOwnership(request.requireCaller(), id, Validate.text(body.userId(), "userId", 64)));
    }

    @GET
    @Path("/{id}/activity")
    @Operation(summary = "Activity log", description = "Every change in the organisation: who, what, when, from where. "
            + "Paged; sort by createdAt or action; filter by action or actorId.")
    public Page<AuditTrail.Entry> activity(@PathParam("id") String id, @QueryParam("action") String action,
                                           @QueryParam("actorId") String actorId, @QueryParam("page") Integer page,
                                           @QueryParam("perPage") Integer perPage, @QueryParam("sort") String sort) {
        return activity.search(request.requireCaller(), id, action, actorId,
                PageRequest.of(page, perPage, sort, AuditTrail.SORTABLE, "-createdAt"));
    }
}
