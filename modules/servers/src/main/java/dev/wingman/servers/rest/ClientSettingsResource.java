package dev.wingman.servers.rest;

import static dev.wingman.platform.api.JsonSupport.JSON;

import dev.wingman.platform.api.Authenticated;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.CurrentRequest;
import dev.wingman.platform.api.RateLimit;
import dev.wingman.platform.api.Scopes;
import dev.wingman.servers.internal.client.ClientServers;
import dev.wingman.servers.internal.startup.ServerStartup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
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

/** Pterodactyl's client API for a server's settings (SettingsController): rename, reinstall, Docker image. */
@Path("/api/client/servers/{server}/settings")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Authenticated(scope = Scopes.RESOURCE, grant = "server")
@Tag(name = "Servers")
public class ClientSettingsResource {
    @Inject
    CurrentRequest request;

    @Inject
    ClientServers actions;

    @Inject
    ServerStartup startup;

    /** name: up to 191 characters; description: left as it is when absent. */
    public record RenameRequest(String name, String description) {
    }

    public record DockerImageRequest(String docker_image) {
    }

    @POST
    @Path("/rename")
    @Operation(summary = "Rename a server", description = "settings.rename. {name, description}. Wings re-reads the "
            + "server once saved. Logged as server:settings.rename.")
    @APIResponse(responseCode = "204", description = "Renamed")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred")
    @APIResponse(responseCode = "422", description = "name missing or longer than 191 characters, or description longer "
            + "than 2,000: named in field")
    public Response rename(@PathParam("server") String reference, RenameRequest body) {
        Caller caller = request.requireCaller();
        startup.rename(caller, actions.access(caller, reference), body == null ? null : body.name(),
                body == null ? null : body.description());
        return Response.noContent().build();
    }

    @PUT
    @Path("/docker-image")
    @Operation(summary = "Choose the Docker image", description = "startup.docker-image. {docker_image}: one of the "
            + "egg's images. Wings re-reads the server once saved (the image is used from its next start). Logged as "
            + "server:startup.image.")
    @APIResponse(responseCode = "204", description = "Changed")
    @APIResponse(responseCode = "400", description = "Not one of the egg's images, or the server's image was set by an "
            + "administrator")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred")
    @APIResponse(responseCode = "422", description = "docker_image missing or longer than 191 characters: named in field")
    public Response dockerImage(@PathParam("server") String reference, DockerImageRequest body) {
        Caller caller = request.requireCaller();
        startup.dockerImage(caller, actions.access(caller, reference), body == null ? null : body.docker_image());
        return Response.noContent().build();
    }

    @POST
    @Path("/reinstall")
    @RateLimit(name = "server-reinstall", limit = 10, windowSeconds = 600, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Reinstall a server", description = "settings.reinstall. Wings runs the egg's install script "
            + "again; the server is installing (every other action 409) until Wings reports the end. Logged as "
            + "server:settings.reinstall.")
    @APIResponse(responseCode = "202", description = "Reinstall started: []")
    @APIResponse(responseCode = "409", description = "Already installing, restoring a backup, suspended, being "
            + "transferred, or Wings is busy with another power action on it")
    @APIResponse(responseCode = "502", description = "Wings failed")
    @APIResponse(responseCode = "504", description = "The node could not be reached")
    @APIResponse(responseCode = "503", description = "The node's circuit breaker is open (or too many calls are in "
            + "flight to it): not tried. Retry-After header; node names the node")
    public Response reinstall(@PathParam("server") String reference) {
        Caller caller = request.requireCaller();
        startup.reinstall(caller, actions.access(caller, reference));
        return Response.accepted(JSON.createArrayBuilder().build()).build();
    }
}
