package dev.wingman.platform.api;

import jakarta.persistence.AttributeConverter;

import java.util.Objects;

/**
 * An enum whose constants are stored (and answered by the API) as fixed strings of their own, so
 * that renaming a constant never changes data. A constant may store as null (Pterodactyl's
 * installed server has no status).
 */
public interface StoredEnum {
    /** The stored and answered string. */
    String stored();

    /** The constant of {@code type} stored as {@code value}; null for null when no constant stores as null. */
    static <E extends Enum<E> & StoredEnum> E of(Class<E> type, String value) {
        E constant = parse(type, value);
        if (constant == null && value != null) {
            throw new IllegalArgumentException("Unknown " + type.getSimpleName() + " '" + value + "'");
        }
        return constant;
    }

    /** The constant of {@code type} stored as {@code value}, or null when none is (input to answer with a 400). */
    static <E extends Enum<E> & StoredEnum> E parse(Class<E> type, String value) {
        for (E constant : type.getEnumConstants()) {
            if (Objects.equals(constant.stored(), value)) {
                return constant;
            }
        }
        return null;
    }

    /**
     * Maps a {@link StoredEnum} onto its column: subclass it with a no-argument constructor and
     * annotate the subclass {@code @Converter}.
     */
    abstract class Column<E extends Enum<E> & StoredEnum> implements AttributeConverter<E, String> {
        private final Class<E> type;

        protected Column(Class<E> type) {
            this.type = type;
        }

        @Override
        public String convertToDatabaseColumn(E value) {
            return value == null ? null : value.stored();
        }

        @Override
        public E convertToEntityAttribute(String value) {
            return of(type, value);
        }
    }
}
