package dev.wingman.servers.rest;

import dev.wingman.servers.api.ServersPermissions;
import static dev.wingman.platform.api.JsonSupport.JSON;

import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.Authenticated;
import dev.wingman.platform.api.RateLimit;
import dev.wingman.platform.api.Scopes;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.CurrentRequest;
import dev.wingman.platform.api.PageRequest;
import dev.wingman.platform.api.Validate;
import dev.wingman.servers.internal.ServerActivity;
import dev.wingman.servers.internal.ServerPermissions;
import dev.wingman.servers.internal.ServerService;
import dev.wingman.servers.internal.ServerStore;
import dev.wingman.nodes.api.Wings;
import dev.wingman.platform.api.LargeBody;
import dev.wingman.servers.internal.client.ClientFiles;
import dev.wingman.servers.internal.client.ClientListCache;
import dev.wingman.servers.internal.client.ClientServers;
import dev.wingman.servers.internal.client.ClientViews;
import dev.wingman.servers.internal.console.ConsoleCredentials;
import dev.wingman.servers.internal.subusers.SubuserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Pterodactyl's client API (seed 004): what existing Pterodactyl client libraries and scripts
 * call, with their shapes. {@code {server}} is the 8-character identifier or the uuid.
 */
@Path("/api/client")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Authenticated(scope = Scopes.RESOURCE, grant = "server")
@Tag(name = "Servers")
public class ClientResource {
    @Inject
    ServerService servers;

    @Inject
    ClientServers actions;

    @Inject
    ClientViews views;

    @Inject
    ConsoleCredentials console;

    @Inject
    ServerActivity activity;

    @Inject
    SubuserService subusers;

    @Inject
    ClientFiles files;

    /** email of an existing account, and the permission keys to give them. */
    public record SubuserRequest(String email, List<String> permissions) {
    }

    @Inject
    CurrentRequest request;

    public record PowerRequest(String signal) {
    }

    public record CommandRequest(String command) {
    }

    @Inject
    ClientListCache clientLists;

    @GET
    @Operation(summary = "My servers (Pterodactyl client API)", description = "Servers I own or reach through my "
            + "organisations; type=admin-all lists every server (servers:read). filter[name] narrows by name; "
            + "page and per_page (at most 100). Pages are cached per caller on each instance and dropped on every "
            + "instance by any change that could alter them.")
    @APIResponse(responseCode = "200", description = "{object: list, data: [{object: server, attributes}], meta: {pagination}}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    public byte[] list(@QueryParam("page") Integer page, @QueryParam("per_page") Integer perPage,
                       @QueryParam("type") String type, @QueryParam("filter[name]") String name) {
        Caller caller = request.requireCaller();
        PageRequest paging = PageRequest.of(page, perPage == null ? 50 : perPage, null, ServerStore.SORTABLE, "createdAt");
        String contains = name == null || name.isBlank() ? null : Validate.containsPattern(name);
        boolean all = "admin-all".equals(type);
        servers.requireListAll(caller, all);
        List<String> organisations = servers.readableOrganisations(caller);
        // Everything the page depends on is in the key; writes that change what lists show drop all pages.
        String key = String.join("\u0000", caller.userId(), String.valueOf(all), String.valueOf(contains),
                String.valueOf(paging.page()), String.valueOf(paging.perPage()), String.join(",", organisations),
                caller.keyScope() == null ? "session" : String.join(",", new java.util.TreeSet<>(caller.keyScope())));
        return clientLists.get(key, k -> views.list(servers.list(caller, all, organisations, contains, null, null, paging),
                caller.userId()).toString().getBytes(StandardCharsets.UTF_8));
    }

    @GET
    @Path("/servers/{server}")
    @Operation(summary = "A server (Pterodactyl client API)", description = "With meta.user_permissions.")
    public JsonObject server(@PathParam("server") String reference) {
        Caller caller = request.requireCaller();
        ClientServers.Access access = actions.access(caller, reference);
        return views.server(access.server(), caller.userId(), access.permissions());
    }

