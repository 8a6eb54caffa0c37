package dev.wingman.servers.internal.eggs;

import static dev.wingman.platform.api.JsonSupport.JSON;

import dev.wingman.platform.api.ApiException;
import dev.wingman.servers.api.EggVariable;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Pterodactyl's egg JSON, both ways. Import accepts PTDL_v1 (a single {@code image}, or
 * {@code images} list) and PTDL_v2 (a {@code docker_images} label-to-image map), checks what a
 * server will need (name, startup, at least one image, variables with valid names and rules) and
 * names the field that is wrong. Export writes PTDL_v2. Stored eggs are not JSON to parse here:
 * their lists are jsonb columns {@link Egg} maps.
 */
public final class EggFormat {
    static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]{0,190}");
    /** Names Wings sets itself; an egg may not define them. */
    static final Set<String> RESERVED = Set.of("SERVER_MEMORY", "SERVER_IP", "SERVER_PORT", "ENV", "HOME", "USER",
            "STARTUP", "SERVER_UUID", "UUID", "P_SERVER_UUID", "P_SERVER_LOCATION", "P_SERVER_ALLOCATION_LIMIT");

    private EggFormat() {
    }

    /** Reads an egg export onto the entity (all fields but ids and times). */
    static void read(JsonObject json, Egg egg) {
        JsonObject meta = json.get("meta") instanceof JsonObject m ? m : null;
        String version = meta == null ? null : meta.getString("version", null);
        if (version == null || !(version.equals("PTDL_v1") || version.equals("PTDL_v2"))) {
            throw ApiException.invalidField("meta.version", "must be PTDL_v1 or PTDL_v2 (a Pterodactyl egg export)");
        }
        egg.name = text(json, "name", true, 191);
        egg.author = text(json, "author", false, 191);
        if (egg.author == null) {
            egg.author = "unknown@unknown.invalid";
        }
        egg.description = text(json, "description", false, 10_000);
        egg.features = strings(json, "features");
        egg.fileDenylist = strings(json, "file_denylist");
        egg.dockerImages(images(json));
        egg.startup = text(json, "startup", true, 10_000);
        JsonObject config = json.get("config") instanceof JsonObject c ? c : JsonValue.EMPTY_JSON_OBJECT;
        egg.configFiles = embeddedJson(config, "files", "{}");
        egg.configStartup = embeddedJson(config, "startup", "{}");
        egg.configLogs = embeddedJson(config, "logs", "{}");
        egg.configStop = config.get("stop") instanceof JsonString stop ? stop.getString() : "^C";
        JsonObject install = json.get("scripts") instanceof JsonObject scripts
                && scripts.get("installation") instanceof JsonObject i ? i : JsonValue.EMPTY_JSON_OBJECT;
        egg.installScript = install.getString("script", "");
        egg.installContainer = install.getString("container", "ghcr.io/pterodactyl/installers:alpine");
        egg.installEntrypoint = install.getString("entrypoint", "ash");
        egg.variables = variables(json);
    }

    /** An egg's variables from its export, each checked (import). */
    static List<EggVariable> variables(JsonObject json) {
        if (!(json.get("variables") instanceof JsonArray array)) {
            return List.of();
        }
        List<EggVariable> result = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String field = "variables[" + i + "]";
            if (!(array.get(i) instanceof JsonObject v)) {
                throw ApiException.invalidField(field, "must be an object");
            }
            String env = v.getString("env_variable", "");
            if (!ENV_NAME.matcher(env).matches() || RESERVED.contains(env)) {
                throw ApiException.invalidField(field + ".env_variable", "must be an upper-case name not reserved by Wings");
            }
            if (!seen.add(env)) {
                throw ApiException.invalidField(field + ".env_variable", env + " is defined twice");
            }
            String rules = v.getString("rules", "");
            VariableRules.problem(rules).ifPresent(problem -> {
                throw ApiException.invalidField(field + ".rules", problem);
            });
            result.add(new EggVariable(v.getString("name", env), v.getString("description", ""), env,
                    v.isNull("default_value") ? "" : stringOf(v.get("default_value")), bool(v, "user_viewable"),
                    bool(v, "user_editable"), rules, v.getString("field_type", "text")));
        }
        return result;
    }

    /** The egg as a PTDL_v2 export. */
    static JsonObject export(Egg egg) {
        JsonArrayBuilder variables = JSON.createArrayBuilder();
        for (EggVariable v : egg.variables()) {
            variables.add(JSON.createObjectBuilder().add("name", v.name()).add("description", v.description())
                    .add("env_variable", v.envVariable()).add("default_value", v.defaultValue())
                    .add("user_viewable", v.userViewable()).add("user_editable", v.userEditable()).add("rules", v.rules())
                    .add("field_type", v.fieldType()));
        }
        JsonObjectBuilder export = JSON.createObjectBuilder()
                .add("_comment", "DO NOT EDIT: FILE GENERATED AUTOMATICALLY BY WINGMAN")
                .add("meta", JSON.createObjectBuilder().add("version", "PTDL_v2").addNull("update_url"))
                .add("exported_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .add("name", egg.name).add("author", egg.author);
        if (egg.description == null) {
            export.addNull("description");
        } else {
            export.add("description", egg.description);
        }
        JsonObjectBuilder images = JSON.createObjectBuilder();
        egg.dockerImages().forEach(images::add);
        return export.add("features", JSON.createArrayBuilder(egg.features())).add("docker_images", images)
                .add("file_denylist", JSON.createArrayBuilder(egg.fileDenylist())).add("startup", egg.startup)
                .add("config", JSON.createObjectBuilder().add("files", egg.configFiles).add("startup", egg.configStartup)
                        .add("logs", egg.configLogs).add("stop", egg.configStop))
                .add("scripts", JSON.createObjectBuilder().add("installation", JSON.createObjectBuilder()
                        .add("script", egg.installScript).add("container", egg.installContainer)
                        .add("entrypoint", egg.installEntrypoint)))
                .add("variables", variables).build();
    }

    /** Label to image in the export's order (PTDL_v1's image list labels each image by itself). */
    private static Map<String, String> images(JsonObject json) {
        Map<String, String> images = new LinkedHashMap<>();
        if (json.get("docker_images") instanceof JsonObject map && !map.isEmpty()) {
            map.forEach((label, image) -> {
                if (!(image instanceof JsonString s) || s.getString().isBlank()) {
                    throw ApiException.invalidField("docker_images." + label, "must be an image name");
                }
                images.put(label, s.getString());
            });
        } else if (json.get("images") instanceof JsonArray list && !list.isEmpty()) {
            list.getValuesAs(JsonString.class).forEach(s -> images.put(s.getString(), s.getString()));
        } else if (json.get("image") instanceof JsonString single && !single.getString().isBlank()) {
            images.put(single.getString(), single.getString());
        } else {
            throw ApiException.invalidField("docker_images", "at least one Docker image is required");
        }
        return images;
    }

    /** Egg config sections are JSON documents inside strings; an object is accepted and stored as text. */
    private static String embeddedJson(JsonObject config, String key, String fallback) {
        JsonValue value = config.get(key);
        if (value == null || value == JsonValue.NULL) {
            return fallback;
        }
        if (value instanceof JsonString s) {
            String text = s.getString().isBlank() ? fallback : s.getString();
            try {
                parse(text);
            } catch (RuntimeException e) {
                throw ApiException.invalidField("config." + key, "must hold JSON");
            }
            return text;
        }
        return value.toString();
    }

    private static List<String> strings(JsonObject json, String key) {
        List<String> array = new ArrayList<>();
        if (json.get(key) instanceof JsonArray list) {
            for (JsonValue item : list) {
                if (!(item instanceof JsonString s)) {
                    throw ApiException.invalidField(key, "must be a list of strings");
                }
                array.add(s.getString());
            }
        }
        return array;
    }

    private static String text(JsonObject json, String key, boolean required, int max) {
        JsonValue value = json.get(key);
        if (!(value instanceof JsonString s) || s.getString().isBlank()) {
            if (required) {
                throw ApiException.invalidField(key, "is required");
            }
            return null;
        }
        if (s.getString().length() > max) {
            throw ApiException.invalidField(key, "must be at most " + max + " characters");
        }
        return s.getString();
    }

    private static boolean bool(JsonObject v, String key) {
        JsonValue value = v.get(key);
        return value == JsonValue.TRUE || (value instanceof jakarta.json.JsonNumber n && n.intValue() == 1);
    }

    private static String stringOf(JsonValue value) {
        return value instanceof JsonString s ? s.getString() : value == null ? "" : value.toString();
    }

    /** Parses JSON text: the {@code config_*} sections an egg keeps as strings. */
    public static JsonValue parse(String json) {
        try (var reader = JSON.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }
}
