package dev.wingman.platform.internal;

import dev.wingman.platform.api.StoredEnum;
import jakarta.persistence.Converter;

/** Where a message in the outbox is: waiting for (another) try, delivered, or given up on. */
public enum MailState implements StoredEnum {
    QUEUED("queued"),
    SENT("sent"),
    FAILED("failed");

    private final String stored;

    MailState(String stored) {
        this.stored = stored;
    }

    @Override
    public String stored() {
        return stored;
    }

    @Converter
    public static class Column extends StoredEnum.Column<MailState> {
        public Column() {
            super(MailState.class);
        }
    }
}