    @GET
    @Path("/servers/{server}/resources")
    @Operation(summary = "A server's resource use", description = "From Wings; 504 when its node cannot be reached.")
    @APIResponse(responseCode = "200", description = "{object: stats, attributes}")
    @APIResponse(responseCode = "504", description = "The node did not answer, or answered an error")
    @APIResponse(responseCode = "503", description = "The node's circuit breaker is open (or too many calls are in "
            + "flight to it): not tried. Retry-After header; node names the node")
    public JsonObject resources(@PathParam("server") String reference) {
        ClientServers.Access access = actions.access(request.requireCaller(), reference);
        return views.resources(access.server(), actions.resources(access));
    }

    @POST
    @Path("/servers/{server}/power")
    @Operation(summary = "Start, stop, restart or kill", description = "signal start (control.start), stop or kill "
            + "(control.stop), restart (control.restart).")
    @APIResponse(responseCode = "204", description = "Sent to Wings")
    @APIResponse(responseCode = "409", description = "The server is installing or suspended")
    @APIResponse(responseCode = "422", description = "Unknown signal")
    @APIResponse(responseCode = "502", description = "Wings failed")
    @APIResponse(responseCode = "504", description = "The node could not be reached")
    @APIResponse(responseCode = "503", description = "The node's circuit breaker is open (or too many calls are in "
            + "flight to it): not tried. Retry-After header; node names the node")
    public Response power(@PathParam("server") String reference, PowerRequest body) {
        Caller caller = request.requireCaller();
        if (body == null || body.signal() == null) {
            throw new ApiException(422, "The signal field is required.", Map.of("field", "signal"), Map.of());
        }
        actions.power(caller, actions.access(caller, reference), body.signal());
        return Response.noContent().build();
    }

    @POST
    @Path("/servers/{server}/command")
    @Operation(summary = "Send a console command", description = "Needs control.console; a stopped server answers 502 "
            + "\"Server must be online in order to send commands.\"")
    @APIResponse(responseCode = "204", description = "Sent to Wings")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred")
    @APIResponse(responseCode = "422", description = "command missing, blank or longer than 4,096 characters")
    @APIResponse(responseCode = "502", description = "The server is not running, or Wings failed")
    @APIResponse(responseCode = "504", description = "The node could not be reached")
    @APIResponse(responseCode = "503", description = "The node's circuit breaker is open (or too many calls are in "
            + "flight to it): not tried. Retry-After header; node names the node")
    public Response command(@PathParam("server") String reference, CommandRequest body) {
        Caller caller = request.requireCaller();
        if (body == null || body.command() == null || body.command().isBlank()) {
            throw new ApiException(422, "The command field is required.", Map.of("field", "command"), Map.of());
        }
        if (body.command().length() > 4096) {
            throw new ApiException(422, "The command may not be greater than 4096 characters.", Map.of("field", "command"), Map.of());
        }
        actions.command(caller, actions.access(caller, reference), body.command());
        return Response.noContent().build();
    }

    @GET
    @Path("/servers/{server}/websocket")
    @RateLimit(name = "console-credentials", limit = 60, windowSeconds = 60, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Console credentials", description = "token: an HS256 JWT for Wings' console socket, signed "
            + "with the node's token, valid 15 minutes (wingman.console.token-lifetime), carrying your permission keys; "
            + "socket: ws:// or wss:// as the node is HTTP or HTTPS. Both also under data. When Wings does not know the "
            + "server: {unavailable, message, diagnostics}.")
    @APIResponse(responseCode = "403", description = "No websocket.connect permission")
    @APIResponse(responseCode = "200", description = "{token, socket, data: {token, socket}}, or {unavailable, message, diagnostics}")
    @APIResponse(responseCode = "502", description = "Failed to prepare websocket session: Wings cannot be reached "
            + "(with Retry-After when its node's breaker is open)")
    public JsonObject websocket(@PathParam("server") String reference) {
        if (reference == null || reference.isBlank()) {
            throw ApiException.badRequest("A server identifier is required");
        }
        Caller caller = request.requireCaller();
        return console.issue(caller, actions.access(caller, reference), reference);
    }

