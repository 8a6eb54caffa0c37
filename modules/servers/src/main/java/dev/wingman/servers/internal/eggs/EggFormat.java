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
 * names the field that is wrong. Export writes PTDL_v2.
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
        egg.features = strings(json, "features").build().toString();
        egg.fileDenylist = strings(json, "file_denylist").build().toString();
        egg.dockerImages = images(json).toString();
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
        egg.variables = variablesJson(variables(json));
    }

    /** An egg's variables from its export, each checked (import). */
    static List<EggVariable> variables(JsonObject json) {
        return variables(json, true);
    }

    private static List<EggVariable> variables(JsonObject json, boolean check) {
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
            if (check) {
                VariableRules.problem(rules).ifPresent(problem -> {
                    throw ApiException.invalidField(field + ".rules", problem);
                });
            }
            result.add(new EggVariable(v.getString("name", env), v.getString("description", ""), env,
                    v.isNull("default_value") ? "" : stringOf(v.get("default_value")), bool(v, "user_viewable"),
                    bool(v, "user_editable"), rules, v.getString("field_type", "text")));
        }
        return result;
    }

    /** A stored egg's variables: checked when it was imported, so read as they are (this is on every list's path). */
    static List<EggVariable> variables(Egg egg) {
        return variables(JSON.createObjectBuilder().add("variables", parse(egg.variables)).build(), false);
    }

    public static Map<String, String> dockerImages(Egg egg) {
        Map<String, String> images = new LinkedHashMap<>();
        ((JsonObject) parse(egg.dockerImages)).forEach((label, image) -> images.put(label, ((JsonString) image).getString()));
        return images;
    }

    public static List<String> list(String json) {
        return ((JsonArray) parse(json)).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    /** The egg as a PTDL_v2 export. */
    static JsonObject export(Egg egg) {
        JsonArrayBuilder variables = JSON.createArrayBuilder();
        for (EggVariable v : variables(egg)) {
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
        return export.add("features", parse(egg.features)).add("docker_images", parse(egg.dockerImages))
                .add("file_denylist", parse(egg.fileDenylist)).add("startup", egg.startup)
                .add("config", JSON.createObjectBuilder().add("files", egg.configFiles).add("startup", egg.configStartup)
                        .add("logs", egg.configLogs).add("stop", egg.configStop))
                .add("scripts", JSON.createObjectBuilder().add("installation", JSON.createObjectBuilder()
                        .add("script", egg.installScript).add("container", egg.installContainer)
                        .add("entrypoint", egg.installEntrypoint)))
                .add("variables", variables).build();
    }

    static String variablesJson(List<EggVariable> variables) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        for (EggVariable v : variables) {
            array.add(JSON.createObjectBuilder().add("name", v.name()).add("description", v.description())
                    .add("env_variable", v.envVariable()).add("default_value", v.defaultValue())
                    .add("user_viewable", v.userViewable()).add("user_editable", v.userEditable()).add("rules", v.rules())
                    .add("field_type", v.fieldType()));
        }
        return array.build().toString();
    }

    private static JsonObject images(JsonObject json) {
        JsonObjectBuilder images = JSON.createObjectBuilder();
        if (json.get("docker_images") instanceof JsonObject map && !map.isEmpty()) {
            map.forEach((label, image) -> {
                if (!(image instanceof JsonString s) || s.getString().isBlank()) {
                    throw ApiException.invalidField("docker_images." + label, "must be an image name");
                }
                images.add(label, s.getString());
            });
        } else if (json.get("images") instanceof JsonArray list && !list.isEmpty()) {
            list.getValuesAs(JsonString.class).forEach(s -> images.add(s.getString(), s.getString()));
        } else if (json.get("image") instanceof JsonString single && !single.getString().isBlank()) {
            images.add(single.getString(), single.getString());
        } else {
            throw ApiException.invalidField("docker_images", "at least one Docker image is required");
        }
        return images.build();
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

    private static JsonArrayBuilder strings(JsonObject json, String key) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
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

    public static JsonValue parse(String json) {
        try (var reader = JSON.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }
}
