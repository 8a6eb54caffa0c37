package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.api.FakeWings;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.wingman.app.NodeTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the tests generated from the live {@code /openapi} document share: its operations with their
 * {@code x-wingman-access}, a world of real resources to point them at, and a digest of that world
 * that shows whether a request changed anything ({@link AuthorizationMatrixTest},
 * {@link BadInputSweepTest}). An operation added tomorrow is covered without touching them.
 */
abstract class OpenApiTest extends PanelTest {
    static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");
    /** Fields that change by themselves (heartbeats, live state, usage stamps): not data a request changed. */
    static final Set<String> VOLATILE = Set.of("lastUsedAt", "lastSeenAt", "lastCheckAt", "lastStatus", "lastResponseMs",
            "responseTimeMs", "state", "stateObservedAt", "health", "healthy", "lastHeartbeatAt", "wingsVersion", "usedAt");

    /** One tenant's resources: what the refused roles are pointed at. */
    record World(String owner, String ownerId, String ownerKeyId, String serverId, String identifier, String uuid,
                         String organisationId, String nodeId, String eggId, String roleId, String sshKeyId, String inviteId,
                         String orderId, String paymentMethodId) {
    }

    record Op(String method, String path, JsonObject operation) {
        JsonObject access() {
            return operation.getJsonObject("x-wingman-access");
        }

        String kind() {
            return access().getString("kind");
        }

        boolean documents(int status) {
            JsonObject responses = operation.getJsonObject("responses");
            return responses != null && (responses.containsKey(String.valueOf(status)) || responses.containsKey("default"));
        }

