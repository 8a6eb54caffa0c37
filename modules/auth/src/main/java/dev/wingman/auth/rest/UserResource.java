package dev.wingman.auth.rest;

import dev.wingman.auth.api.AuthPermissions;
import dev.wingman.auth.internal.AccountService;
import dev.wingman.auth.internal.RoleService;
import dev.wingman.auth.internal.User;
import dev.wingman.auth.internal.Users;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.Authenticated;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.Scopes;
import dev.wingman.platform.api.CurrentRequest;
import dev.wingman.platform.api.Feature;
import dev.wingman.platform.api.RateLimit;
import dev.wingman.platform.api.RateLimiter;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Set;

@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Authentication")
public class UserResource {
    @Inject
    AccountService accounts;

    @Inject
    RoleService roles;

    @Inject
    Users users;

    @Inject
    CurrentRequest request;

    @Inject
    RateLimiter limiter;

    @POST
    @Path("/register")
    @Feature("registration")
    @RateLimit(name = "register-ip", limit = 5, windowSeconds = 3600)
    @Operation(summary = "Register an account", description = "E-mail, password (10 to 256 characters with a letter and "
            + "a digit or symbol) and name. New accounts are on the free tier with the default role.")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "409", description = "The e-mail is taken")
    @APIResponse(responseCode = "503", description = "Registration is disabled, or too many password checks at once "
            + "(see Retry-After)")
    public Response register(Views.RegisterRequest body) {
        Validate.body(body);
        String email = Validate.email(body.email(), "email");
        String name = Validate.text(body.name(), "name", 100);
        User user = accounts.register(email, body.password(), name, Set.of());
        return Response.status(201).entity(Mappers.user(user)).build();
    }

    @GET
    @Path("/me")
    @Authenticated(scope = Scopes.NONE)
    @Operation(summary = "The current account", description = "With its roles and effective permissions.")
    public Views.MeView me() {
        return Mappers.me(users.byIdWithRoles(request.requireCaller().userId())
                .orElseThrow(() -> ApiException.notFound("User not found")));
    }

    @PUT
    @Path("/me")
    @Authenticated(scope = Scopes.PROFILE)
    @RateLimit(name = "update-me", limit = 10, windowSeconds = 60, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Change the current account", description = "Name, and the password given the current one. "
            + "Changing the password ends every other session (and pending two-factor logins) and keeps API keys; the "
            + "answer then carries passwordChange: {sessionsEnded, apiKeys: \"kept\"}.")
    @APIResponse(responseCode = "200", description = "Changed")
    @APIResponse(responseCode = "400", description = "An invalid field, or currentPassword is wrong")
    @APIResponse(responseCode = "401", description = "Not authenticated")
    @APIResponse(responseCode = "429", description = "Too many changes; see Retry-After")
    @APIResponse(responseCode = "503", description = "Too many password checks at once; see Retry-After")
    public Views.MeView updateMe(Views.UpdateMeRequest body) {
        Validate.body(body);
        String name = Validate.optionalText(body.name(), "name", 100);
        Caller caller = request.requireCaller();
        if (body.currentPassword() != null && body.newPassword() == null) {
            throw ApiException.invalidField("newPassword", "is required with currentPassword");
        }
        if (body.newPassword() != null && !caller.inScope(Scopes.SECURITY)) {
            throw ApiException.outOfScope(Scopes.SECURITY);
        }
        if (body.newPassword() != null) {
            // Beside update-me's own limit: each change costs two Argon2 hashes and ends sessions.
            limiter.enforce("password-change", "user:" + caller.userId(), 5, 3600);
        }
        AccountService.SelfUpdate updated = accounts.updateSelf(caller, name, body.currentPassword(), body.newPassword());
        return Mappers.me(updated.user(), updated.sessionsEnded() == null ? null
                : new Views.PasswordChange(updated.sessionsEnded(), "kept"));
    }

    @POST
    @Path("/{id}/roles")
    @RequiresPermission(AuthPermissions.ROLES_ASSIGN)
    @Tag(name = "Admin")
    @Operation(summary = "Give a user a role", description = "Only roles whose permissions you hold yourself.")
    public Views.UserView assignRole(@PathParam("id") String userId, Views.AssignRoleRequest body) {
        Validate.body(body);
        return Mappers.user(roles.assign(request.requireCaller(), userId, Validate.text(body.roleId(), "roleId", 64)));
    }

    @DELETE
    @Path("/{id}/roles/{roleId}")
    @RequiresPermission(AuthPermissions.ROLES_ASSIGN)
    @Tag(name = "Admin")
    @Operation(summary = "Take a role from a user")
    public Views.UserView unassignRole(@PathParam("id") String userId, @PathParam("roleId") String roleId) {
        return Mappers.user(roles.unassign(request.requireCaller(), userId, roleId));
    }
}
