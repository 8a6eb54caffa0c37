package dev.wingman.auth.rest;

import dev.wingman.platform.api.PermissionCatalogue;
import dev.wingman.auth.internal.ApiKey;
import dev.wingman.auth.internal.ApiKeyService;
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

import java.util.List;
import java.util.Set;

@Path("/api/apikeys")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Authenticated(scope = Scopes.SECURITY)
@Tag(name = "Authentication")
public class ApiKeyResource {
    @Inject
    ApiKeyService keys;

    @Inject
    CurrentRequest request;

    @Inject
    PermissionCatalogue catalogue;

    @GET
    @Operation(summary = "My API keys", description = "Secrets are never shown again; the prefix tells keys apart.")
    public List<Views.ApiKeyView> list() {
        return keys.list(request.requireCaller().userId()).stream().map(Mappers::apiKey).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimit(name = "apikey-create", limit = 20, windowSeconds = 3600, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Create an API key", description = "Name, permissions (the key's scope) and an optional expiresAt. "
            + "The scope narrows what the account may do: panel permissions you hold yourself (nodes:read), account scopes "
            + "(account:profile, account:security, account:ssh-keys, organisations:join, organisations:leave) and server "
            + "keys (control.start, file.*) that apply on every server the account reaches; * is everything the account "
            + "may do. An empty scope can only read its own profile. The answer carries the secret key once. Use it as "
            + "'Authorization: Bearer <key>'.")
    @APIResponse(responseCode = "201", description = "Created; the key field is the secret")
    @APIResponse(responseCode = "403", description = "A requested permission is not yours to give")
    public Response create(Views.ApiKeyRequest body) {
        Validate.body(body);
        String name = Validate.text(body.name(), "name", 100);
        Set<String> permissions = catalogue.requireDeclared(Validate.scopes(body.permissions(), "permissions"), "permissions",
                java.util.EnumSet.allOf(PermissionCatalogue.Context.class));
        ApiKeyService.Created created = keys.create(request.requireCaller(), name, permissions, body.expiresAt());
        ApiKey k = created.key();
        return Response.status(201).entity(new Views.CreatedApiKeyView(k.id(), k.name(), k.prefix(), k.permissions(),
                k.expiresAt(), k.createdAt(), created.secret())).build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke an API key", description = "It stops working at once on every instance.")
    @APIResponse(responseCode = "204", description = "Revoked")
    public Response delete(@PathParam("id") String keyId) {
        keys.delete(request.requireCaller().userId(), keyId);
        return Response.noContent().build();
    }
}