    @GET
    @Path("/servers/{server}/activity")
    @Operation(summary = "A server's activity", description = "Needs activity.read. page, per_page (at most 100), "
            + "sort timestamp or -timestamp (default newest first), filter[event], include=actor. What Wings reports "
            + "(console commands, SFTP changes) is merged in.")
    public JsonObject activity(@PathParam("server") String reference, @QueryParam("page") Integer page,
                               @QueryParam("per_page") Integer perPage, @QueryParam("sort") String sort,
                               @QueryParam("filter[event]") String event, @QueryParam("include") String include) {
        Caller caller = request.requireCaller();
        ClientServers.Access access = actions.access(caller, reference);
        if (!ServerPermissions.grants(access.permissions(), "activity.read")) {
            throw ApiException.forbidden("This action is unauthorized.");
        }
        String order = sort == null ? "-createdAt" : sort.replace("timestamp", "createdAt");
        PageRequest paging = PageRequest.of(page, perPage == null ? 25 : perPage, order, ServerActivity.SORTABLE, "-createdAt");
        return views.activity(activity.of(access.server(), event == null || event.isBlank() ? null : event, paging),
                caller.userId(), caller.has(ServersPermissions.ALL), include != null && include.contains("actor"));
    }

    @GET
    @Path("/servers/{server}/users")
    @Operation(summary = "Subusers", description = "user.read.")
    public JsonObject subusers(@PathParam("server") String reference) {
        ClientServers.Access access = actions.access(request.requireCaller(), reference);
        JsonArrayBuilder data = JSON.createArrayBuilder();
        subusers.list(access).forEach(entry -> data.add(views.subuser(entry)));
        return JSON.createObjectBuilder().add("object", "list").add("data", data).build();
    }

    @POST
    @Path("/servers/{server}/users")
    @RateLimit(name = "subuser-invite", limit = 30, windowSeconds = 3600, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Add a subuser", description = "user.create; email of an existing account; permissions: keys "
            + "such as control.console, file.read, websocket.connect, none you do not hold yourself.")
    @APIResponse(responseCode = "200", description = "The subuser")
    @APIResponse(responseCode = "409", description = "Already a subuser")
    @APIResponse(responseCode = "422", description = "Unknown key, no such account, or the owner")
    public JsonObject addSubuser(@PathParam("server") String reference, SubuserRequest body) {
        Caller caller = request.requireCaller();
        if (body == null) {
            throw new ApiException(422, "The email field is required.", Map.of("field", "email"), Map.of());
        }
        return views.subuser(subusers.add(caller, actions.access(caller, reference), body.email(), body.permissions()));
    }

    @GET
    @Path("/servers/{server}/users/{user}")
    @Operation(summary = "A subuser", description = "user.read; {user} is the account's uuid.")
    public JsonObject subuser(@PathParam("server") String reference, @PathParam("user") String user) {
        return views.subuser(subusers.get(actions.access(request.requireCaller(), reference), user));
    }

    @POST
    @Path("/servers/{server}/users/{user}")
    @Operation(summary = "Change a subuser's permissions", description = "user.update. Their open consoles are denied at "
            + "Wings so they reconnect with the new keys.")
    @APIResponse(responseCode = "200", description = "The subuser")
    @APIResponse(responseCode = "422", description = "permissions missing, or a key that is not a subuser key or that you do not hold")
    public JsonObject updateSubuser(@PathParam("server") String reference, @PathParam("user") String user,
                                    SubuserRequest body) {
        Caller caller = request.requireCaller();
        return views.subuser(subusers.update(caller, actions.access(caller, reference), user,
                body == null ? null : body.permissions()));
    }

    @DELETE
    @Path("/servers/{server}/users/{user}")
    @Operation(summary = "Remove a subuser", description = "user.delete. Their console tokens are denied at Wings.")
    @APIResponse(responseCode = "204", description = "Removed")
    public Response removeSubuser(@PathParam("server") String reference, @PathParam("user") String user) {
        Caller caller = request.requireCaller();
        subusers.remove(caller, actions.access(caller, reference), user);
        return Response.noContent().build();
    }

    /** Pterodactyl's create-folder body: {@code name} under {@code root} (default /). */
    public record CreateFolderRequest(String root, String name) {
    }

