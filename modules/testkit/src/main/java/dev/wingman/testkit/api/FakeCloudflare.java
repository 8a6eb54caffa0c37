package dev.wingman.testkit.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server that speaks the part of the Cloudflare v4 API Wingman uses: zones and
 * dns_records, Bearer tokens, and the {@code {success, errors, messages, result}} envelope with
 * Cloudflare's error codes. Tests can make the next call fail.
 */
public final class FakeCloudflare implements AutoCloseable {
    private static final Pattern ZONES = Pattern.compile("/client/v4/zones/?");
    private static final Pattern ZONE = Pattern.compile("/client/v4/zones/([^/]+)/?");
    private static final Pattern RECORDS = Pattern.compile("/client/v4/zones/([^/]+)/dns_records/?");
    private static final Pattern RECORD = Pattern.compile("/client/v4/zones/([^/]+)/dns_records/([^/]+)/?");
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)");

    private final HttpServer server;
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final Map<String, JsonObject> zones = new ConcurrentHashMap<>();
    private final Map<String, Map<String, JsonObject>> records = new ConcurrentHashMap<>();
    private volatile Failure nextFailure;

    private record Failure(int status, int code, String message) {
    }

    private FakeCloudflare(String... acceptedTokens) throws IOException {
        tokens.addAll(List.of(acceptedTokens));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/client/v4/", this::handle);
        server.start();
    }

    public static FakeCloudflare start(String... acceptedTokens) {
        try {
            return new FakeCloudflare(acceptedTokens);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base URL Wingman's Cloudflare client is configured with. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/client/v4";
    }

    /** The next call answers this Cloudflare error. */
    public void failNext(int status, int code, String message) {
        nextFailure = new Failure(status, code, message);
    }

    public boolean hasZone(String name) {
        return zones.values().stream().anyMatch(z -> z.getString("name").equals(name));
    }

    public int recordCount(String zoneId) {
        return records.getOrDefault(zoneId, Map.of()).size();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer ")) {
                reply(exchange, 400, error(6003, "Invalid request headers"));
                return;
            }
            if (!tokens.contains(auth.substring(7))) {
                reply(exchange, 403, error(9109, "Invalid access token"));
                return;
            }
            Failure failure = nextFailure;
            if (failure != null) {
                nextFailure = null;
                reply(exchange, failure.status, error(failure.code, failure.message));
                return;
            }
            route(exchange, exchange.getRequestMethod(), exchange.getRequestURI().getPath());
        }
    }

    private void route(HttpExchange ex, String method, String path) throws IOException {
        Matcher m;
        if (ZONES.matcher(path).matches() && method.equals("POST")) {
            createZone(ex, body(ex));
        } else if ((m = RECORD.matcher(path)).matches()) {
            record(ex, method, m.group(1), m.group(2));
        } else if ((m = RECORDS.matcher(path)).matches()) {
            records(ex, method, m.group(1));
        } else if ((m = ZONE.matcher(path)).matches()) {
            zone(ex, method, m.group(1));
        } else {
            reply(ex, 404, error(7000, "No route for that URI"));
        }
    }

    private void createZone(HttpExchange ex, JsonObject body) throws IOException {
        String name = body.getString("name", "");
        if (!name.matches("([a-z0-9-]+\\.)+[a-z]{2,}")) {
            reply(ex, 400, error(1099, "Invalid zone name"));
            return;
        }
        if (hasZone(name)) {
            reply(ex, 400, error(1061, name + " already exists"));
            return;
        }
        String id = UUID.randomUUID().toString().replace("-", "");
        JsonObject zone = Json.createObjectBuilder().add("id", id).add("name", name).add("status", "pending")
                .add("name_servers", Json.createArrayBuilder().add("ada.ns.cloudflare.com").add("bob.ns.cloudflare.com"))
                .build();
        zones.put(id, zone);
        records.put(id, new ConcurrentHashMap<>());
        reply(ex, 200, success(zone));
    }

    private void zone(HttpExchange ex, String method, String id) throws IOException {
        JsonObject zone = zones.get(id);
        if (zone == null) {
            reply(ex, 404, error(7003, "Could not route to /zones/" + id + ", perhaps your object identifier is invalid?"));
            return;
        }
        switch (method) {
            case "GET" -> reply(ex, 200, success(zone));
            case "DELETE" -> {
                zones.remove(id);
                records.remove(id);
                reply(ex, 200, success(Json.createObjectBuilder().add("id", id).build()));
            }
            default -> reply(ex, 405, error(10000, "Method not allowed"));
        }
    }

    private void records(HttpExchange ex, String method, String zoneId) throws IOException {
        Map<String, JsonObject> zoneRecords = records.get(zoneId);
        if (zoneRecords == null) {
            reply(ex, 404, error(7003, "Could not route to /zones/" + zoneId + "/dns_records, perhaps your object identifier is invalid?"));
            return;
        }
        if (method.equals("GET")) {
            JsonArrayBuilder all = Json.createArrayBuilder();
            zoneRecords.values().forEach(all::add);
            JsonObjectBuilder envelope = envelope(true).add("result", all)
                    .add("result_info", Json.createObjectBuilder().add("page", 1).add("per_page", 100)
                            .add("count", zoneRecords.size()).add("total_count", zoneRecords.size()).add("total_pages", 1));
            reply(ex, 200, envelope.build());
        } else if (method.equals("POST")) {
            JsonObject body = body(ex);
            String problem = invalid(body, zones.get(zoneId).getString("name"));
            if (problem != null) {
                reply(ex, 400, error(9005, problem));
                return;
            }
            boolean duplicate = zoneRecords.values().stream().anyMatch(r -> r.getString("type").equals(body.getString("type"))
                    && r.getString("name").equals(body.getString("name")) && r.getString("content", "").equals(body.getString("content", "")));
            if (duplicate) {
                reply(ex, 400, error(81057, "Record already exists."));
                return;
            }
            JsonObject stored = store(zoneId, UUID.randomUUID().toString().replace("-", ""), body);
            reply(ex, 200, success(stored));
        } else {
            reply(ex, 405, error(10000, "Method not allowed"));
        }
    }

    private void record(HttpExchange ex, String method, String zoneId, String recordId) throws IOException {
        Map<String, JsonObject> zoneRecords = records.get(zoneId);
        if (zoneRecords == null || !zoneRecords.containsKey(recordId)) {
            reply(ex, 404, error(81044, "Record does not exist."));
            return;
        }
        switch (method) {
            case "GET" -> reply(ex, 200, success(zoneRecords.get(recordId)));
            case "PUT" -> {
                JsonObject body = body(ex);
                String problem = invalid(body, zones.get(zoneId).getString("name"));
                if (problem != null) {
                    reply(ex, 400, error(9005, problem));
                    return;
                }
                reply(ex, 200, success(store(zoneId, recordId, body)));
            }
            case "DELETE" -> {
                zoneRecords.remove(recordId);
                reply(ex, 200, success(Json.createObjectBuilder().add("id", recordId).build()));
            }
            default -> reply(ex, 405, error(10000, "Method not allowed"));
        }
    }

    private JsonObject store(String zoneId, String recordId, JsonObject body) {
        JsonObjectBuilder stored = Json.createObjectBuilder(body).add("id", recordId)
                .add("zone_id", zoneId).add("zone_name", zones.get(zoneId).getString("name"));
        if (!body.containsKey("ttl")) {
            stored.add("ttl", 1);
        }
        if (!body.containsKey("proxied")) {
            stored.add("proxied", false);
        }
        if (body.getString("type").equals("SRV") && body.containsKey("data")) {
            JsonObject data = body.getJsonObject("data");
            stored.add("content", data.getInt("weight", 0) + " " + data.getInt("port", 0) + " " + data.getString("target", ""));
        }
        JsonObject record = stored.build();
        records.get(zoneId).put(recordId, record);
        return record;
    }

    /** What Cloudflare would refuse, or null. */
    private static String invalid(JsonObject body, String zone) {
        String type = body.getString("type", "");
        String name = body.getString("name", "");
        if (!name.equals(zone) && !name.endsWith("." + zone)) {
            return "DNS record name must be in the zone " + zone;
        }
        return switch (type) {
            case "A" -> IPV4.matcher(body.getString("content", "")).matches() ? null : "Content for A record must be a valid IPv4 address.";
            case "AAAA" -> body.getString("content", "").contains(":") ? null : "Content for AAAA record must be a valid IPv6 address.";
            case "CNAME", "TXT" -> body.getString("content", "").isEmpty() ? "Content is required." : null;
            case "SRV" -> body.containsKey("data") && body.get("data").getValueType() == JsonValue.ValueType.OBJECT ? null
                    : "SRV records need data";
            default -> "Unsupported record type " + type;
        };
    }

    private static JsonObject body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody(); var reader = Json.createReader(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)))) {
            return reader.readObject();
        }
    }

    private static JsonObjectBuilder envelope(boolean success) {
        return Json.createObjectBuilder().add("success", success).add("errors", Json.createArrayBuilder())
                .add("messages", Json.createArrayBuilder());
    }

    private static JsonObject success(JsonObject result) {
        return envelope(true).add("result", result).build();
    }

    private static JsonObject error(int code, String message) {
        return Json.createObjectBuilder().add("success", false)
                .add("errors", Json.createArrayBuilder().add(Json.createObjectBuilder().add("code", code).add("message", message)))
                .add("messages", Json.createArrayBuilder()).add("result", JsonValue.NULL).build();
    }

    private static void reply(HttpExchange ex, int status, JsonObject body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
