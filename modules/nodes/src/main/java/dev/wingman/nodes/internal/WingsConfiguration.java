package dev.wingman.nodes.internal;

import static dev.wingman.platform.api.JsonSupport.JSON;

import jakarta.json.JsonObjectBuilder;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Wings {@code config.yml} for a node (reference/wings-protocol.md §6.1): the same keys the
 * panel pushes to {@code POST /api/update} as JSON and serves as YAML for installation.
 */
final class WingsConfiguration {

    private WingsConfiguration() {
    }

    static Map<String, Object> of(Node node, String token, String panelUrl) {
        URI uri = URI.create(node.url);
        boolean https = "https".equals(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
        Map<String, Object> ssl = new LinkedHashMap<>();
        ssl.put("enabled", https);
        ssl.put("cert", "/etc/letsencrypt/live/" + node.fqdn + "/fullchain.pem");
        ssl.put("key", "/etc/letsencrypt/live/" + node.fqdn + "/privkey.pem");
        Map<String, Object> api = new LinkedHashMap<>();
        api.put("host", "0.0.0.0");
        api.put("port", port);
        api.put("ssl", ssl);
        api.put("upload_limit", 100);
        Map<String, Object> system = new LinkedHashMap<>();
        system.put("data", "/var/lib/pterodactyl/volumes");
        system.put("sftp", Map.of("bind_port", node.sftpPort));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("debug", false);
        config.put("uuid", node.uuid.toString());
        config.put("token_id", node.tokenId);
        config.put("token", token);
        config.put("api", api);
        config.put("system", system);
        config.put("allowed_mounts", List.of());
        config.put("remote", panelUrl);
        return config;
    }

    static String yaml(Map<String, Object> config) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        return new Yaml(options).dump(config);
    }

    @SuppressWarnings("unchecked")
    static String json(Map<String, Object> config) {
        return toJson(config).build().toString();
    }

    @SuppressWarnings("unchecked")
    private static JsonObjectBuilder toJson(Map<String, Object> map) {
        JsonObjectBuilder builder = JSON.createObjectBuilder();
        map.forEach((key, value) -> {
            switch (value) {
                case Map<?, ?> nested -> builder.add(key, toJson((Map<String, Object>) nested));
                case List<?> list -> builder.add(key, JSON.createArrayBuilder((List<Object>) list));
                case Boolean b -> builder.add(key, b);
                case Integer i -> builder.add(key, i);
                default -> builder.add(key, String.valueOf(value));
            }
        });
        return builder;
    }
}
