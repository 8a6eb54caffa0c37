package dev.wingman.servers.rest;

import dev.wingman.platform.api.Authenticated;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.CurrentRequest;
import dev.wingman.platform.api.Scopes;
import dev.wingman.servers.internal.client.ClientServers;
import dev.wingman.servers.internal.startup.ServerStartup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Pterodactyl's client API for a server's startup variables (StartupController). */
@Path("/api/client/servers/{server}/startup")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Authenticated(scope = Scopes.RESOURCE, grant = "server")
@Tag(name = "Servers")
public class ClientStartupResource {
    @Inject
    CurrentRequest request;

    @Inject
    ClientServers actions;

    @Inject
    ServerStartup startup;

    /** key: a variable's env_variable; value: its new value (null is empty). */
    public record VariableRequest(String key, String value) {
    }

    @GET
    @Operation(summary = "Startup variables", description = "startup.read. The egg's user-viewable variables with the "
            + "server's values; meta: startup_command (values filled in, those of hidden variables shown as [hidden]), "
            + "docker_images (the egg's, name to image), raw_startup_command.")
    @APIResponse(responseCode = "200", description = "{object: list, data: [{object: egg_variable, attributes: {name, "
            + "description, env_variable, default_value, server_value, is_editable, rules}}], meta}")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred")
    public JsonObject variables(@PathParam("server") String reference) {
        return startup.variables(actions.access(request.requireCaller(), reference));
    }

    @PUT
    @Path("/variable")
    @Operation(summary = "Change a startup variable", description = "startup.update. {key, value}: only a variable the "
            + "egg lets users edit, and the value must keep the egg's rules for it. Wings re-reads the server once saved "
            + "(a durable job). Logged as server:startup.edit when the value changes.")
    @APIResponse(responseCode = "200", description = "{object: egg_variable, attributes, meta: {startup_command, "
            + "raw_startup_command}}")
    @APIResponse(responseCode = "400", description = "\"The environment variable you are trying to edit does not "
            + "exist.\" (also for a hidden one) or \"... is read-only.\"")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred")
    @APIResponse(responseCode = "422", description = "key missing, or value breaking the egg's rules: named in field")
    public JsonObject updateVariable(@PathParam("server") String reference, VariableRequest body) {
        Caller caller = request.requireCaller();
        return startup.updateVariable(caller, actions.access(caller, reference), body == null ? null : body.key(),
                body == null ? null : body.value());
    }
}
