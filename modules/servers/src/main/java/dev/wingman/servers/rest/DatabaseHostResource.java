package dev.wingman.servers.rest;

import dev.wingman.platform.api.RequiresPermission;
import dev.wingman.servers.api.ServersPermissions;
import dev.wingman.servers.internal.databases.DatabaseHosts;
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

/**
 * MySQL/MariaDB database hosts on which servers' databases are created (Pterodactyl's admin
 * "Databases" screen). Passwords go in and never come out.
 */
@Path("/api/admin/database-hosts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Servers")
public class DatabaseHostResource {
    @Inject
    DatabaseHosts hosts;

    /**
     * name; host (a name or an IP address, private ones included) and port (3306); username and
     * password of an account that may create databases and users and grant on them; maxDatabases
     * (absent: no limit); nodeId: the node whose servers it serves first.
     */
    public record HostRequest(String name, String host, Integer port, String username, String password, Integer maxDatabases,
                              String nodeId) {
        DatabaseHosts.Input input() {
            return new DatabaseHosts.Input(name, host, port, username, password, maxDatabases, nodeId);
        }
    }

    @GET
    @RequiresPermission(ServersPermissions.DATABASE_HOSTS_READ)
    @Operation(summary = "Database hosts", description = "database-hosts:read. Each with how many databases it holds; "
            + "never a password.")
    public List<DatabaseHosts.View> list() {
        return hosts.list();
    }

    @GET
    @Path("/{id}")
    @RequiresPermission(ServersPermissions.DATABASE_HOSTS_READ)
    @Operation(summary = "A database host", description = "database-hosts:read.")
    public DatabaseHosts.View get(@PathParam("id") String id) {
        return hosts.get(id);
    }

    @POST
    @RequiresPermission(ServersPermissions.DATABASE_HOSTS_MANAGE)
    @Operation(summary = "Register a database host", description = "database-hosts:manage. The panel logs in with the "
            + "credentials first (connect timeout wingman.databases.connect-timeout); the password is stored sealed with "
            + "the secrets key and never answered.")
    @APIResponse(responseCode = "201", description = "Registered")
    @APIResponse(responseCode = "400", description = "A field is invalid (named), or the panel could not log in with "
            + "these settings (the host's reason is given)")
    @APIResponse(responseCode = "409", description = "A database host with this name exists")
    public Response create(HostRequest body) {
        return Response.status(201).entity(hosts.create(body == null ? null : body.input())).build();
    }

    @PUT
    @Path("/{id}")
    @RequiresPermission(ServersPermissions.DATABASE_HOSTS_MANAGE)
    @Operation(summary = "Change a database host", description = "database-hosts:manage. Replaces every setting; a password "
            + "left out keeps the stored one. The credentials are checked again when the host, port, username or password "
            + "change.")
    @APIResponse(responseCode = "200", description = "Changed")
    @APIResponse(responseCode = "400", description = "A field is invalid (named), or the panel could not log in with "
            + "these settings")
    @APIResponse(responseCode = "404", description = "No such database host")
    @APIResponse(responseCode = "409", description = "Another database host has this name")
    public DatabaseHosts.View update(@PathParam("id") String id, HostRequest body) {
        return hosts.update(id, body == null ? null : body.input());
    }

    @DELETE
    @Path("/{id}")
    @RequiresPermission(ServersPermissions.DATABASE_HOSTS_MANAGE)
    @Operation(summary = "Delete a database host", description = "database-hosts:manage. Refused while it holds databases.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such database host")
    @APIResponse(responseCode = "409", description = "It still holds databases")
    public Response delete(@PathParam("id") String id) {
        hosts.delete(id);
        return Response.noContent().build();
    }
}
