package dev.wingman.auth.rest;

import dev.wingman.auth.api.AuthPermissions;
import dev.wingman.auth.internal.AccountService;
import dev.wingman.auth.internal.Users;
import dev.wingman.platform.api.CurrentRequest;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
import dev.wingman.platform.api.RequiresPermission;
import dev.wingman.platform.api.Validate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Set;

@Path("/api/admin/users")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Admin")
public class AdminUserResource {
    private static final Set<String> SORTABLE = Set.of("createdAt", "email", "name");

    @Inject
    AccountService accounts;

    @Inject
    Users users;

    @Inject
    CurrentRequest request;

    @GET
    @RequiresPermission(AuthPermissions.USERS_READ)
    @Operation(summary = "Users", description = "Paged (?page, ?perPage up to 100), searchable by e-mail or name (?q), "
            + "sortable by createdAt, email or name (?sort=-createdAt).")
    public Page<Views.UserView> list(@QueryParam("q") String query, @QueryParam("page") Integer page,
                                     @QueryParam("perPage") Integer perPage, @QueryParam("sort") String sort) {
        return accounts.search(query, PageRequest.of(page, perPage, sort, SORTABLE, "-createdAt")).map(Mappers::user);
    }

    @GET
    @Path("/{id}")
    @RequiresPermission(AuthPermissions.USERS_READ)
    @Operation(summary = "A user")
    public Views.UserView get(@PathParam("id") String userId) {
        return Mappers.user(users.require(userId));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresPermission(AuthPermissions.USERS_UPDATE)
    @Operation(summary = "Change a user", description = "suspended, tier (free, paid, educational, enterprise) and roles "
            + "(the complete list of role ids; needs roles:assign). A suspended user can neither log in nor use sessions or "
            + "keys. Refused for an account that holds any permission you do not hold. Audited.")
    @APIResponse(responseCode = "200", description = "Changed")
    @APIResponse(responseCode = "400", description = "An invalid tier")
    @APIResponse(responseCode = "403", description = "Missing users:update (or roles:assign for roles), or the account holds "
            + "a permission you do not hold")
    @APIResponse(responseCode = "404", description = "No such user or role")
    @APIResponse(responseCode = "409", description = "Suspending yourself, or leaving no active administrator")
    public Views.UserView update(@PathParam("id") String userId, Views.AdminUserUpdate body) {
        Validate.body(body);
        return Mappers.user(accounts.adminUpdate(request.requireCaller(), userId,
                new AccountService.AdminChange(body.suspended(), body.tier(), body.roles())));
    }
}
