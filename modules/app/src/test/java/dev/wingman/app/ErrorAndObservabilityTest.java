package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@HelidonTest
class ErrorAndObservabilityTest extends PanelTest {

    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(Map.of());
    }

    private static void assertJsonError(ApiClient.Response response, int status, String error) {
        assertEquals(status, response.status(), response.toString());
        assertThat(response.header("Content-Type"), containsString("application/json"));
        assertEquals(error, response.json().getString("error"));
        assertNotNull(response.header("X-Request-Id"));
    }

    @Test
    void malformedJsonAndWrongTypesAre400() {
        ApiClient.Response malformed = api().post("/api/auth/login", "{\"email\": ", null);
        assertEquals(400, malformed.status());
        assertThat(malformed.json().getString("error"), containsString("JSON"));
        assertThat(malformed.body(), not(containsString("at org.")));

        ApiClient.Response wrongType = api().put("/api/admin/features", "{\"billing\": [1, 2]}", adminToken());
        assertEquals(400, wrongType.status(), wrongType.toString());

        assertJsonError(api().post("/api/users/register", "", null), 400, "A JSON request body is required");
    }

    @Test
    void unknownRoutesMethodsAndMediaTypes() {
        assertJsonError(api().get("/api/does-not-exist", null), 404, "Route not found");
        assertJsonError(api().get("/nothing/here/either", null), 404, "Route not found");
        assertJsonError(api().send("DELETE", "/api/public/features", null, null, Map.of()), 405, "Method not allowed");
        assertJsonError(api().send("POST", "/api/auth/login", "email=a", null, Map.of("Content-Type", "text/plain")),
                415, "Unsupported media type: send application/json");
    }

    @Test
    void rawColonsInQueriesAreAcceptedAndBrokenEscapesRefused() {
        String admin = adminToken();
        ApiClient.Response colon = api().get("/api/admin/audit?from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z", admin);
        assertEquals(200, colon.status(), colon.toString());
        // java.net.http refuses to send a broken escape, so this one goes over a plain socket.
        try (java.net.Socket socket = new java.net.Socket(target.getUri().getHost(), target.getUri().getPort())) {
            socket.getOutputStream().write(("GET /api/admin/audit?from=%%% HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.setSoTimeout(5000);
            // Read until the JSON body is complete: the server may keep the connection open.
            StringBuilder received = new StringBuilder();
            byte[] buffer = new byte[1024];
            int read;
            while (received.indexOf("}") < 0 && (read = socket.getInputStream().read(buffer)) > 0) {
                received.append(new String(buffer, 0, read, java.nio.charset.StandardCharsets.UTF_8));
            }
            String response = received.toString();
            assertTrue(response.startsWith("HTTP/1.1 400"), response);
            assertTrue(response.contains("{\"error\":\"Malformed query string\"}"), response);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void everyResponseCarriesARequestIdAndAcceptsAClientOne() {
        ApiClient.Response chosen = api().send("GET", "/api/public/features", null, null, Map.of("X-Request-Id", "trace-123"));
        assertEquals("trace-123", chosen.header("X-Request-Id"));
        assertTrue(api().get("/health/live", null).header("X-Request-Id").matches("[0-9a-f]{24}"));
        ApiClient.Response hostile = api().send("GET", "/api/public/features", null, null, Map.of("X-Request-Id", "bad id\u00e9"));
        assertTrue(hostile.header("X-Request-Id").matches("[0-9a-f]{24}"), hostile.header("X-Request-Id"));
    }

    @Test
    void readinessChecksPostgresAndRedis() {
        ApiClient.Response ready = api().get("/health/ready", null);
        assertEquals(200, ready.status(), ready.toString());
        JsonObject body = ready.json();
        assertEquals("UP", body.getString("status"));
        assertThat(body.toString(), containsString("\"postgresql\""));
        assertThat(body.toString(), containsString("\"redis\""));
        assertThat(body.toString(), containsString("\"connected\":true"));
        assertEquals(200, api().get("/health/live", null).status());
    }

    @Test
    void metricsCountRequestsPerEndpoint() {
        api().get("/api/public/features", null);
        ApiClient.Response metrics = api().send("GET", "/metrics", null, null, Map.of("Accept", "text/plain"));
        assertEquals(200, metrics.status());
        assertThat(metrics.body(), containsString("REST_request_seconds_count"));
        assertThat(metrics.body(), containsString("PublicFeatureResource"));
    }

    @Test
    void openApiDescribesTheGroups() {
        ApiClient.Response openapi = api().get("/openapi", null);
        assertEquals(200, openapi.status());
        for (String expected : new String[] {"/api/auth/login", "/api/users/register", "/api/apikeys", "/api/admin/audit",
                "/api/organisations/{id}/members", "/api/organisations/invites/accept", "name: Organisations",
                "name: Authentication", "name: Admin", "name: Servers"}) {
            assertThat(openapi.body(), containsString(expected));
        }
        ApiClient.Response ui = api().send("GET", "/openapi/ui/index.html", null, null, Map.of());
        assertEquals(200, ui.status());
        assertThat(ui.header("Content-Type"), containsString("text/html"));
    }
}