    /** Pterodactyl's rename body: each from → to, relative to {@code root}. */
    public record RenameRequest(String root, List<RenameEntry> files) {
    }

    public record RenameEntry(String from, String to) {
    }

    public record CopyRequest(String location) {
    }

    /** Pterodactyl's delete body: names relative to {@code root}. */
    public record DeleteRequest(String root, List<String> files) {
    }

    @GET
    @Path("/servers/{server}/files/list")
    @Operation(summary = "List a directory", description = "file.read. directory defaults to /; paths are the server's "
            + "own, and Wings refuses any that leaves its directory (404). {object: list, data: [{object: file_object, "
            + "attributes: {name, mode, mode_bits, size, is_file, is_symlink, mimetype, created_at, modified_at}}]}, "
            + "directories first.")
    @APIResponse(responseCode = "200", description = "The directory's entries")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred")
    @APIResponse(responseCode = "422", description = "A field is missing or invalid: named in field")
    @APIResponse(responseCode = "502", description = "Wings failed")
    @APIResponse(responseCode = "504", description = "The node could not be reached")
    @APIResponse(responseCode = "503", description = "The node's circuit breaker is open (or too many calls are in "
            + "flight to it): not tried. Retry-After header; node names the node")
    public JsonObject listFiles(@PathParam("server") String reference, @QueryParam("directory") String directory) {
        ClientServers.Access access = actions.access(request.requireCaller(), reference);
        return views.files(files.list(access, directory));
    }

