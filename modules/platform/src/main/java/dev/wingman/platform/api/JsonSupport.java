package dev.wingman.platform.api;

import jakarta.json.spi.JsonProvider;

/**
 * One JSON-P provider for the whole panel. {@code jakarta.json.Json.createObjectBuilder()} and its
 * siblings look the provider up through the ServiceLoader on every call, a class-path scan that
 * a profile of the client API list showed dominating its CPU time; this looks it up once.
 */
public final class JsonSupport {
    public static final JsonProvider JSON = JsonProvider.provider();

    private JsonSupport() {
    }
}
