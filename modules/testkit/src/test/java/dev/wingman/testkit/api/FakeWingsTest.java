package dev.wingman.testkit.api;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FakeWings speaks Wings' HTTP and console protocol as the reference describes it. */
class FakeWingsTest {
    private static final String TOKEN = "node-token-0123456789abcdef0123456789abcdef0123456789abcdef012345";
    private final HttpClient http = HttpClient.newHttpClient();
    private FakeWings wings;

    @AfterEach
    void stop() {
        if (wings != null) {
            wings.close();
        }
    }

    private HttpResponse<String> call(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(wings.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void httpAuthenticationAndServerEndpoints() throws Exception {
        wings = FakeWings.start(TOKEN);
        HttpResponse<String> missing = call("GET", "/api/system", null, null);
        assertEquals(401, missing.statusCode());
        assertEquals("{\"error\":\"The required authorization heads were not present in the request.\"}", missing.body());
        assertEquals("Bearer", missing.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals(403, call("GET", "/api/system", null, "wrong").statusCode());
        HttpResponse<String> system = call("GET", "/api/system", null, TOKEN);
        assertEquals(200, system.statusCode());
        assertTrue(system.headers().firstValue("X-Request-Id").isPresent());

        String uuid = UUID.randomUUID().toString();
        assertEquals(422, call("POST", "/api/servers", "{\"uuid\":\"not-a-uuid\"}", TOKEN).statusCode());
        assertEquals(202, call("POST", "/api/servers", "{\"uuid\":\"" + uuid + "\"}", TOKEN).statusCode());
        assertEquals(502, call("POST", "/api/servers/" + uuid + "/commands", "{\"commands\":[\"list\"]}", TOKEN).statusCode());
        assertEquals(422, call("POST", "/api/servers/" + uuid + "/power", "{\"action\":\"dance\"}", TOKEN).statusCode());
        assertEquals(202, call("POST", "/api/servers/" + uuid + "/power", "{\"action\":\"start\"}", TOKEN).statusCode());
        await(() -> wings.server(uuid).state().equals("running"));
        assertEquals(204, call("POST", "/api/servers/" + uuid + "/commands", "{\"commands\":[\"list\"]}", TOKEN).statusCode());
        assertEquals(List.of("list"), wings.server(uuid).commands());
        assertEquals(404, call("GET", "/api/servers/" + UUID.randomUUID(), null, TOKEN).statusCode());
        assertEquals(400, call("POST", "/api/servers/" + uuid + "/power", "", TOKEN).statusCode());
    }

    @Test
    void consoleFollowsTheWingsWebsocketProtocol() throws Exception {
        wings = FakeWings.start(TOKEN);
        String uuid = UUID.randomUUID().toString();
        wings.addServer(uuid).state("running").print("Done (3.2s)! For help, type \"help\"");
        Console console = Console.open(wings, uuid);

        console.send("send logs");
        assertEquals("jwt error [jwt: no jwt present]", console.next());
        console.send("auth", "not.a.jwt");
        assertEquals("daemon error [Error Event [" + uuid + "]: an unexpected error was encountered while handling this request]",
                console.next());
        console.send("auth", jwt(uuid, List.of("control.console"), 600, null));
        assertEquals("jwt error [Error Event [" + uuid + "]: jwt: missing connect permission]", console.next());
        console.send("auth", jwt(uuid, List.of("websocket.connect"), -10, null));
        assertEquals("jwt error [Error Event [" + uuid + "]: jwt: exp claim is invalid]", console.next());

        console.send("auth", jwt(uuid, List.of("websocket.connect", "control.console"), 600, "jti-1"));
        assertEquals("auth success", console.next());
        assertEquals("status [running]", console.next());
        console.send("send logs");
        assertEquals("console output [Done (3.2s)! For help, type \"help\"]", console.next());
        console.send("send command", "say hi");
        assertEquals("console output [> say hi]", console.next());
        assertEquals(List.of("say hi"), wings.server(uuid).commands());

        console.send("set state", "stop");
        console.send("send stats");
        assertTrue(console.next().startsWith("stats ["), "set state without control.stop is ignored silently");
        assertEquals("running", wings.server(uuid).state());

        console.send("auth", jwt(uuid, List.of("*"), 600, "jti-1"));
        assertEquals("auth success", console.next(), "a refreshed token sends only auth success");
        console.send("set state", "stop");
        assertEquals("status [stopping]", console.next());
        assertEquals("status [offline]", console.next());
        assertTrue(console.next().startsWith("stats [{\"memory_bytes\":0"), "zeroed stats follow the server going offline");

        assertEquals(204, call("POST", "/api/servers/" + uuid + "/ws/deny", "{\"jtis\":[\"jti-1\"]}", TOKEN).statusCode());
        console.send("auth", jwt(uuid, List.of("*"), 600, "jti-1"));
        assertEquals("jwt error [Error Event [" + uuid + "]: jwt: created too far in past (denylist)]", console.next());

        assertEquals(204, call("DELETE", "/api/servers/" + uuid, null, TOKEN).statusCode());
        assertEquals("deleted [null]", console.next());
        assertEquals(1001, console.closed.get(5, TimeUnit.SECONDS));
    }

    @Test
    void expiringTokensAreAnnouncedAndUnknownServersRefused() throws Exception {
        wings = FakeWings.start(TOKEN, Duration.ofMillis(200));
        String uuid = UUID.randomUUID().toString();
        wings.addServer(uuid);
        Console console = Console.open(wings, uuid);
        console.send("auth", jwt(uuid, List.of("*"), 30, null));
        assertEquals("auth success", console.next());
        assertEquals("status [offline]", console.next());
        assertTrue(console.next().startsWith("stats ["), "an offline server's stats follow the first auth");
        assertEquals("token expiring", console.next());

        CompletionException refused = assertThrows(CompletionException.class,
                () -> Console.open(wings, UUID.randomUUID().toString()));
        assertNotNull(refused.getCause());
    }

    @Test
    void serversAreOneObjectEachUntilForgottenAndModesReachTheListener() throws Exception {
        wings = FakeWings.start(TOKEN);
        String uuid = UUID.randomUUID().toString();
        FakeWings.Server added = wings.addServer(uuid).state("running");
        assertSame(added, wings.server(uuid));
        assertSame(added, wings.servers().get(uuid));
        wings.removeServer(uuid);
        assertNull(wings.server(uuid));
        FakeWings.Server again = wings.addServer(uuid);
        assertNotSame(added, again);
        assertEquals("offline", again.state(), "a server added again starts afresh");

        int port = wings.port();
        wings.mode(FakeWings.Mode.FAIL);
        assertEquals(500, call("GET", "/api/system", null, TOKEN).statusCode());
        wings.mode(FakeWings.Mode.DOWN);
        assertThrows(java.io.IOException.class, () -> call("GET", "/api/system", null, TOKEN));
        wings.mode(FakeWings.Mode.UP);
        assertEquals(port, wings.port());
        assertEquals(200, call("GET", "/api/system", null, TOKEN).statusCode());
        assertEquals(FakeWings.Mode.UP, wings.mode());
    }

    /** An HS256 token signed with the node token, shaped like the panel's. */
    static String jwt(String serverUuid, List<String> permissions, long expiresIn, String jti) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        JsonArrayBuilder granted = Json.createArrayBuilder();
        permissions.forEach(granted::add);
        String header = Json.createObjectBuilder().add("typ", "JWT").add("alg", "HS256").build().toString();
        String payload = Json.createObjectBuilder().add("iss", "https://panel.test").add("aud", Json.createArrayBuilder().add("node"))
                .add("jti", jti == null ? UUID.randomUUID().toString() : jti).add("iat", now).add("nbf", now - 300)
                .add("exp", now + expiresIn).add("server_uuid", serverUuid).add("user_uuid", UUID.randomUUID().toString())
                .add("permissions", granted).build().toString();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signing = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return signing + "." + b64.encodeToString(mac.doFinal(signing.getBytes(StandardCharsets.US_ASCII)));
    }

    static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (!condition.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < deadline, "timed out");
            Thread.sleep(20);
        }
    }

    /** A console client: frames received are rendered as "event [arg, ...]". */
    static final class Console implements WebSocket.Listener {
        final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        static Console open(FakeWings wings, String uuid) {
            Console console = new Console();
            console.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create(wings.url().replace("http", "ws") + "/api/servers/" + uuid + "/ws"), console).join();
            return console;
        }

        void send(String event, String... args) {
            JsonArrayBuilder list = Json.createArrayBuilder();
            for (String arg : args) {
                list.add(arg);
            }
            socket.sendText(Json.createObjectBuilder().add("event", event).add("args", list).build().toString(), true).join();
        }

        String next() throws InterruptedException {
            String frame = frames.poll(5, TimeUnit.SECONDS);
            assertNotNull(frame, "no frame within 5 s");
            return frame;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonObject frame = Json.createReader(new StringReader(partial.toString())).readObject();
                partial.setLength(0);
                String args = frame.containsKey("args") ? " " + frame.getJsonArray("args").getValuesAs(jakarta.json.JsonString.class)
                        .stream().map(jakarta.json.JsonString::getString).toList() : "";
                frames.add(frame.getString("event") + args);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }
    }
}
