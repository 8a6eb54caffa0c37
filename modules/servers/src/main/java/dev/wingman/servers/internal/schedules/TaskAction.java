package dev.wingman.servers.internal.schedules;

import dev.wingman.servers.internal.client.ClientServers;
import dev.wingman.platform.api.StoredEnum;
import jakarta.persistence.Converter;

import java.util.Set;

/** What a schedule's task does, as Pterodactyl names it, and the payload each one takes. */
public enum TaskAction implements StoredEnum {
    /** A console command (the payload) sent through Wings, like the client API's command endpoint. */
    COMMAND("command"),
    /** A power signal (the payload: start, stop, restart or kill). */
    POWER("power"),
    /**
     * A backup of the server (the payload: files to leave out, one pattern a line; may be empty),
     * rotating out the oldest at the limit.
     */
    BACKUP("backup");

    static final Set<String> SIGNALS = Set.of("start", "stop", "restart", "kill");
    /** Longest console command, as the command endpoint accepts. */
    static final int MAX_COMMAND = 4096;
    /** Longest ignore list of a backup task, as the backup endpoint accepts. */
    static final int MAX_IGNORED = 65_535;

    private final String stored;

    TaskAction(String stored) {
        this.stored = stored;
    }

    @Override
    public String stored() {
        return stored;
    }

    /** The action named {@code value} (422 naming {@code action} otherwise). */
    static TaskAction named(String value) {
        for (TaskAction action : values()) {
            if (action.stored.equals(value)) {
                return action;
            }
        }
        throw ClientServers.invalid("action", value == null ? "The action field is required."
                : "The selected action is invalid: it must be command, power or backup.");
    }

    /**
     * The permission keys a caller needs to make, change or start a task that does this: what doing
     * it by hand needs (a backup task rotates out the oldest backup at the limit: that is a delete).
     * Without this check, schedule.update would be a way round every other key.
     */
    java.util.List<String> permissions(String payload) {
        return switch (this) {
            case COMMAND -> java.util.List.of("control.console");
            case POWER -> java.util.List.of(ClientServers.powerPermission(payload));
            case BACKUP -> java.util.List.of("backup.create", "backup.delete");
        };
    }

    /** The payload this action runs with, checked (422 naming {@code payload}). */
    String payload(String payload) {
        if (payload != null && payload.indexOf('\0') >= 0) {
            throw ClientServers.invalid("payload", "The payload may not contain a NUL character.");
        }
        return switch (this) {
            case COMMAND -> {
                if (payload == null || payload.isBlank()) {
                    throw ClientServers.invalid("payload", "The payload field is required unless action is backup.");
                }
                if (payload.length() > MAX_COMMAND) {
                    throw ClientServers.invalid("payload", "The payload may not be greater than " + MAX_COMMAND
                            + " characters.");
                }
                yield payload;
            }
            case POWER -> {
                if (payload == null || !SIGNALS.contains(payload)) {
                    throw ClientServers.invalid("payload", "A power task's payload must be start, stop, restart or kill.");
                }
                yield payload;
            }
            case BACKUP -> {
                String ignored = payload == null ? "" : payload;
                if (ignored.length() > MAX_IGNORED) {
                    throw ClientServers.invalid("payload", "The payload may not be greater than " + MAX_IGNORED
                            + " characters.");
                }
                yield ignored;
            }
        };
    }


    @Converter
    public static class Column extends StoredEnum.Column<TaskAction> {
        public Column() {
            super(TaskAction.class);
        }
    }
}
