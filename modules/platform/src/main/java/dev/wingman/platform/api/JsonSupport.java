package dev.wingman.platform.api;

import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One JSON-P provider for the whole panel. {@code jakarta.json.Json.createObjectBuilder()} and its
 * siblings look the provider up through the ServiceLoader on every call, a class-path scan that
 * a profile of the client API list showed dominating its CPU time; this looks it up once.
 */
public final class JsonSupport {
    public static final JsonProvider JSON = JsonProvider.provider();

    /** Carbon's toAtomString, as Pterodactyl's API writes times: seconds and an explicit offset, 2024-03-01T10:00:00+00:00. */
    private static final DateTimeFormatter ATOM = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

    private JsonSupport() {
    }

    /** {@code instant} as Pterodactyl writes times, in UTC. */
    public static String atom(Instant instant) {
        return ATOM.format(instant.atOffset(ZoneOffset.UTC));
    }

    /** As {@link #atom}, or JSON null for no time ("never ran", "not completed"). */
    public static JsonValue atomOrNull(Instant instant) {
        return instant == null ? JsonValue.NULL : JSON.createValue(atom(instant));
    }
}
