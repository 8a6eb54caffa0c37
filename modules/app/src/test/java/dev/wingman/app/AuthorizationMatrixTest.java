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
 * The authorization matrix, generated from the live {@code /openapi} document: every operation is
 * called as anonymous, as an account without any permission, as an API key with an empty scope,
 * as another tenant on resources that exist, and as an administrator. It fails on any 5xx, on an
 * access the operation's {@code x-wingman-access} does not allow, on a refused call that changed
 * data (read back), and on a status the operation does not document. An operation added tomorrow
 * is covered without touching this class.
 */
@HelidonTest
class AuthorizationMatrixTest extends OpenApiTest {
    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(NodeTestSupport.fastNodes());
    }

    private ApiClient.Response call(Op op, World w, String credential) {
        return api().send(op.method(), fill(op.path(), w), op.hasBody() ? "{}" : null, credential, Map.of());
    }

    @Test
    void everyOperationAnswersEveryRoleAsItDeclares() {
        String admin = adminToken();
        FakeWings wings = startWings();
        World a = world(admin, wings, 32000);
        World b = world(admin, wings, 32100);

        String bare = userToken("bare");
        String bareId = userId(bare);
        JsonObject bareMe = api().get("/api/users/me", bare).json();
        for (JsonValue role : bareMe.getJsonArray("roles")) {
            String roleId = role.asJsonObject().getString("id");
            assertEquals(200, api().delete("/api/users/" + bareId + "/roles/" + roleId, admin).status());
        }
        assertEquals(0, api().get("/api/users/me", bare).json().getJsonArray("permissions").size(), "an account without permissions");
        String emptyKey = api().post("/api/apikeys", "{\"name\":\"empty\",\"permissions\":[]}", a.owner()).json().getString("key");
        String tenant = userToken("tenant");
        api().post("/api/organisations", "{\"name\":\"Other\",\"handle\":\"o-" + UUID.randomUUID().toString().substring(0, 8)
                + "\"}", tenant);
        Set<String> tenantHolds = Set.copyOf(api().get("/api/users/me", tenant).json().getJsonArray("permissions")
                .getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList());

        List<Op> ops = operations();
        // Reads first, deletes after writes, and logging out last, so that no role ends its own session midway.
        ops.sort(Comparator.comparing((Op op) -> op.path().endsWith("/logout")).thenComparing(op -> op.method().equals("DELETE"))
                .thenComparing(op -> !op.method().equals("GET")));
        List<String> problems = new ArrayList<>();
        Map<String, Integer> calls = new LinkedHashMap<>();
        String known = digest(a, admin);
        for (Op op : ops) {
            if (!op.operation().containsKey("x-wingman-access")) {
                problems.add(op + ": declares no x-wingman-access");
                continue;
            }
            Map<String, String> roles = new LinkedHashMap<>();
            roles.put("anonymous", null);
            roles.put("bare", bare);
            roles.put("empty-scope key", emptyKey);
            roles.put("other tenant", tenant);
            for (Map.Entry<String, String> role : roles.entrySet()) {
                ApiClient.Response response = call(op, a, role.getValue());
                calls.merge(role.getKey(), 1, Integer::sum);
                String problem = judge(op, role.getKey(), response, tenantHolds);
                if (problem != null) {
                    problems.add(op + " as " + role.getKey() + ": " + problem);
                }
                if (!op.method().equals("GET")) {
                    // What the world looks like now; a refused call must have left it as it was.
                    String now = digest(a, admin);
                    if (response.status() >= 400 && !now.equals(known)) {
                        problems.add(op + " as " + role.getKey() + ": refused with " + response.status() + " but changed data");
                    }
                    known = now;
                }
            }
        }
        // The administrator last, on a world of its own, deleting last: every call must be answered as documented.
        List<Op> byMethod = new ArrayList<>(ops);
        byMethod.sort(Comparator.comparing((Op op) -> op.method().equals("DELETE")).thenComparing(op -> !op.method().equals("GET")));
        for (Op op : byMethod) {
            ApiClient.Response response = call(op, b, admin);
            calls.merge("admin", 1, Integer::sum);
            String problem = answered(op, response);
            if (problem != null) {
                problems.add(op + " as admin: " + problem);
            }
        }
        System.out.println("Authorization matrix: " + ops.size() + " operations, calls per role " + calls);
        if (!problems.isEmpty()) {
            fail(problems.size() + " problems:\n" + String.join("\n", problems));
        }
    }

    /** Null when the answer is what the declaration allows for this role. */
    static String judge(Op op, String role, ApiClient.Response response, Set<String> tenantHolds) {
        String answered = answered(op, response);
        if (answered != null) {
            return answered;
        }
        int status = response.status();
        String kind = op.kind();
        boolean addressed = op.path().contains("{");
        boolean refused = status == 401 || status == 403 || status == 404
                || (kind.equals("node") && status == 400); // Pterodactyl's answer to a bearer value that is no node token
        switch (role) {
            case "anonymous" -> {
                if (!kind.equals("public") && status != 401 && !(kind.equals("node") && status == 403)) {
                    return "expected 401, got " + response;
                }
            }
            case "bare" -> {
                if (kind.equals("permission") && status != 403) {
                    return "holds no " + op.access().getString("permission") + ", got " + response;
                }
                if ((kind.equals("resource") && addressed && !refused) || (kind.equals("node") && !refused)) {
                    return "reached another account's resource: " + response;
                }
            }
            case "empty-scope key" -> {
                if (kind.equals("permission") && status != 403) {
                    return "the key's scope names no permission, got " + response;
                }
                if (kind.equals("authenticated") && op.access().containsKey("scope") && status != 403) {
                    return "the key's scope lacks " + op.access().getString("scope") + ", got " + response;
                }
                if ((kind.equals("resource") && addressed && !refused) || (kind.equals("node") && !refused)) {
                    return "the key reaches no resource, got " + response;
                }
            }
            case "other tenant" -> {
                if (kind.equals("permission") && !tenantHolds.contains(op.access().getString("permission")) && status != 403) {
                    return "holds no " + op.access().getString("permission") + ", got " + response;
                }
                if (kind.equals("resource") && addressed && status != 404 && status != 403) {
                    return "another tenant's resource must be invisible, got " + response;
                }
                if (kind.equals("node") && !refused) {
                    return "a user is no node: " + response;
                }
            }
            default -> throw new IllegalArgumentException(role);
        }
        return null;
    }
}
