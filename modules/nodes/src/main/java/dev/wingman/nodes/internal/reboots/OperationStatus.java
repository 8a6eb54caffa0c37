package dev.wingman.nodes.internal.reboots;

import dev.wingman.platform.api.StoredEnum;
import jakarta.persistence.Converter;

/** Where a node-wide operation is: running until it ends, completed or failed; an ended one stays ended. */
public enum OperationStatus implements StoredEnum {
    RUNNING("running"),
    COMPLETED("completed"),
    FAILED("failed");

    private final String stored;

    OperationStatus(String stored) {
        this.stored = stored;
    }

    @Override
    public String stored() {
        return stored;
    }

    /** The only moves: a running operation ends, completed or failed. */
    boolean canMoveTo(OperationStatus target) {
        return this == RUNNING && target != RUNNING;
    }

    /** Maps the enum onto {@code node_operations.status} with today's strings. */
    @Converter
    public static class Column extends StoredEnum.Column<OperationStatus> {
        public Column() {
            super(OperationStatus.class);
        }
    }
}
