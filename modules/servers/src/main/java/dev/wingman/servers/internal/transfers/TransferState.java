package dev.wingman.servers.internal.transfers;

import dev.wingman.platform.api.StoredEnum;
import jakarta.persistence.Converter;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/** Where a server transfer is: pending → archiving → completed, failed or cancelled (from either in-flight state). */
public enum TransferState implements StoredEnum {
    PENDING("pending"),
    ARCHIVING("archiving"),
    COMPLETED("completed"),
    FAILED("failed"),
    CANCELLED("cancelled");

    /** States in which the transfer is still in flight (and the server locked). */
    static final Set<TransferState> ACTIVE = EnumSet.of(PENDING, ARCHIVING);

    private final String stored;

    TransferState(String stored) {
        this.stored = stored;
    }

    @Override
    public String stored() {
        return stored;
    }

    boolean active() {
        return ACTIVE.contains(this);
    }

    Set<TransferState> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(ARCHIVING, COMPLETED, FAILED, CANCELLED);
            case ARCHIVING -> EnumSet.of(COMPLETED, FAILED, CANCELLED);
            case COMPLETED, FAILED, CANCELLED -> EnumSet.noneOf(TransferState.class);
        };
    }

    boolean canMoveTo(TransferState target) {
        return next().contains(target);
    }

    static TransferState ofStored(String value) {
        return StoredEnum.of(TransferState.class, Objects.requireNonNull(value, "a transfer state"));
    }

    /** Maps the enum onto {@code server_transfers.state} with today's strings. */
    @Converter
    public static class Column extends StoredEnum.Column<TransferState> {
        public Column() {
            super(TransferState.class);
        }
    }
}
