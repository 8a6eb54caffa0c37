package dev.wingman.auth.rest;

import static dev.wingman.platform.api.JsonSupport.JSON;

import dev.wingman.auth.internal.SshKeyService;
import dev.wingman.platform.api.Authenticated;
import dev.wingman.platform.api.Scopes;
import dev.wingman.platform.api.CurrentRequest;
import dev.wingman.platform.api.RateLimit;
import dev.wingman.platform.api.Validate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.ZoneOffset;

/** The same SSH keys in Pterodactyl's client API shape ({@code /api/client/account/ssh-keys}). */
@Path("/api/client/account/ssh-keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Authenticated(scope = Scopes.SSH_KEYS)
@Tag(name = "Pterodactyl client API")
public class ClientSshKeyResource {
    @Inject
    SshKeyService keys;

    @Inject
    CurrentRequest request;

    private static JsonObject view(SshKeyService.Key key) {
        return JSON.createObjectBuilder().add("object", "ssh_key").add("attributes", JSON.createObjectBuilder()
                .add("name", key.name()).add("fingerprint", key.fingerprint()).add("public_key", key.publicKey())
                .add("created_at", key.createdAt().atOffset(ZoneOffset.UTC).toString())).build();
    }

    @GET
    @Operation(summary = "My SSH keys (Pterodactyl client API)")
    public JsonObject list() {
        JsonArrayBuilder data = JSON.createArrayBuilder();
        keys.list(request.requireCaller().userId()).forEach(k -> data.add(view(k)));
        return JSON.createObjectBuilder().add("object", "list").add("data", data).build();
    }

    /** name and public_key (an OpenSSH public key line). */
    public record KeyRequest(String name, String public_key) {
    }

    @POST
    @RateLimit(name = "ssh-key-add", limit = 30, windowSeconds = 3600, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Add an SSH key (Pterodactyl client API)", description = "As POST /api/ssh-keys.")
    public JsonObject add(KeyRequest body) {
        Validate.body(body);
        return view(keys.add(request.requireCaller().userId(), Validate.text(body.name(), "name", 191), body.public_key(),
                "public_key"));
    }

    /** fingerprint: the key to remove. */
    public record RemoveRequest(String fingerprint) {
    }

    @POST
    @Path("/remove")
    @Operation(summary = "Remove an SSH key by fingerprint (Pterodactyl client API)", description = "204 also when you "
            + "have no such key.")
    public Response remove(RemoveRequest body) {
        Validate.body(body);
        keys.deleteByFingerprint(request.requireCaller().userId(), Validate.text(body.fingerprint(), "fingerprint", 100));
        return Response.noContent().build();
    }
}
