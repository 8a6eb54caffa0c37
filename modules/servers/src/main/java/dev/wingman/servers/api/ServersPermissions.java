package dev.wingman.servers.api;

/**
 * The permissions and audit actions of the servers module, as its code names them (named for the
 * module, beside the internal {@code ServerPermissions} that resolves a caller's server keys).
 */
public final class ServersPermissions {
    public static final String EGGS_READ = "eggs:read";
    public static final String EGGS_MANAGE = "eggs:manage";
    /** Panel: create servers for oneself (the default role holds it); organisation: in the organisation. */
    public static final String CREATE = "servers:create";
    /** Panel: every server; organisation: the organisation's servers. */
    public static final String READ = "servers:read";
    /** Panel: change any server, limits included. */
    public static final String UPDATE = "servers:update";
    /** Panel: delete any server; organisation: the organisation's servers. */
    public static final String DELETE = "servers:delete";
    public static final String SUSPEND = "servers:suspend";
    public static final String TRANSFER = "servers:transfer";
    /** Organisation: every server key but deletion on the organisation's servers. */
    public static final String MANAGE = "servers:manage";
    /** Panel: every server permission, which also shows activity IPs and Wings' admin console output. */
    public static final String ALL = "servers:*";
    /** Panel: see the MySQL/MariaDB database hosts (never their passwords) and hosts' own errors. */
    public static final String DATABASE_HOSTS_READ = "database-hosts:read";
    /** Panel: register, change and delete database hosts. */
    public static final String DATABASE_HOSTS_MANAGE = "database-hosts:manage";

    /** Admin trail. */
    public static final String AUDIT_EGG_IMPORT = "egg.import";
    public static final String AUDIT_EGG_UPDATE = "egg.update";
    public static final String AUDIT_EGG_DELETE = "egg.delete";
    public static final String AUDIT_SERVER_CREATE = "server.create";
    public static final String AUDIT_SERVER_DELETE = "server.delete";
    public static final String AUDIT_SERVER_INSTALLED = "server.installed";
    public static final String AUDIT_SERVER_INSTALL_FAILED = "server.install-failed";
    public static final String AUDIT_DATABASE_HOST_CREATE = "database-host.create";
    public static final String AUDIT_DATABASE_HOST_UPDATE = "database-host.update";
    public static final String AUDIT_DATABASE_HOST_DELETE = "database-host.delete";

    /**
     * A server's activity log. Stored dotted like every other action; the Pterodactyl client API
     * shows them with Pterodactyl's {@code server:} prefix ({@code server:power.start}).
     */
    public static final String ACTIVITY_POWER = "server.power."; // + start, stop, restart, kill
    public static final String ACTIVITY_CONSOLE_COMMAND = "server.console.command";
    public static final String ACTIVITY_CONSOLE_SESSION = "server.console.session";
    public static final String ACTIVITY_SETTINGS_UPDATE = "server.settings.update";
    public static final String ACTIVITY_SUSPEND = "server.suspend";
    public static final String ACTIVITY_UNSUSPEND = "server.unsuspend";
    public static final String ACTIVITY_REINSTALL = "server.reinstall";
    public static final String ACTIVITY_SUBUSER_CREATE = "server.subuser.create";
    public static final String ACTIVITY_SUBUSER_UPDATE = "server.subuser.update";
    public static final String ACTIVITY_SUBUSER_DELETE = "server.subuser.delete";
    public static final String ACTIVITY_TRANSFER = "server.transfer."; // + start, completed, failed, cancelled
    public static final String ACTIVITY_FILE_READ = "server.file.read";
    public static final String ACTIVITY_FILE_WRITE = "server.file.write";
    public static final String ACTIVITY_FILE_CREATE_DIRECTORY = "server.file.create-directory";
    public static final String ACTIVITY_FILE_RENAME = "server.file.rename";
    public static final String ACTIVITY_FILE_COPY = "server.file.copy";
    public static final String ACTIVITY_FILE_DELETE = "server.file.delete";
    public static final String ACTIVITY_FILE_PULL = "server.file.pull";
    public static final String ACTIVITY_FILE_DOWNLOAD = "server.file.download";
    public static final String ACTIVITY_FILE_COMPRESS = "server.file.compress";
    public static final String ACTIVITY_FILE_DECOMPRESS = "server.file.decompress";
    public static final String ACTIVITY_SCHEDULE_CREATE = "server.schedule.create";
    public static final String ACTIVITY_SCHEDULE_UPDATE = "server.schedule.update";
    public static final String ACTIVITY_SCHEDULE_DELETE = "server.schedule.delete";
    /** A schedule's run began (due or run by hand), or was skipped (only when online, server unavailable). */
    public static final String ACTIVITY_SCHEDULE_EXECUTE = "server.schedule.execute";
    public static final String ACTIVITY_TASK_CREATE = "server.task.create";
    public static final String ACTIVITY_TASK_UPDATE = "server.task.update";
    public static final String ACTIVITY_TASK_DELETE = "server.task.delete";
    /** One task of a schedule's run ran: its result (ok or failed, with the error). */
    public static final String ACTIVITY_TASK_RUN = "server.task.run";
    public static final String ACTIVITY_BACKUP_START = "server.backup.start";
    public static final String ACTIVITY_BACKUP_COMPLETE = "server.backup.complete";
    public static final String ACTIVITY_BACKUP_FAIL = "server.backup.fail";
    public static final String ACTIVITY_BACKUP_LOCK = "server.backup.lock";
    public static final String ACTIVITY_BACKUP_UNLOCK = "server.backup.unlock";
    public static final String ACTIVITY_BACKUP_DELETE = "server.backup.delete";
    public static final String ACTIVITY_BACKUP_DOWNLOAD = "server.backup.download";
    public static final String ACTIVITY_BACKUP_RESTORE = "server.backup.restore";
    public static final String ACTIVITY_BACKUP_RESTORE_COMPLETE = "server.backup.restore-complete";
    public static final String ACTIVITY_BACKUP_RESTORE_FAILED = "server.backup.restore-failed";
    public static final String ACTIVITY_DATABASE_CREATE = "server.database.create";
    public static final String ACTIVITY_DATABASE_ROTATE_PASSWORD = "server.database.rotate-password";
    public static final String ACTIVITY_DATABASE_DELETE = "server.database.delete";
    public static final String ACTIVITY_ALLOCATION_CREATE = "server.allocation.create";
    public static final String ACTIVITY_ALLOCATION_NOTES = "server.allocation.notes";
    public static final String ACTIVITY_ALLOCATION_PRIMARY = "server.allocation.primary";
    public static final String ACTIVITY_ALLOCATION_DELETE = "server.allocation.delete";
    public static final String ACTIVITY_STARTUP_EDIT = "server.startup.edit";
    public static final String ACTIVITY_STARTUP_IMAGE = "server.startup.image";
    public static final String ACTIVITY_SETTINGS_RENAME = "server.settings.rename";
    public static final String ACTIVITY_SETTINGS_REINSTALL = "server.settings.reinstall";

    private ServersPermissions() {
    }
}
