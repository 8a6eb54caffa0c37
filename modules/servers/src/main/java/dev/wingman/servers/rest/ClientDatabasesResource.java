package dev.wingman.servers.rest;

import dev.wingman.platform.api.Authenticated;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.CurrentRequest;
import dev.wingman.platform.api.RateLimit;
import dev.wingman.platform.api.Scopes;
import dev.wingman.servers.internal.client.ClientDatabases;
import dev.wingman.servers.internal.client.ClientServers;
import dev.wingman.servers.internal.databases.ServerDatabases;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Arrays;

import static dev.wingman.platform.api.JsonSupport.JSON;

/**
 * A server's databases on the Pterodactyl client API (Pterodactyl's DatabaseController), in its
 * shapes: {@code server_database} objects with the password as the {@code password} relationship
 * ({@code database_password}) for callers holding {@code database.view_password}.
 */
@Path("/api/client/servers/{server}/databases")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Authenticated(scope = Scopes.RESOURCE, grant = "server")
@Tag(name = "Servers")
public class ClientDatabasesResource {
    @Inject
    CurrentRequest request;

    @Inject
    ClientServers actions;

    @Inject
    ClientDatabases databases;

    /** Pterodactyl's store body: the name (prefixed s{server}_) and the host pattern the user may connect from. */
    public record CreateRequest(String database, String remote) {
    }

    @GET
    @Operation(summary = "A server's databases", description = "database.read. include=password adds each password "
            + "(relationships.password) for callers also holding database.view_password; others get none.")
    @APIResponse(responseCode = "200", description = "{object: list, data: [server_database]}")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred")
    public JsonObject list(@PathParam("server") String reference, @QueryParam("include") String include) {
        ClientServers.Access access = actions.access(request.requireCaller(), reference);
        boolean passwords = include != null && Arrays.asList(include.split(",")).contains("password");
        JsonArrayBuilder data = JSON.createArrayBuilder();
        databases.list(access, passwords).forEach(d -> data.add(json(d)));
        return JSON.createObjectBuilder().add("object", "list").add("data", data).build();
    }

    @POST
    @RateLimit(name = "database-create", limit = 10, windowSeconds = 60, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Create a database", description = "database.create. {database, remote}: database is letters, "
            + "digits, - and _ (at most 48), stored as s<internal_id>_<database>; remote is the host pattern its user may "
            + "connect from (% for anywhere, an IP address, 10.0.0.%). Created on a database host serving the server's "
            + "node, else on any host with room, with a user of its own holding every privilege on it and nothing else. "
            + "Answers the database, with its password for callers holding database.view_password. Logged as "
            + "server:database.create.")
    @APIResponse(responseCode = "200", description = "Created")
    @APIResponse(responseCode = "409", description = "The server has as many databases as feature_limits.databases allows "
            + "(0: none), or it is installing, suspended or being transferred")
    @APIResponse(responseCode = "422", description = "database or remote missing or invalid, or the name is taken (field)")
    @APIResponse(responseCode = "404", description = "The server was deleted while the host created the database; what "
            + "the host made is dropped")
    @APIResponse(responseCode = "502", description = "The database host could not create it; nothing is kept")
    @APIResponse(responseCode = "503", description = "No database host was found that meets the requirements for this server")
    public JsonObject create(@PathParam("server") String reference, CreateRequest body) {
        Caller caller = request.requireCaller();
        ClientServers.Access access = actions.access(caller, reference);
        return json(databases.create(caller, access, body == null ? null : body.database(), body == null ? null : body.remote()));
    }

    @POST
    @Path("/{database}/rotate-password")
    @RateLimit(name = "database-rotate", limit = 30, windowSeconds = 60, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Rotate a database's password", description = "database.update. The user gets a new password; the "
            + "old one stops working. Answers the database, with the new password for callers holding "
            + "database.view_password. Logged as server:database.rotate-password.")
    @APIResponse(responseCode = "200", description = "Rotated")
    @APIResponse(responseCode = "404", description = "No such database on this server")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred")
    @APIResponse(responseCode = "502", description = "The database host could not change it; the old password still works")
    public JsonObject rotatePassword(@PathParam("server") String reference, @PathParam("database") String database) {
        Caller caller = request.requireCaller();
        return json(databases.rotatePassword(caller, actions.access(caller, reference), database));
    }

    @DELETE
    @Path("/{database}")
    @Operation(summary = "Delete a database", description = "database.delete. The database and its user are dropped on the "
            + "host. Logged as server:database.delete.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such database on this server")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred")
    @APIResponse(responseCode = "502", description = "The database host could not drop it; nothing changed")
    public Response delete(@PathParam("server") String reference, @PathParam("database") String database) {
        Caller caller = request.requireCaller();
        databases.delete(caller, actions.access(caller, reference), database);
        return Response.noContent().build();
    }

    /** Pterodactyl's DatabaseTransformer. */
    private static JsonObject json(ServerDatabases.Shown shown) {
        JsonObjectBuilder attributes = JSON.createObjectBuilder()
                .add("id", shown.database().id)
                .add("host", JSON.createObjectBuilder().add("address", shown.address()).add("port", shown.port()))
                .add("name", shown.database().name)
                .add("username", shown.database().username)
                .add("connections_from", shown.database().remote)
                .add("max_connections", shown.database().maxConnections);
        if (shown.password() != null) {
            attributes.add("relationships", JSON.createObjectBuilder().add("password", JSON.createObjectBuilder()
                    .add("object", "database_password")
                    .add("attributes", JSON.createObjectBuilder().add("password", shown.password()))));
        }
        return JSON.createObjectBuilder().add("object", "server_database").add("attributes", attributes).build();
    }
}
