package dev.wingman.servers.internal;

import dev.wingman.organisations.api.OrganisationRoleDefaults;
import dev.wingman.platform.api.PermissionContributor;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Set;

import static dev.wingman.platform.api.PermissionCatalogue.Context.ORGANISATION;
import static dev.wingman.platform.api.PermissionCatalogue.Context.PANEL;
import static dev.wingman.platform.api.PermissionCatalogue.Context.RESOURCE;
import static dev.wingman.servers.api.ServersPermissions.*;

/** Eggs and servers, the server keys (Pterodactyl's) held on one server, and the servers' audit actions. */
@ApplicationScoped
public class ServerPermissionContributor implements PermissionContributor, OrganisationRoleDefaults {
    /** One line for each server key, in Pterodactyl's terms. */
    static final Map<String, String> KEY_DESCRIPTIONS = Map.ofEntries(
            Map.entry("websocket.connect", "Connect to the server's console websocket"),
            Map.entry("control.console", "Send commands to the server's console"),
            Map.entry("control.start", "Start the server"),
            Map.entry("control.stop", "Stop or kill the server"),
            Map.entry("control.restart", "Restart the server"),
            Map.entry("user.create", "Add subusers"),
            Map.entry("user.read", "See subusers and their keys"),
            Map.entry("user.update", "Change subusers' keys"),
            Map.entry("user.delete", "Remove subusers"),
            Map.entry("file.create", "Create files and folders"),
            Map.entry("file.read", "List files"),
            Map.entry("file.read-content", "Read and download files"),
            Map.entry("file.update", "Change files"),
            Map.entry("file.delete", "Delete files"),
            Map.entry("file.archive", "Compress and decompress files"),
            Map.entry("file.sftp", "Log in over SFTP"),
            Map.entry("backup.create", "Create backups"),
            Map.entry("backup.read", "See backups"),
            Map.entry("backup.delete", "Delete backups"),
            Map.entry("backup.download", "Download backups"),
            Map.entry("backup.restore", "Restore backups"),
            Map.entry("allocation.read", "See the server's allocations"),
            Map.entry("allocation.create", "Add allocations"),
            Map.entry("allocation.update", "Change allocations and the primary one"),
            Map.entry("allocation.delete", "Remove allocations"),
            Map.entry("startup.read", "See startup variables"),
            Map.entry("startup.update", "Change startup variables"),
            Map.entry("startup.docker-image", "Change the Docker image"),
            Map.entry("database.create", "Create databases"),
            Map.entry("database.read", "See databases"),
            Map.entry("database.update", "Change databases and rotate their passwords"),
            Map.entry("database.delete", "Delete databases"),
            Map.entry("database.view_password", "See database passwords"),
            Map.entry("schedule.create", "Create schedules"),
            Map.entry("schedule.read", "See schedules"),
            Map.entry("schedule.update", "Change schedules"),
            Map.entry("schedule.delete", "Delete schedules"),
            Map.entry("settings.rename", "Rename the server"),
            Map.entry("settings.reinstall", "Reinstall the server"),
            Map.entry("activity.read", "Read the server's activity log"),
            Map.entry(ServerPermissions.DELETE, "Delete the server (owners only; never a subuser's)"),
            Map.entry("admin.websocket.errors", "Wings' admin console output: detailed errors"),
            Map.entry("admin.websocket.install", "Wings' admin console output: the installation log"),
            Map.entry("admin.websocket.transfer", "Wings' admin console output: transfer progress"));

