package dev.wingman.servers.internal.remote;

import static dev.wingman.platform.api.JsonSupport.JSON;

import dev.wingman.nodes.api.Allocation;
import dev.wingman.servers.internal.Server;
import dev.wingman.servers.internal.eggs.Egg;
import dev.wingman.servers.internal.eggs.EggFormat;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Wings reads for a server from {@code GET /api/remote/servers/{uuid}}: the {@code settings}
 * (reference/wings-protocol.md §4.3) and the {@code process_configuration} built from the egg
 * (§5): startup-done patterns, the stop command or signal, and config-file rewrites with the
 * server's values filled in.
 */
public final class WingsServerConfiguration {
    private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\{\\{\\s*([\\w.]+)\\s*}}");

    private WingsServerConfiguration() {
    }

    static JsonObject of(Server server, Egg egg, List<Allocation> allocations) {
        return JSON.createObjectBuilder().add("uuid", server.uuid.toString()).add("settings", settings(server, egg, allocations))
                .add("process_configuration", processConfiguration(server, egg, allocations)).build();
    }

    public static Map<String, String> environment(Server server, List<Allocation> allocations) {
        Map<String, String> env = new LinkedHashMap<>(server.environmentMap());
        Allocation primary = allocations.isEmpty() ? null : allocations.get(0);
        env.put("STARTUP", server.startup);
        env.put("SERVER_MEMORY", String.valueOf(server.limits.memoryMib()));
        env.put("SERVER_IP", primary == null ? "0.0.0.0" : primary.ip());
        env.put("SERVER_PORT", primary == null ? "0" : String.valueOf(primary.port()));
        env.put("P_SERVER_UUID", server.uuid.toString());
        return env;
    }

    private static JsonObject settings(Server server, Egg egg, List<Allocation> allocations) {
        Map<String, String> env = environment(server, allocations);
        JsonObjectBuilder environment = JSON.createObjectBuilder();
        env.forEach(environment::add);
        Allocation primary = allocations.isEmpty() ? null : allocations.get(0);
        Map<String, JsonArrayBuilder> mappings = new TreeMap<>();
        allocations.forEach(a -> mappings.computeIfAbsent(a.ip(), ip -> JSON.createArrayBuilder()).add(a.port()));
        JsonObjectBuilder mapping = JSON.createObjectBuilder();
        mappings.forEach(mapping::add);
        return JSON.createObjectBuilder()
                .add("uuid", server.uuid.toString())
                .add("meta", JSON.createObjectBuilder().add("name", server.name).add("description", server.description))
                .add("suspended", server.suspended)
                .add("invocation", fill(server.startup, key -> env.get(key.startsWith("env.") ? key.substring(4) : key)))
                .add("skip_egg_scripts", false)
                .add("environment", environment)
                .add("labels", JsonValue.EMPTY_JSON_OBJECT)
                .add("allocations", JSON.createObjectBuilder().add("force_outgoing_ip", false)
                        .add("default", JSON.createObjectBuilder().add("ip", primary == null ? "0.0.0.0" : primary.ip())
                                .add("port", primary == null ? 0 : primary.port()))
                        .add("mappings", mapping))
                .add("build", JSON.createObjectBuilder().add("memory_limit", server.limits.memoryMib()).add("swap", server.limits.swapMib())
                        .add("io_weight", server.limits.ioWeight()).add("cpu_limit", server.limits.cpuPercent()).add("disk_space", server.limits.diskMib())
                        .add("threads", "").add("oom_disabled", true))
                .add("crash_detection_enabled", true)
                .add("mounts", JsonValue.EMPTY_JSON_ARRAY)
                .add("egg", JSON.createObjectBuilder().add("id", egg.uuid.toString())
                        .add("file_denylist", JSON.createArrayBuilder(egg.fileDenylist())))
                .add("container", JSON.createObjectBuilder().add("image", server.dockerImage).add("oom_disabled", true)
                        .add("requires_rebuild", false))
                .build();
    }

    private static JsonObject processConfiguration(Server server, Egg egg, List<Allocation> allocations) {
        JsonObject startup = EggFormat.parse(egg.configStartup) instanceof JsonObject s ? s : JsonValue.EMPTY_JSON_OBJECT;
        JsonArrayBuilder done = JSON.createArrayBuilder();
        JsonValue doneValue = startup.get("done");
        if (doneValue instanceof JsonString single) {
            done.add(single.getString());
        } else if (doneValue instanceof JsonArray many) {
            many.forEach(done::add);
        }
        JsonValue interaction = startup.getOrDefault("userInteraction", JsonValue.EMPTY_JSON_ARRAY);
        return JSON.createObjectBuilder()
                .add("startup", JSON.createObjectBuilder().add("done", done)
                        .add("user_interaction", interaction instanceof JsonArray ? interaction : JsonValue.EMPTY_JSON_ARRAY)
                        .add("strip_ansi", startup.getBoolean("stripAnsi", false)))
                .add("stop", stop(egg.configStop))
                .add("configs", configs(server, egg, allocations))
                .build();
    }

    /** "^C" or "^SIGINT" is a signal, anything else a console command. */
    static JsonObject stop(String stop) {
        if (stop != null && stop.startsWith("^")) {
            String signal = stop.substring(1);
            return JSON.createObjectBuilder().add("type", "signal").add("value", signal.equals("C") ? "SIGINT" : signal).build();
        }
        return JSON.createObjectBuilder().add("type", "command").add("value", stop == null ? "stop" : stop).build();
    }

    private static JsonArray configs(Server server, Egg egg, List<Allocation> allocations) {
        Map<String, String> env = environment(server, allocations);
        Allocation primary = allocations.isEmpty() ? null : allocations.get(0);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("server.build.default.port", primary == null ? "0" : String.valueOf(primary.port()));
        values.put("server.build.default.ip", primary == null ? "0.0.0.0" : primary.ip());
        values.put("server.build.memory", String.valueOf(server.limits.memoryMib()));
        env.forEach((k, v) -> {
            values.put("server.build.env." + k, v);
            values.put("env." + k, v);
        });
        JsonArrayBuilder configs = JSON.createArrayBuilder();
        if (!(EggFormat.parse(egg.configFiles) instanceof JsonObject files)) {
            return configs.build();
        }
        files.forEach((file, spec) -> {
            if (!(spec instanceof JsonObject definition)) {
                return;
            }
            JsonArrayBuilder replace = JSON.createArrayBuilder();
            if (definition.get("find") instanceof JsonObject find) {
                find.forEach((match, with) -> {
                    JsonObjectBuilder rule = JSON.createObjectBuilder().add("match", match);
                    if (with instanceof JsonString s) {
                        rule.add("replace_with", fill(s.getString(), values::get));
                    } else {
                        rule.add("replace_with", with);
                    }
                    replace.add(rule);
                });
            }
            configs.add(JSON.createObjectBuilder().add("file", file).add("parser", definition.getString("parser", "file"))
                    .add("replace", replace));
        });
        return configs.build();
    }

    /** Fills in the {{variables}} it knows; leaves the others for Wings. */
    public static String fill(String template, java.util.function.Function<String, String> values) {
        Matcher m = TEMPLATE_VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.apply(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
