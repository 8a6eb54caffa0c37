package dev.wingman.servers.internal.eggs;

import dev.wingman.servers.api.EggVariable;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Read access to an egg's parts for the REST layer. */
public final class EggViews {
    private EggViews() {
    }

    /**
     * An egg in API answers. Users see only the variables marked viewable; the install script and
     * Wings process configuration are in the admin export.
     */
    public record Parts(String id, String uuid, String name, String author, String description, List<String> features,
                        Map<String, String> dockerImages, String startup, List<EggVariable> variables, Instant createdAt,
                        Instant updatedAt) {
    }

    /** The egg's parts; {@code allVariables} false keeps only those users may see. */
    public static Parts of(Egg egg, boolean allVariables) {
        List<EggVariable> variables = egg.variables().stream()
                .filter(v -> allVariables || v.userViewable()).toList();
        return new Parts(egg.id, egg.uuid.toString(), egg.name, egg.author, egg.description, egg.features(),
                egg.dockerImages(), egg.startup, variables, egg.createdAt, egg.updatedAt);
    }

    public static jakarta.json.JsonObject export(Egg egg) {
        return EggFormat.export(egg);
    }
}