    @Override
    public Contribution contribution() {
        var contribution = Contribution.of("servers")
                .permission(EGGS_READ, "See eggs (server templates) with every detail", PANEL)
                .permission(EGGS_MANAGE, "Import, change and delete eggs", PANEL)
                .permission(CREATE, "Create servers (globally: one's own; in an organisation: the organisation's)",
                        PANEL, ORGANISATION)
                .permission(READ, "See servers (globally: every server; in an organisation: its servers)", PANEL, ORGANISATION)
                .permission(UPDATE, "Change any server, its limits included", PANEL)
                .permission(DELETE, "Delete servers (globally: any; in an organisation: its servers)", PANEL, ORGANISATION)
                .permission(SUSPEND, "Suspend and unsuspend servers", PANEL)
                .permission(TRANSFER, "Move servers between nodes", PANEL)
                .permission(MANAGE, "Every server key but deletion on the organisation's servers", ORGANISATION)
                .permission(DATABASE_HOSTS_READ, "See the MySQL/MariaDB database hosts (never their passwords)", PANEL)
                .permission(DATABASE_HOSTS_MANAGE, "Register, change and delete database hosts", PANEL);
        Set<String> keys = new java.util.TreeSet<>(ServerPermissions.CATALOGUE);
        ServerPermissions.ADMIN.stream().filter(k -> !k.equals("*")).forEach(keys::add);
        for (String key : keys) {
            String description = KEY_DESCRIPTIONS.get(key);
            if (description == null) {
                throw new IllegalStateException("The server key " + key + " has no description");
            }
            contribution.permission(key, description, RESOURCE);
        }
        return contribution
                .audit("panel", AUDIT_EGG_IMPORT, "An egg was imported")
                .audit("panel", AUDIT_EGG_UPDATE, "An egg was changed")
                .audit("panel", AUDIT_EGG_DELETE, "An egg was deleted")
                .audit("panel", AUDIT_SERVER_CREATE, "A server was created")
                .audit("panel", AUDIT_SERVER_DELETE, "A server was deleted")
                .audit("panel", AUDIT_SERVER_INSTALLED, "Wings reported a server installed")
                .audit("panel", AUDIT_SERVER_INSTALL_FAILED, "Wings reported a server's installation failed")
                .audit("panel", AUDIT_DATABASE_HOST_CREATE, "A database host was registered")
                .audit("panel", AUDIT_DATABASE_HOST_UPDATE, "A database host was changed")
                .audit("panel", AUDIT_DATABASE_HOST_DELETE, "A database host was deleted")
                .audit("server", ACTIVITY_POWER + "start", "The server was started")
                .audit("server", ACTIVITY_POWER + "stop", "The server was stopped")
                .audit("server", ACTIVITY_POWER + "restart", "The server was restarted")
                .audit("server", ACTIVITY_POWER + "kill", "The server was killed")
                .audit("server", ACTIVITY_CONSOLE_COMMAND, "A console command was sent")
                .audit("server", ACTIVITY_CONSOLE_SESSION, "A console session was opened")
                .audit("server", ACTIVITY_SETTINGS_UPDATE, "The server's settings changed")
                .audit("server", ACTIVITY_SUSPEND, "The server was suspended")
                .audit("server", ACTIVITY_UNSUSPEND, "The server was unsuspended")
                .audit("server", ACTIVITY_REINSTALL, "The server was reinstalled")
                .audit("server", ACTIVITY_SUBUSER_CREATE, "A subuser was added")
                .audit("server", ACTIVITY_SUBUSER_UPDATE, "A subuser's keys changed")
                .audit("server", ACTIVITY_SUBUSER_DELETE, "A subuser was removed")
                .audit("server", ACTIVITY_TRANSFER + "start", "A transfer to another node started")
                .audit("server", ACTIVITY_TRANSFER + "completed", "A transfer completed")
                .audit("server", ACTIVITY_TRANSFER + "failed", "A transfer failed")
                .audit("server", ACTIVITY_TRANSFER + "cancelled", "A transfer was called off")
                .audit("server", ACTIVITY_FILE_READ, "A file was opened")
                .audit("server", ACTIVITY_FILE_WRITE, "A file was written")
                .audit("server", ACTIVITY_FILE_CREATE_DIRECTORY, "A folder was created")
                .audit("server", ACTIVITY_FILE_RENAME, "Files were renamed or moved")
                .audit("server", ACTIVITY_FILE_COPY, "A file was copied")
                .audit("server", ACTIVITY_FILE_DELETE, "Files were deleted")
                .audit("server", ACTIVITY_FILE_PULL, "The node was asked to download a file from a URL")
                .audit("server", ACTIVITY_FILE_DOWNLOAD, "A download link for a file was issued")
                .audit("server", ACTIVITY_FILE_COMPRESS, "Files were compressed into an archive")
                .audit("server", ACTIVITY_FILE_DECOMPRESS, "An archive was extracted")
                .audit("server", ACTIVITY_SCHEDULE_CREATE, "A schedule was created")
                .audit("server", ACTIVITY_SCHEDULE_UPDATE, "A schedule was changed")
                .audit("server", ACTIVITY_SCHEDULE_DELETE, "A schedule was deleted")
                .audit("server", ACTIVITY_SCHEDULE_EXECUTE, "A schedule's run began, or was skipped")
                .audit("server", ACTIVITY_TASK_CREATE, "A task was added to a schedule")
                .audit("server", ACTIVITY_TASK_UPDATE, "A schedule's task was changed")
                .audit("server", ACTIVITY_TASK_DELETE, "A schedule's task was removed")
                .audit("server", ACTIVITY_TASK_RUN, "A schedule's task ran (its result)")
                .audit("server", ACTIVITY_BACKUP_START, "A backup was started")
                .audit("server", ACTIVITY_BACKUP_COMPLETE, "The node reported a backup made")
                .audit("server", ACTIVITY_BACKUP_FAIL, "A backup failed (reported by the node, or never reported)")
                .audit("server", ACTIVITY_BACKUP_LOCK, "A backup was locked")
                .audit("server", ACTIVITY_BACKUP_UNLOCK, "A backup was unlocked")
                .audit("server", ACTIVITY_BACKUP_DELETE, "A backup was deleted")
                .audit("server", ACTIVITY_BACKUP_DOWNLOAD, "A download link for a backup was issued")
                .audit("server", ACTIVITY_BACKUP_RESTORE, "A restore from a backup was started")
                .audit("server", ACTIVITY_BACKUP_RESTORE_COMPLETE, "The node reported a restore finished")
                .audit("server", ACTIVITY_BACKUP_RESTORE_FAILED, "A restore failed (reported by the node, or never reported)")
                .audit("server", ACTIVITY_DATABASE_CREATE, "A database was created")
                .audit("server", ACTIVITY_DATABASE_ROTATE_PASSWORD, "A database's password was rotated")
                .audit("server", ACTIVITY_DATABASE_DELETE, "A database was deleted")
                .audit("server", ACTIVITY_ALLOCATION_CREATE, "A port was added to the server")
                .audit("server", ACTIVITY_ALLOCATION_NOTES, "A port's notes were changed")
                .audit("server", ACTIVITY_ALLOCATION_PRIMARY, "Another port became the primary one")
                .audit("server", ACTIVITY_ALLOCATION_DELETE, "A port was removed from the server")
                .audit("server", ACTIVITY_STARTUP_EDIT, "A startup variable was changed")
                .audit("server", ACTIVITY_STARTUP_IMAGE, "The Docker image was changed")
                .audit("server", ACTIVITY_SETTINGS_RENAME, "The server was renamed through the client API")
                .audit("server", ACTIVITY_SETTINGS_REINSTALL, "A reinstall was started through the client API")
                .build();
    }

    @Override
    public Map<String, Set<String>> builtInRoleGrants() {
        return Map.of(ADMIN, Set.of(ALL));
    }
}
