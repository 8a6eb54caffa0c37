package dev.wingman.servers.rest;

import dev.wingman.platform.api.ApiException;
import dev.wingman.servers.internal.backups.Backups;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;

/**
 * What Wings reports about backups ({@code /api/remote/backups/...}), with the node's credentials
 * checked by {@link NodeCredentialsFilter} before the body is read. A node reports only backups of
 * its own servers: any other backup is 404, as if it did not exist.
 */
@Path("/api/remote/backups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Wings remote API")
public class RemoteBackupsResource {
    @Inject
    Backups backups;

    @Inject
    RemoteNode node;

    /** Wings' report: {@code checksum} of {@code checksum_type} (sha1) and {@code size} in bytes when successful. */
    public record BackupReport(Boolean successful, String checksum, String checksum_type, Long size) {
    }

    public record RestoreReport(Boolean successful) {
    }

    @POST
    @Path("/{backup}")
    @Operation(summary = "Wings finished a backup", description = "{checksum, checksum_type, size, successful, parts}: "
            + "the backup is successful with checksum \"<type>:<hex>\" and its size, or failed (and unlocked). parts (S3 "
            + "multipart uploads) is not used: only Wings' local adapter is.")
    @APIResponse(responseCode = "204", description = "Recorded")
    @APIResponse(responseCode = "400", description = "Malformed node credentials, or the backup is not pending (already "
            + "reported, or failed by the sweep)")
    @APIResponse(responseCode = "401", description = "No node credentials (checked before the body is read)")
    @APIResponse(responseCode = "403", description = "Wrong node credentials")
    @APIResponse(responseCode = "404", description = "Not a backup of this node's servers")
    @APIResponse(responseCode = "422", description = "successful missing, or no size for a successful backup: named in field")
    public Response reported(@PathParam("backup") String backup, BackupReport body) {
        String nodeId = node.id();
        if (body == null || body.successful() == null) {
            throw new ApiException(422, "The successful field is required.", Map.of("field", "successful"), Map.of());
        }
        backups.reported(nodeId, backup, body.successful(), body.checksum(), body.checksum_type(), body.size());
        return Response.noContent().build();
    }

    @POST
    @Path("/{backup}/restore")
    @Operation(summary = "Wings finished restoring a backup", description = "{successful}: the server's status is cleared "
            + "(it is usable again) and the outcome logged as server:backup.restore-complete or -failed.")
    @APIResponse(responseCode = "204", description = "Recorded")
    @APIResponse(responseCode = "400", description = "Malformed node credentials")
    @APIResponse(responseCode = "401", description = "No node credentials (checked before the body is read)")
    @APIResponse(responseCode = "403", description = "Wrong node credentials")
    @APIResponse(responseCode = "404", description = "Not a backup of this node's servers")
    public Response restored(@PathParam("backup") String backup, RestoreReport body) {
        backups.restoreReported(node.id(), backup, body != null && Boolean.TRUE.equals(body.successful()));
        return Response.noContent().build();
    }
}