        boolean hasBody() {
            return operation.containsKey("requestBody");
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    World world(String admin, FakeWings wings, int ports) {
        String node = attachedNode(admin, wings, "\"nodeType\":\"free_and_paid\",\"portRangeStart\":" + ports
                + ",\"portRangeEnd\":" + (ports + 50));
        String egg = importEgg(admin);
        String owner = userToken("owner");
        ApiClient.Response server = api().post("/api/servers", "{\"name\":\"World\",\"eggId\":\"" + egg
                + "\",\"memory\":512,\"disk\":1024,\"nodeId\":\"" + node + "\"}", owner);
        assertEquals(201, server.status(), server.toString());
        String serverId = server.json().getString("id");
        await("installed", () -> NodeTest.absent(api().get("/api/servers/" + serverId, owner).json(), "status"));
        String org = api().post("/api/organisations", "{\"name\":\"World\",\"handle\":\"w-" + UUID.randomUUID().toString()
                .substring(0, 8) + "\"}", owner).json().getString("id");
        String invite = api().post("/api/organisations/" + org + "/invites", "{\"email\":\"" + uniqueEmail("invited") + "\"}",
                owner).json().getString("id");
        String role = api().post("/api/roles", "{\"name\":\"matrix-" + UUID.randomUUID().toString().substring(0, 8)
                + "\",\"description\":\"m\",\"permissions\":[\"users:read\"]}", admin).json().getString("id");
        String sshKey = api().post("/api/ssh-keys", "{\"name\":\"laptop\",\"publicKey\":\"" + SshKeyTest.newKey("ed25519", null)
                + "\"}", owner).json().getString("id");
        String keyId = api().post("/api/apikeys", "{\"name\":\"scripts\",\"permissions\":[\"*\"]}", owner).json().getString("id");
        String plan = api().post("/api/admin/plans", "{\"name\":\"Matrix\",\"tier\":\"paid\",\"price\":{\"amount\":500,"
                + "\"currency\":\"EUR\"},\"period\":\"monthly\",\"limits\":{\"servers\":1,\"memoryMib\":1024,\"diskMib\":1024,"
                + "\"cpuPercent\":100,\"allocations\":1,\"databases\":0,\"backups\":0,\"tunnelPorts\":0,\"aiTokens\":0},"
                + "\"visible\":true,\"active\":true}", admin).json().getString("id");
        String paymentMethod = api().post("/api/admin/payment-methods", "{\"kind\":\"bank_transfer\",\"name\":\"Bank\","
                + "\"active\":true}", admin).json().getString("id");
        ApiClient.Response order = api().send("POST", "/api/orders", "{\"planId\":\"" + plan + "\"}", owner,
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertEquals(201, order.status(), order.toString());
        return new World(owner, userId(owner), keyId, serverId, server.json().getString("identifier"),
                server.json().getString("uuid"), org, node, egg, role, sshKey, invite, order.json().getString("id"), paymentMethod);
    }

    /** The path with each template filled from the world, by the collection it names; unknown ones get an id nothing has. */
    static String fill(String path, World w) {
        Matcher m = PARAMETER.matcher(path);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String before = path.substring(0, m.start());
            String collection = before.substring(before.lastIndexOf('/', before.length() - 2) + 1, before.length() - 1);
            String name = m.group(1);
            String value = switch (name) {
                case "server" -> w.identifier;
                case "uuid" -> w.uuid;
                case "user" -> UUID.randomUUID().toString();
                case "userId" -> w.ownerId;
                default -> switch (collection) {
                    case "servers" -> w.serverId;
                    case "nodes" -> w.nodeId;
                    case "organisations" -> w.organisationId;
                    case "roles" -> before.contains("/organisations/") ? "missing-role" : w.roleId;
                    case "users" -> w.ownerId;
                    case "apikeys" -> w.ownerKeyId;
                    case "ssh-keys" -> w.sshKeyId;
                    case "eggs" -> w.eggId;
                    case "invites" -> w.inviteId;
                    case "orders" -> w.orderId;
                    case "payment-methods" -> w.paymentMethodId;
                    default -> "missing-" + name;
                };
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** What an administrator reads of the world: any change a refused request made shows here. */
    String digest(World w, String admin) {
        StringBuilder all = new StringBuilder();
        for (String path : List.of("/api/servers/" + w.serverId, "/api/organisations/" + w.organisationId,
                "/api/organisations/" + w.organisationId + "/members", "/api/organisations/" + w.organisationId + "/invites",
                "/api/nodes/" + w.nodeId, "/api/admin/users/" + w.ownerId, "/api/roles", "/api/eggs/" + w.eggId,
                "/api/admin/orders/" + w.orderId, "/api/admin/payment-methods/" + w.paymentMethodId)) {
            all.append(path).append('=').append(stable(api().get(path, admin).body())).append('\n');
        }
        for (String path : List.of("/api/ssh-keys", "/api/apikeys", "/api/client/servers/" + w.identifier + "/users")) {
            all.append(path).append('=').append(stable(api().get(path, w.owner).body())).append('\n');
        }
        return all.toString();
    }

    private static String stable(String json) {
        if (json == null || json.isBlank()) {
            return "";
        }
        try (var reader = Json.createReader(new StringReader(json))) {
            return strip(reader.readValue()).toString();
        }
    }

    private static JsonValue strip(JsonValue value) {
        if (value instanceof JsonObject object) {
            var builder = Json.createObjectBuilder();
            object.forEach((k, v) -> {
                if (!VOLATILE.contains(k)) {
                    builder.add(k, strip(v));
                }
            });
            return builder.build();
        }
        if (value instanceof jakarta.json.JsonArray array) {
            var builder = Json.createArrayBuilder();
            array.forEach(v -> builder.add(strip(v)));
            return builder.build();
        }
        return value;
    }

    List<Op> operations() {
        ApiClient.Response document = api().send("GET", "/openapi", null, null, Map.of("Accept", "application/json"));
        assertEquals(200, document.status());
        List<Op> ops = new ArrayList<>();
        document.json().getJsonObject("paths").forEach((path, item) -> item.asJsonObject().forEach((method, operation) -> {
            if (Set.of("get", "put", "post", "delete", "patch").contains(method)) {
                ops.add(new Op(method.toUpperCase(java.util.Locale.ROOT), path, operation.asJsonObject()));
            }
        }));
        assertTrue(ops.size() > 100, "the document lists the API: " + ops.size());
        return ops;
    }

    /** Null when the answer is no server error, is JSON when it has a body, and has a documented status. */
    static String answered(Op op, ApiClient.Response response) {
        if (response.status() >= 500 && response.status() != 502 && response.status() != 503 && response.status() != 504) {
            return "server error " + response;
        }
        if (response.status() >= 400) {
            try {
                response.json().getString("error");
            } catch (AssertionError | RuntimeException e) {
                return "an error that is not {\"error\": ...} JSON: " + response;
            }
        }
        if (!op.documents(response.status())) {
            return "undocumented status " + response.status() + " (" + response.body().substring(0, Math.min(160,
                    response.body().length())) + ")";
        }
        return null;
    }
}
