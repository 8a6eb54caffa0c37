package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.api.FakeWings;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Bad input for every operation of the live {@code /openapi} document that takes a body or
 * parameters, sent as an administrator (so that access is never the reason for a refusal): wrong
 * types and huge values for each body field, unknown fields, a body that is no object, invalid
 * UTF-8, malformed ids and non-numeric numbers. Every answer must be a documented client error
 * with a JSON body, never a 5xx and never a success, and the world it was pointed at must read
 * back unchanged.
 */
@HelidonTest
class BadInputSweepTest extends OpenApiTest {
    private static final String HUGE = "x".repeat(100_000);
    private static final List<String> MALFORMED_IDS = List.of("%00", "..%2F..%2Fetc", "x".repeat(300), "'%20OR%201=1--",
            "%F0%9F%92%A9");

    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(NodeTestSupport.fastNodes());
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** A variant of a request: what it sends and why it must be refused. */
    private record Variant(String what, String path, String query, byte[] body) {
    }

    @Test
    void everyOperationRefusesBadInputCleanly() {
        String admin = adminToken();
        FakeWings wings = startWings();
        World w = world(admin, wings, 32200);
        JsonObject document = api().send("GET", "/openapi", null, null, Map.of("Accept", "application/json")).json();
        JsonObject schemas = document.getJsonObject("components") == null ? JsonValue.EMPTY_JSON_OBJECT
                : document.getJsonObject("components").getJsonObject("schemas");

        List<String> problems = new ArrayList<>();
        Map<String, Integer> sent = new LinkedHashMap<>();
        for (Op op : operations()) {
            List<Variant> variants = variants(op, w, schemas);
            if (variants.isEmpty()) {
                continue;
            }
            String before = digest(w, admin);
            for (Variant variant : variants) {
                ApiClient.Response response = send(op.method(), variant, admin);
                sent.merge(op.method(), 1, Integer::sum);
                String problem = answered(op, response);
                if (problem == null && response.status() < 400) {
                    problem = "accepted with " + response.status();
                }
                if (problem != null) {
                    problems.add(op + " with " + variant.what + ": " + problem);
                }
            }
            if (!digest(w, admin).equals(before)) {
                problems.add(op + ": bad input changed data");
            }
        }
        System.out.println("Bad-input sweep: requests per method " + sent);
        if (!problems.isEmpty()) {
            fail(problems.size() + " problems:\n" + String.join("\n", problems));
        }
    }

    private List<Variant> variants(Op op, World w, JsonObject schemas) {
        List<Variant> variants = new ArrayList<>();
        String path = fill(op.path(), w);
        boolean pterodactyl = op.path().startsWith("/api/client") || op.path().startsWith("/api/remote");
        if (op.hasBody() && !op.kind().equals("node")) {
            JsonObject schema = resolve(op.operation().getJsonObject("requestBody").getJsonObject("content")
                    .getJsonObject("application/json"), schemas);
            JsonObject properties = schema == null || !schema.containsKey("properties") ? JsonValue.EMPTY_JSON_OBJECT
                    : schema.getJsonObject("properties");
            variants.add(new Variant("a body that is not an object", path, "", bytes("[1,2,3]")));
            variants.add(new Variant("invalid UTF-8", path, "", new byte[]{'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"',
                    (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}'}));
            variants.add(new Variant("deeply nested JSON", path, "", bytes("[".repeat(5_000) + "]".repeat(5_000))));
            if (!pterodactyl) {
                variants.add(new Variant("an unknown field", path, "", bytes("{\"surelyNotAField\":1}")));
            }
            for (Map.Entry<String, JsonValue> property : properties.entrySet()) {
                JsonObject field = resolve(property.getValue().asJsonObject(), schemas);
                String type = field == null ? "" : field.getString("type", "");
                JsonValue wrong = switch (type) {
                    case "string" -> Json.createValue(12345);
                    case "integer", "number" -> Json.createValue("not a number");
                    case "boolean" -> Json.createValue("maybe");
                    case "array" -> Json.createValue("not a list");
                    case "object" -> Json.createValue(7);
                    default -> null;
                };
                if (wrong != null) {
                    variants.add(new Variant(property.getKey() + " of the wrong type", path, "", only(property.getKey(), wrong)));
                }
                if (type.equals("string")) {
                    variants.add(new Variant(property.getKey() + " 100,000 characters long", path, "",
                            only(property.getKey(), Json.createValue(HUGE))));
                }
                if (type.equals("array")) {
                    var many = Json.createArrayBuilder();
                    for (int i = 0; i < 10_000; i++) {
                        many.add("x" + i);
                    }
                    variants.add(new Variant(property.getKey() + " with 10,000 items", path, "", only(property.getKey(),
                            many.build())));
                }
            }
        }
        if (op.path().contains("{") && !op.kind().equals("node")) {
            for (String id : MALFORMED_IDS) {
                String malformed = PARAMETER.matcher(op.path()).replaceFirst(id);
                variants.add(new Variant("the id " + id, fill(malformed, w), "", op.hasBody() ? bytes("{}") : null));
            }
        }
        if (op.operation().containsKey("parameters") && !op.kind().equals("node")) {
            for (JsonValue value : op.operation().getJsonArray("parameters")) {
                JsonObject parameter = value.asJsonObject();
                JsonObject schema = parameter.containsKey("schema") ? resolve(parameter.getJsonObject("schema"), schemas) : null;
                if ("query".equals(parameter.getString("in", "")) && schema != null
                        && ("integer".equals(schema.getString("type", "")) || "number".equals(schema.getString("type", "")))) {
                    variants.add(new Variant("query " + parameter.getString("name") + "=abc", path, "?"
                            + URLEncoder.encode(parameter.getString("name"), StandardCharsets.UTF_8) + "=abc",
                            op.hasBody() ? bytes("{}") : null));
                }
            }
        }
        return variants;
    }

    /** The schema itself, following a local {@code $ref}. */
    private static JsonObject resolve(JsonObject schema, JsonObject schemas) {
        if (schema == null) {
            return null;
        }
        JsonObject inner = schema.containsKey("schema") ? schema.getJsonObject("schema") : schema;
        if (inner.containsKey("$ref")) {
            String ref = inner.getString("$ref");
            return schemas.getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
        }
        return inner;
    }

    private static byte[] only(String field, JsonValue value) {
        JsonObjectBuilder body = Json.createObjectBuilder().add(field, value);
        return bytes(body.build().toString());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private ApiClient.Response send(String method, Variant variant, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.getUri().toString().replaceAll("/$", "")
                        + variant.path + variant.query)).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                .method(method, variant.body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(variant.body));
        if (variant.body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new ApiClient.Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + variant.path + " with " + variant.what + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
