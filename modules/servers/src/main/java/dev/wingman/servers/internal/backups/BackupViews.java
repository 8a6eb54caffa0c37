package dev.wingman.servers.internal.backups;

import dev.wingman.platform.api.JsonSupport;
import static dev.wingman.platform.api.JsonSupport.JSON;

import dev.wingman.servers.internal.client.ClientViews;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/** Backups as Pterodactyl's client API shows them (its BackupTransformer). */
public final class BackupViews {
    private BackupViews() {
    }

    /** {@code {object: backup, attributes: {uuid, is_successful, is_locked, name, ignored_files, checksum, bytes, created_at, completed_at}}}. */
    public static JsonObject of(Backup backup) {
        JsonArrayBuilder ignored = JSON.createArrayBuilder();
        backup.ignoredFiles.forEach(ignored::add);
        JsonObjectBuilder attributes = JSON.createObjectBuilder()
                .add("uuid", backup.uuid.toString())
                .add("is_successful", backup.archiveMade())
                .add("is_locked", backup.locked)
                .add("name", backup.name)
                .add("ignored_files", ignored)
                .add("checksum", backup.checksum == null ? JsonValue.NULL : JSON.createValue(backup.checksum))
                .add("bytes", backup.bytes)
                .add("created_at", JsonSupport.atom(backup.createdAt))
                .add("completed_at", JsonSupport.atomOrNull(backup.completedAt));
        return JSON.createObjectBuilder().add("object", "backup").add("attributes", attributes).build();
    }

    /** A page of them, with meta.pagination and meta.backup_count (those counting against the limit). */
    public static JsonObject list(Backups.Listing listing) {
        JsonArrayBuilder data = JSON.createArrayBuilder();
        listing.page().data().forEach(b -> data.add(of(b)));
        return JSON.createObjectBuilder().add("object", "list").add("data", data)
                .add("meta", JSON.createObjectBuilder().add("pagination", ClientViews.pagination(listing.page()))
                        .add("backup_count", listing.backupCount())).build();
    }
}
