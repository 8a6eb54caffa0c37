package dev.wingman.auth.rest;

import dev.wingman.auth.internal.SshKeyService;
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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The caller's SSH public keys, for SFTP logins on Wings with a key instead of the account password. */
@Path("/api/ssh-keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Authenticated(scope = Scopes.SSH_KEYS)
@Tag(name = "Authentication")
public class SshKeyResource {
    @Inject
    SshKeyService keys;

    @Inject
    CurrentRequest request;

    /** name: a label; publicKey: an OpenSSH public key line ({@code <type> <base64> [comment]}). */
    public record KeyRequest(String name, String publicKey) {
    }

    @GET
    @Operation(summary = "My SSH keys", description = "Oldest first: id, name, fingerprint (SHA256:...), publicKey, createdAt.")
    public List<SshKeyService.Key> list() {
        return keys.list(request.requireCaller().userId());
    }

    @POST
    @RateLimit(name = "ssh-key-add", limit = 30, windowSeconds = 3600, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Add an SSH key", description = "ssh-ed25519, ssh-rsa (at least 2,048 bits) or "
            + "ecdsa-sha2-nistp256/384/521; checked down to the key's encoding. The comment is dropped. At most 50 keys.")
    @APIResponse(responseCode = "201", description = "Added")
    @APIResponse(responseCode = "400", description = "name missing, or publicKey not a usable public key (the reason is given)")
    @APIResponse(responseCode = "409", description = "You have this key already, or 50 keys")
    public Response add(KeyRequest body) {
        Validate.body(body);
        return Response.status(201).entity(keys.add(request.requireCaller().userId(), Validate.text(body.name(), "name", 191),
                body.publicKey(), "publicKey")).build();
    }

    /** name: the new label. */
    public record RenameRequest(String name) {
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Rename an SSH key")
    public SshKeyService.Key rename(@PathParam("id") String id, RenameRequest body) {
        Validate.body(body);
        return keys.rename(request.requireCaller().userId(), id, Validate.text(body.name(), "name", 191));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Remove an SSH key", description = "SFTP logins with it are refused from then on.")
    @APIResponse(responseCode = "204", description = "Removed")
    public Response delete(@PathParam("id") String id) {
        keys.delete(request.requireCaller().userId(), id);
        return Response.noContent().build();
    }
}
