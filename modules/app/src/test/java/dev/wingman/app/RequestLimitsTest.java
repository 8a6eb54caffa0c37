package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Requests the panel refuses before they cost it anything: bodies over the limit. */
@HelidonTest
class RequestLimitsTest extends PanelTest {
    static final int MIB = 1024 * 1024;

    @AddConfigSource
    static ConfigSource config() {
        // The panel-wide limit stays at its 1 MiB default; egg documents may be up to 3 MiB here.
        return panelConfig(Map.of("wingman.http.max-large-body-size", String.valueOf(3 * MIB)));
    }

    /** {"email": "<n bytes of a>", "password": "x"}: one big JSON string, as in the report. */
    static String bigLogin(int bytes) {
        return "{\"email\":\"" + "a".repeat(bytes) + "\",\"password\":\"x\"}";
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Sends the body with a declared Content-Length, or chunked (no length known up front). */
    ApiClient.Response send(String method, String path, String body, String token, boolean chunked) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.BodyPublisher publisher = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
                : HttpRequest.BodyPublishers.ofByteArray(bytes);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.getUri().toString().replaceAll("/$", "") + path))
                .timeout(Duration.ofSeconds(30)).version(HttpClient.Version.HTTP_1_1)
                // As careful clients do with large uploads: a body the panel refuses by its declared
                // length is then never sent, so the 413 is read instead of a write into a closed socket.
                .expectContinue(!chunked)
                .method(method, publisher).header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new ApiClient.Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new AssertionError("no answer to a " + bytes.length + "-byte body", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertTooLarge(ApiClient.Response response, long limit) {
        assertEquals(413, response.status(), response.toString());
        assertThat(response.header("Content-Type"), containsString("application/json"));
        assertEquals("Request body too large: at most " + limit + " bytes", response.json().getString("error"));
        assertNotNull(response.header("X-Request-Id"));
    }

    @Test
    void aBodyOverTheLimitIs413WhetherItDeclaresItsLengthOrNot() {
        assertTooLarge(send("POST", "/api/auth/login", bigLogin(2 * MIB), null, false), MIB);
        assertTooLarge(send("POST", "/api/auth/login", bigLogin(2 * MIB), null, true), MIB);
        // Over the largest limit any operation has: refused at the edge, before routing.
        assertTooLarge(send("POST", "/api/auth/login", bigLogin(4 * MIB), null, false), 3 * MIB);
        // Just under the limit is read and judged on its merits.
        ApiClient.Response fits = send("POST", "/api/auth/login", bigLogin(MIB - 100), null, true);
        assertEquals(400, fits.status(), fits.toString());
        assertThat(fits.json().getString("error"), containsString("email"));
        // The Pterodactyl surfaces answer 413 in their own error shape too. (Signed in: an anonymous
        // caller is refused with 401 before any of the body is read.)
        ApiClient.Response client = send("POST", "/api/client/account/ssh-keys", bigLogin(2 * MIB), userToken("big"), true);
        assertTooLarge(client, MIB);
        assertEquals(413 + "", client.json().getJsonArray("errors").getJsonObject(0).getString("status"));
    }

    static String eggOfSize(int bytes) {
        JsonObject egg = Json.createReader(new StringReader(EggTest.paperEgg("Big " + UUID.randomUUID().toString().substring(0, 8))))
                .readObject();
        JsonObject scripts = egg.getJsonObject("scripts");
        JsonObject installation = scripts.getJsonObject("installation");
        String script = installation.getString("script") + "\n#" + "x".repeat(bytes);
        return Json.createObjectBuilder(egg).add("scripts", Json.createObjectBuilder(scripts)
                .add("installation", Json.createObjectBuilder(installation).add("script", script))).build().toString();
    }

    @Test
    void eggDocumentsMayBeLargerThanOtherBodies() {
        String admin = adminToken();
        ApiClient.Response declared = send("POST", "/api/admin/eggs/import", eggOfSize(2 * MIB), admin, false);
        assertEquals(201, declared.status(), declared.status() + "");
        ApiClient.Response chunked = send("POST", "/api/admin/eggs/import", eggOfSize(2 * MIB), admin, true);
        assertEquals(201, chunked.status(), chunked.status() + "");
        String id = chunked.json().getString("id");
        ApiClient.Response replaced = send("PUT", "/api/admin/eggs/" + id, eggOfSize(2 * MIB), admin, true);
        assertEquals(200, replaced.status(), replaced.status() + "");

        assertTooLarge(send("POST", "/api/admin/eggs/import", eggOfSize(3 * MIB + 10), admin, true), 3 * MIB);
        assertTooLarge(send("PUT", "/api/admin/eggs/" + id, eggOfSize(3 * MIB + 10), admin, false), 3 * MIB);
        // Other admin operations keep the panel-wide limit.
        assertTooLarge(send("PUT", "/api/admin/features", "{\"x\":\"" + "a".repeat(2 * MIB) + "\"}", admin, true), MIB);
    }

    @Test
    void theOpenApiDocumentDeclares413WhereABodyIsTakenAnd503WherePasswordsAreHashed() {
        ApiClient.Response document = api().send("GET", "/openapi", null, null, Map.of("Accept", "application/json"));
        assertEquals(200, document.status(), document.toString());
        JsonObject paths = document.json().getJsonObject("paths");
        List<String> undeclared = new ArrayList<>();
        int withBody = 0;
        for (String path : paths.keySet()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : List.of("post", "put", "patch", "delete")) {
                JsonObject operation = item.getJsonObject(method);
                if (operation != null && operation.containsKey("requestBody")) {
                    withBody++;
                    if (!operation.getJsonObject("responses").containsKey("413")) {
                        undeclared.add(method.toUpperCase() + " " + path);
                    }
                }
            }
        }
        assertTrue(withBody > 30, "the document lists the operations that take bodies: " + withBody);
        assertEquals(List.of(), undeclared, "operations taking a body but not declaring 413");
        for (String[] hashing : new String[][] {{"post", "/api/auth/login"}, {"post", "/api/users/register"},
                {"put", "/api/users/me"}, {"post", "/api/auth/2fa/disable"}, {"post", "/api/remote/sftp/auth"}}) {
            assertTrue(paths.getJsonObject(hashing[1]).getJsonObject(hashing[0]).getJsonObject("responses").containsKey("503"),
                    hashing[0] + " " + hashing[1] + " declares 503");
        }
    }
}
