package dev.wingman.servers.rest;

import static dev.wingman.platform.api.JsonSupport.JSON;

import dev.wingman.platform.api.Authenticated;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.CurrentRequest;
import dev.wingman.platform.api.RateLimit;
import dev.wingman.platform.api.Scopes;
import dev.wingman.servers.internal.backups.BackupViews;
import dev.wingman.servers.internal.backups.Backups;
import dev.wingman.servers.internal.client.ClientServers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbProperty;
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

/**
 * Pterodactyl's client API for a server's backups ({@code /api/client/servers/{server}/backups}),
 * made and kept by the server's node; {@code {backup}} is the backup's uuid. The logic is
 * {@link Backups}'.
 */
@Path("/api/client/servers/{server}/backups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Authenticated(scope = Scopes.RESOURCE, grant = "server")
@Tag(name = "Servers")
public class ClientBackupsResource {
    @Inject
    Backups backups;

    @Inject
    ClientServers actions;

    @Inject
    CurrentRequest request;

    /**
     * Pterodactyl's create body: {@code name} (at most 191 characters; blank gives "Backup at
     * <date>"), {@code ignored} (newline-separated patterns), {@code is_locked}; Wingman's
     * {@code rotate}: at the limit, delete the oldest unlocked, successful backup first.
     */
    public record CreateRequest(String name, String ignored, @JsonbProperty("is_locked") Boolean locked, Boolean rotate) {
    }

    /** Pterodactyl's restore body: {@code truncate} empties the server's directory first. */
    public record RestoreRequest(Boolean truncate) {
    }

    @GET
    @Operation(summary = "A server's backups", description = "backup.read. page, per_page (20 by default, at most 50), "
            + "oldest first. {object: list, data: [{object: backup, attributes: {uuid, is_successful, is_locked, name, "
            + "ignored_files, checksum, bytes, created_at, completed_at}}], meta: {pagination, backup_count}}; "
            + "backup_count counts pending and successful backups (what the limit counts).")
    @APIResponse(responseCode = "200", description = "The page")
    @APIResponse(responseCode = "403", description = "No backup.read on the server")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended, being transferred or restoring")
    @APIResponse(responseCode = "422", description = "page or per_page out of range: named in field")
    public JsonObject list(@PathParam("server") String reference, @QueryParam("page") Integer page,
                           @QueryParam("per_page") Integer perPage) {
        ClientServers.Access access = actions.access(request.requireCaller(), reference);
        return BackupViews.list(backups.list(access, page, perPage));
    }

    @POST
    @OptionalBody
    @RateLimit(name = "backup-create", limit = 10, windowSeconds = 600, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Start a backup", description = "backup.create. {name, ignored, is_locked, rotate}: the node "
            + "archives the server's files in the background and reports the outcome (checksum and size); until then the "
            + "backup is pending (is_successful false, completed_at null). is_locked is kept only for a caller who also "
            + "holds backup.delete. feature_limits.backups counts pending and successful backups: at the limit the answer "
            + "is 409, unless rotate is true and an unlocked successful backup can be deleted to make room (rotate needs "
            + "backup.delete too: 403 without it); a server whose "
            + "limit is 0 is 400 (\"This server is not allowed to create any backups.\"). The body may be left out (as "
            + "Nodeactyl sends it): every field takes its default. Logged as server:backup.start.")
    @APIResponse(responseCode = "200", description = "{object: backup, attributes}: the pending backup")
    @APIResponse(responseCode = "400", description = "The server's backup limit is 0")
    @APIResponse(responseCode = "403", description = "No backup.create on the server, or rotate without backup.delete")
    @APIResponse(responseCode = "409", description = "At the backup limit (with rotate: and no unlocked, successful "
            + "backup that is not being restored from or deleted), or the server is installing, suspended, being "
            + "transferred or restoring")
    @APIResponse(responseCode = "422", description = "name longer than 191 characters, or a bad ignore list: named in field")
    @APIResponse(responseCode = "502", description = "Wings failed")
    @APIResponse(responseCode = "504", description = "The node could not be reached")
    @APIResponse(responseCode = "503", description = "The node's circuit breaker is open (or too many calls are in "
            + "flight to it): not tried. Retry-After header; node names the node")
    public JsonObject create(@PathParam("server") String reference, CreateRequest body) {
        Caller caller = request.requireCaller();
        ClientServers.Access access = actions.access(caller, reference);
        CreateRequest given = body == null ? new CreateRequest(null, null, null, null) : body;
        return BackupViews.of(backups.create(caller, access, given.name(), given.ignored(), given.locked(),
                Boolean.TRUE.equals(given.rotate())));
    }

    @GET
    @Path("/{backup}")
    @Operation(summary = "A backup", description = "backup.read.")
    @APIResponse(responseCode = "200", description = "{object: backup, attributes}")
    @APIResponse(responseCode = "403", description = "No backup.read on the server")
    @APIResponse(responseCode = "404", description = "No such backup of this server")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended, being transferred or restoring")
    public JsonObject get(@PathParam("server") String reference, @PathParam("backup") String backup) {
        ClientServers.Access access = actions.access(request.requireCaller(), reference);
        return BackupViews.of(backups.get(access, backup));
    }

    @GET
    @Path("/{backup}/download")
    @Operation(summary = "A link to download a backup", description = "backup.download. {object: signed_url, attributes: "
            + "{url}}: the node's /download/backup with an HS256 JWT signed with the node's token, valid 15 minutes and "
            + "usable once, carrying backup_uuid, server_uuid, user_uuid and unique_id. The node is not called here. "
            + "Logged as server:backup.download.")
    @APIResponse(responseCode = "200", description = "{object: signed_url, attributes: {url}}")
    @APIResponse(responseCode = "400", description = "The backup has not completed successfully")
    @APIResponse(responseCode = "403", description = "No backup.download on the server")
    @APIResponse(responseCode = "404", description = "No such backup of this server")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended, being transferred or restoring; "
            + "or the backup is on another node (the server was transferred after it was made) or being deleted")
    @APIResponse(responseCode = "503", description = "The server's node is not available")
    public JsonObject download(@PathParam("server") String reference, @PathParam("backup") String backup) {
        Caller caller = request.requireCaller();
        String url = backups.downloadUrl(caller, actions.access(caller, reference), backup);
        return JSON.createObjectBuilder().add("object", "signed_url")
                .add("attributes", JSON.createObjectBuilder().add("url", url)).build();
    }

    @POST
    @Path("/{backup}/lock")
    @Operation(summary = "Lock or unlock a backup", description = "backup.delete (as Pterodactyl). Toggles is_locked: a "
            + "locked backup is neither deleted nor rotated out. Logged as server:backup.lock or server:backup.unlock.")
    @APIResponse(responseCode = "200", description = "{object: backup, attributes}")
    @APIResponse(responseCode = "403", description = "No backup.delete on the server")
    @APIResponse(responseCode = "404", description = "No such backup of this server")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended, being transferred or restoring")
    public JsonObject lock(@PathParam("server") String reference, @PathParam("backup") String backup) {
        Caller caller = request.requireCaller();
        return BackupViews.of(backups.toggleLock(caller, actions.access(caller, reference), backup));
    }

    @POST
    @Path("/{backup}/restore")
    @OptionalBody
    @RateLimit(name = "backup-restore", limit = 10, windowSeconds = 600, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Restore a backup", description = "backup.restore. {truncate}: the node replaces the server's "
            + "files with the backup's (deleting everything else first when truncate is true) in the background. The "
            + "server's status is restoring_backup until the node reports, and every other action on it answers 409 "
            + "meanwhile. Logged as server:backup.restore; the node's report as server:backup.restore-complete or "
            + "-failed.")
    @APIResponse(responseCode = "204", description = "The node took the restore")
    @APIResponse(responseCode = "400", description = "The backup has not completed successfully")
    @APIResponse(responseCode = "403", description = "No backup.restore on the server")
    @APIResponse(responseCode = "404", description = "No such backup of this server")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended, being transferred or restoring "
            + "already; or the backup is on another node (the server was transferred after it was made) or being "
            + "deleted")
    @APIResponse(responseCode = "502", description = "Wings failed")
    @APIResponse(responseCode = "504", description = "The node could not be reached")
    @APIResponse(responseCode = "503", description = "The node's circuit breaker is open (or too many calls are in "
            + "flight to it): not tried. Retry-After header; node names the node")
    public Response restore(@PathParam("server") String reference, @PathParam("backup") String backup, RestoreRequest body) {
        Caller caller = request.requireCaller();
        backups.restore(caller, actions.access(caller, reference), backup, body != null && Boolean.TRUE.equals(body.truncate()));
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{backup}")
    @Operation(summary = "Delete a backup", description = "backup.delete. The node deletes the archive, then the panel "
            + "its record; meanwhile the backup is deleting (listed as it was; restore, download and another delete "
            + "are 409). If the node fails, the backup is as it was and can be deleted again. A locked backup, one "
            + "still being made, one being restored from and one already being deleted are 409. Logged as "
            + "server:backup.delete.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "403", description = "No backup.delete on the server")
    @APIResponse(responseCode = "404", description = "No such backup of this server")
    @APIResponse(responseCode = "409", description = "The backup is locked, pending, being restored from or already being "
            + "deleted; or the server is installing, suspended, being transferred or restoring")
    @APIResponse(responseCode = "502", description = "Wings failed (any 5xx of its own; its code is in error): the backup "
            + "is kept as it was")
    @APIResponse(responseCode = "504", description = "The node could not be reached")
    @APIResponse(responseCode = "503", description = "The node's circuit breaker is open (or too many calls are in "
            + "flight to it): not tried. Retry-After header; node names the node")
    public Response delete(@PathParam("server") String reference, @PathParam("backup") String backup) {
        Caller caller = request.requireCaller();
        backups.delete(caller, actions.access(caller, reference), backup);
        return Response.noContent().build();
    }
}