    @GET
    @Path("/servers/{server}/files/contents")
    @Produces({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
    @Operation(summary = "A file's contents", description = "file.read-content. The raw bytes as text/plain, relayed "
            + "from the node as they arrive (with its Content-Length), for files up to wingman.files.max-edit-size (4 MiB); "
            + "a larger one is 400 as Pterodactyl answers it, before any byte is sent. An answer the node sends without a "
            + "length is cut off at the limit past its first 64 KiB, ending unfinished. Logged as server:file.read.")
    @APIResponse(responseCode = "200", description = "The file's bytes",
            content = @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "The file is too large to view in the file editor, or is a directory")
    @APIResponse(responseCode = "404", description = "No such file on the server")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred")
    @APIResponse(responseCode = "422", description = "A field is missing or invalid: named in field")
    @APIResponse(responseCode = "502", description = "Wings failed")
    @APIResponse(responseCode = "504", description = "The node could not be reached")
    @APIResponse(responseCode = "503", description = "The node's circuit breaker is open (or too many calls are in "
            + "flight to it): not tried. Retry-After header; node names the node")
    public Response fileContents(@PathParam("server") String reference, @QueryParam("file") String file) {
        Caller caller = request.requireCaller();
        ClientFiles.FileRelay content = files.contents(caller, actions.access(caller, reference), file);
        // Anyone who may write the server's files chose these bytes: a browser must neither guess
        // another type from them nor run anything they hold, on the panel's own origin.
        Response.ResponseBuilder answer = Response.ok(content, MediaType.TEXT_PLAIN_TYPE)
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'; sandbox");
        content.length().ifPresent(length -> answer.header(HttpHeaders.CONTENT_LENGTH, length));
        return answer.build();
    }

    @POST
    @Path("/servers/{server}/files/write")
    @Consumes(MediaType.WILDCARD)
    @LargeBody
    @Operation(summary = "Write a file", description = "file.update. The raw request body (any content type, up to "
            + "wingman.http.max-large-body-size) becomes the file's contents: spooled to a file in wingman.files.spool-dir "
            + "first (within wingman.files.spool-budget for all writes at once), then sent to the node with its length; "
            + "missing folders are created. Logged as server:file.write.")
    @APIResponse(responseCode = "204", description = "Written")
    @APIResponse(responseCode = "400", description = "The path is a directory, or part of it is a file; or the body is "
            + "shorter than its Content-Length")
    @APIResponse(responseCode = "413", description = "The body is larger than wingman.http.max-large-body-size, or than "
            + "the whole wingman.files.spool-budget")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred")
    @APIResponse(responseCode = "422", description = "A field is missing or invalid: named in field")
    @APIResponse(responseCode = "502", description = "Wings failed")
    @APIResponse(responseCode = "504", description = "The node could not be reached")
    @APIResponse(responseCode = "503", description = "The node's circuit breaker is open (or too many calls are in "
            + "flight to it): not tried, node names the node; or the writes spooling on this instance hold too much of "
            + "wingman.files.spool-budget to take this body (refused before it is read when it has a Content-Length). "
            + "Retry-After header either way")
    public Response writeFile(@PathParam("server") String reference, @QueryParam("file") String file,
                              @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length, InputStream content) {
        Caller caller = request.requireCaller();
        files.write(caller, actions.access(caller, reference), file, content, length == null ? -1 : length);
        return Response.noContent().build();
    }

    @POST
    @Path("/servers/{server}/files/create-folder")
    @Operation(summary = "Create a folder", description = "file.create. {root, name}; root defaults to /. Logged as "
            + "server:file.create-directory.")
    @APIResponse(responseCode = "204", description = "Created")
    @APIResponse(responseCode = "400", description = "Part of the path is a file")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred")
    @APIResponse(responseCode = "422", description = "A field is missing or invalid: named in field")
    @APIResponse(responseCode = "502", description = "Wings failed")
    @APIResponse(responseCode = "504", description = "The node could not be reached")
    @APIResponse(responseCode = "503", description = "The node's circuit breaker is open (or too many calls are in "
            + "flight to it): not tried. Retry-After header; node names the node")
    public Response createFolder(@PathParam("server") String reference, CreateFolderRequest body) {
        Caller caller = request.requireCaller();
        ClientServers.Access access = actions.access(caller, reference);
        files.createFolder(caller, access, body == null ? null : body.root(), body == null ? null : body.name());
        return Response.noContent().build();
    }

    @PUT
    @Path("/servers/{server}/files/rename")
    @Operation(summary = "Rename or move files", description = "file.update. {root, files: [{from, to}]} (at most "
            + "1,000); a source that is not there is skipped. Logged as server:file.rename.")
    @APIResponse(responseCode = "204", description = "Renamed")
    @APIResponse(responseCode = "400", description = "A destination already exists")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred")
    @APIResponse(responseCode = "422", description = "A field is missing or invalid: named in field")
    @APIResponse(responseCode = "502", description = "Wings failed")
    @APIResponse(responseCode = "504", description = "The node could not be reached")
    @APIResponse(responseCode = "503", description = "The node's circuit breaker is open (or too many calls are in "
            + "flight to it): not tried. Retry-After header; node names the node")
    public Response renameFiles(@PathParam("server") String reference, RenameRequest body) {
        Caller caller = request.requireCaller();
        ClientServers.Access access = actions.access(caller, reference);
        List<Wings.Rename> renames = body == null || body.files() == null ? null : body.files().stream()
                .map(f -> f == null ? null : new Wings.Rename(f.from(), f.to())).toList();
        files.rename(caller, access, body == null ? null : body.root(), renames);
        return Response.noContent().build();
    }

    @POST
    @Path("/servers/{server}/files/copy")
    @Operation(summary = "Copy a file", description = "file.create. {location}: the copy is made beside it as "
            + "\"name copy.ext\" (then \"name copy 1.ext\" ...). Logged as server:file.copy.")
    @APIResponse(responseCode = "204", description = "Copied")
    @APIResponse(responseCode = "400", description = "The location is a directory")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred")
    @APIResponse(responseCode = "422", description = "A field is missing or invalid: named in field")
    @APIResponse(responseCode = "502", description = "Wings failed")
    @APIResponse(responseCode = "504", description = "The node could not be reached")
    @APIResponse(responseCode = "503", description = "The node's circuit breaker is open (or too many calls are in "
            + "flight to it): not tried. Retry-After header; node names the node")
    public Response copyFile(@PathParam("server") String reference, CopyRequest body) {
        Caller caller = request.requireCaller();
        files.copy(caller, actions.access(caller, reference), body == null ? null : body.location());
        return Response.noContent().build();
    }

    @POST
    @Path("/servers/{server}/files/delete")
    @Operation(summary = "Delete files", description = "file.delete. {root, files} (at most 1,000): files, and folders "
            + "with everything in them. Logged as server:file.delete.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred")
    @APIResponse(responseCode = "422", description = "A field is missing or invalid: named in field")
    @APIResponse(responseCode = "502", description = "Wings failed")
    @APIResponse(responseCode = "504", description = "The node could not be reached")
    @APIResponse(responseCode = "503", description = "The node's circuit breaker is open (or too many calls are in "
            + "flight to it): not tried. Retry-After header; node names the node")
    public Response deleteFiles(@PathParam("server") String reference, DeleteRequest body) {
        Caller caller = request.requireCaller();
        files.delete(caller, actions.access(caller, reference), body == null ? null : body.root(),
                body == null ? null : body.files());
        return Response.noContent().build();
    }

    /** Pterodactyl's chmod body: each file's mode, an octal string ("755"). */
    public record ChmodRequest(String root, List<ChmodEntry> files) {
    }

    public record ChmodEntry(String file, String mode) {
    }

    /** Pterodactyl's compress body: names under {@code root}. */
    public record CompressRequest(String root, List<String> files) {
    }

    /** Pterodactyl's decompress body: the archive {@code file} under {@code root}. */
    public record DecompressRequest(String root, String file) {
    }

    @POST
    @Path("/servers/{server}/files/chmod")
    @Operation(summary = "Change file modes", description = "file.update. {root, files: [{file, mode}]} (at most 1,000); "
            + "mode is octal, such as \"644\" or \"0755\".")
    @APIResponse(responseCode = "204", description = "Changed")
    @APIResponse(responseCode = "400", description = "Wings refused the mode")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred")
    @APIResponse(responseCode = "422", description = "A field is missing or invalid: named in field")
    @APIResponse(responseCode = "502", description = "Wings failed")
    @APIResponse(responseCode = "504", description = "The node could not be reached")
    @APIResponse(responseCode = "503", description = "The node's circuit breaker is open (or too many calls are in "
            + "flight to it): not tried. Retry-After header; node names the node")
    public Response chmodFiles(@PathParam("server") String reference, ChmodRequest body) {
        Caller caller = request.requireCaller();
        ClientServers.Access access = actions.access(caller, reference);
        List<Wings.Chmod> changes = body == null || body.files() == null ? null : body.files().stream()
                .map(f -> f == null ? null : new Wings.Chmod(f.file(), f.mode())).toList();
        files.chmod(access, body == null ? null : body.root(), changes);
        return Response.noContent().build();
    }

    @POST
    @Path("/servers/{server}/files/compress")
    @Operation(summary = "Compress files", description = "file.archive. {root, files} (at most 1,000) into a new "
            + "archive-<time>.tar.gz in root; answers its file_object. Logged as server:file.compress.")
    @APIResponse(responseCode = "200", description = "{object: file_object, attributes} of the archive")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred")
    @APIResponse(responseCode = "422", description = "A field is missing or invalid: named in field")
    @APIResponse(responseCode = "502", description = "Wings failed")
    @APIResponse(responseCode = "504", description = "The node could not be reached")
    @APIResponse(responseCode = "503", description = "The node's circuit breaker is open (or too many calls are in "
            + "flight to it): not tried. Retry-After header; node names the node")
    public JsonObject compressFiles(@PathParam("server") String reference, CompressRequest body) {
        Caller caller = request.requireCaller();
        ClientServers.Access access = actions.access(caller, reference);
        return views.file(files.compress(caller, access, body == null ? null : body.root(), body == null ? null : body.files()));
    }

    @POST
    @Path("/servers/{server}/files/decompress")
    @Operation(summary = "Extract an archive", description = "file.archive. {root, file}: the archive (.tar.gz, .tar, "
            + ".zip ...) extracted into root; an entry that would leave the server's directory refuses it. Logged as "
            + "server:file.decompress.")
    @APIResponse(responseCode = "204", description = "Extracted")
    @APIResponse(responseCode = "400", description = "The archive is in a format Wings does not understand")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred")
    @APIResponse(responseCode = "422", description = "A field is missing or invalid: named in field")
    @APIResponse(responseCode = "502", description = "Wings failed")
    @APIResponse(responseCode = "504", description = "The node could not be reached")
    @APIResponse(responseCode = "503", description = "The node's circuit breaker is open (or too many calls are in "
            + "flight to it): not tried. Retry-After header; node names the node")
    public Response decompressFile(@PathParam("server") String reference, DecompressRequest body) {
        Caller caller = request.requireCaller();
        files.decompress(caller, actions.access(caller, reference), body == null ? null : body.root(),
                body == null ? null : body.file());
        return Response.noContent().build();
    }

    @GET
    @Path("/servers/{server}/files/download")
    @Operation(summary = "A link to download a file", description = "file.read-content. {object: signed_url, "
            + "attributes: {url}}: the node's /download/file with an HS256 JWT signed with the node's token, valid 15 "
            + "minutes and usable once, carrying file_path, server_uuid, user_uuid and unique_id. The node is not "
            + "called; it checks the link when it is followed. Logged as server:file.download.")
    @APIResponse(responseCode = "200", description = "{object: signed_url, attributes: {url}}")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred")
    @APIResponse(responseCode = "503", description = "The server's node is not available")
    @APIResponse(responseCode = "422", description = "file is missing or invalid")
    public JsonObject downloadLink(@PathParam("server") String reference, @QueryParam("file") String file) {
        Caller caller = request.requireCaller();
        return signedUrl(files.downloadUrl(caller, actions.access(caller, reference), file));
    }

    @GET
    @Path("/servers/{server}/files/upload")
    @Operation(summary = "A link to upload files", description = "file.create. {object: signed_url, attributes: {url}}: "
            + "the node's /upload/file with an HS256 JWT signed with the node's token, valid 15 minutes, carrying "
            + "server_uuid, user_uuid and unique_id; POST multipart field files (repeatable) to it, adding "
            + "&directory=/path. The node is not called here.")
    @APIResponse(responseCode = "200", description = "{object: signed_url, attributes: {url}}")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred")
    @APIResponse(responseCode = "503", description = "The server's node is not available")
    public JsonObject uploadLink(@PathParam("server") String reference) {
        Caller caller = request.requireCaller();
        return signedUrl(files.uploadUrl(caller, actions.access(caller, reference)));
    }

    private static JsonObject signedUrl(String url) {
        return JSON.createObjectBuilder().add("object", "signed_url")
                .add("attributes", JSON.createObjectBuilder().add("url", url)).build();
    }

    /** Pterodactyl's pull body; {@code directory} is an alias of {@code root}. */
    public record PullRequest(String url, String root, String directory, String filename, Boolean use_header,
                              Boolean foreground) {
    }

    @POST
    @Path("/servers/{server}/files/pull")
    @RateLimit(name = "file-pull", limit = 10, windowSeconds = 300, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Download a file from a URL onto the server", description = "file.create. {url, root "
            + "(or directory), filename, use_header}: the node downloads url into root in the background. Only "
            + "http(s) URLs whose host resolves to public addresses only are accepted (no loopback, private, "
            + "link-local or metadata address: 422). Logged as server:file.pull.")
    @APIResponse(responseCode = "204", description = "The node took the download")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred")
    @APIResponse(responseCode = "422", description = "A field is missing or invalid: named in field")
    @APIResponse(responseCode = "502", description = "Wings failed")
    @APIResponse(responseCode = "504", description = "The node could not be reached")
    @APIResponse(responseCode = "503", description = "The node's circuit breaker is open (or too many calls are in "
            + "flight to it): not tried. Retry-After header; node names the node")
    public Response pullFile(@PathParam("server") String reference, PullRequest body) {
        Caller caller = request.requireCaller();
        ClientServers.Access access = actions.access(caller, reference);
        if (body == null) {
            throw new ApiException(422, "The url field is required.", Map.of("field", "url"), Map.of());
        }
        files.pull(caller, access, body.url(), body.root() != null ? body.root() : body.directory(), body.filename(),
                Boolean.TRUE.equals(body.use_header()));
        return Response.noContent().build();
    }
}
