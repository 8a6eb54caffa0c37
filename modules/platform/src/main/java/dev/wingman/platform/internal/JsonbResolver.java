package dev.wingman.platform.internal;

import dev.wingman.platform.api.CurrentRequest;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * The JSON-B instance JAX-RS binds bodies with. Wingman's own API refuses a field its body type
 * does not have (400 naming it, see {@link ErrorMapper}): silently dropping a misspelt field once
 * turned "assign this node" into "clear its assignment". The Pterodactyl-compatible surfaces
 * ({@code /api/client}, {@code /api/remote}) stay lenient about fields, because Wings and client
 * libraries send fields the panel does not model. Both take strings, booleans and whole numbers
 * only as themselves ({@link StrictScalars}), as Pterodactyl's own validation does.
 */
@Provider
// Not a normal scope: Jersey reads the resolver's type argument from the instance's class, and a
// Weld client proxy implements only the raw ContextResolver, which would register it for Object.
@Dependent
public class JsonbResolver implements ContextResolver<Jsonb> {
    /** Yasson's switch ({@code YassonConfig.FAIL_ON_UNKNOWN_PROPERTIES}). */
    static final String FAIL_ON_UNKNOWN_PROPERTIES = "jsonb.fail-on-unknown-properties";

    private final Jsonb strict = JsonbBuilder.create(new JsonbConfig().setProperty(FAIL_ON_UNKNOWN_PROPERTIES, true)
            .withDeserializers(StrictScalars.all()));
    private final Jsonb lenient = JsonbBuilder.create(new JsonbConfig().withDeserializers(StrictScalars.all()));

    @Inject
    CurrentRequest request;

    @Override
    public Jsonb getContext(Class<?> type) {
        try {
            return request.pterodactylSurface() ? lenient : strict;
        } catch (ContextNotActiveException e) {
            return strict;
        }
    }
}
