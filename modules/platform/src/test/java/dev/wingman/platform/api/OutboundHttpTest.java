package dev.wingman.platform.api;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.bind.config.PropertyNamingStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboundHttpTest {
    private final OutboundHttp outbound = new OutboundHttp();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;
    private String base;
    private volatile String lastBody;
    private volatile String lastAuthorization;

    public record Thing(String id, List<String> nameServers, Integer ttl) {
    }

    /** Not generic: Yasson 3.0 cannot bind a record component typed by a type variable. */
    public record Envelope(Boolean success, Thing result) {
    }

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/thing", ex -> {
            lastBody = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            lastAuthorization = ex.getRequestHeaders().getFirst("Authorization");
            byte[] body = "{\"success\":true,\"result\":{\"id\":\"z1\",\"name_servers\":[\"a\",\"b\"],\"extra\":1}}"
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(201, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/echo", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().add("Content-Type", ex.getRequestHeaders().getFirst("Content-Type"));
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/hang", ex -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        outbound.close();
    }

    private OutboundHttp.Client client() {
        return outbound.client("test").naming(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES).build();
    }

    @Test
    void bindsRequestAndAnswerWithJsonb() throws Exception {
        OutboundHttp.Response response = client().request("POST", base + "/thing").bearer("t0k")
                .json(new Thing("x", List.of("n"), null)).send();
        assertEquals(201, response.status());
        assertEquals("Bearer t0k", lastAuthorization);
        assertEquals("{\"id\":\"x\",\"name_servers\":[\"n\"]}", lastBody, "snake_case, nulls left out");
        Envelope envelope = response.as(Envelope.class);
        assertTrue(envelope.success());
        assertEquals("z1", envelope.result().id());
        assertEquals(List.of("a", "b"), envelope.result().nameServers());
        assertNull(envelope.result().ttl(), "unknown fields ignored, absent ones null");
    }

    @Test
    void noAnswerIsAnOutboundException() throws Exception {
        OutboundException late = assertThrows(OutboundException.class,
                () -> client().request("GET", base + "/hang").timeout(Duration.ofMillis(200)).send());
        assertEquals(OutboundException.Failure.TIMEOUT, late.failure());
        assertEquals("no answer within 200 ms", late.getMessage());

        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        int port = closed;
        OutboundException refused = assertThrows(OutboundException.class,
                () -> client().request("GET", "http://127.0.0.1:" + port + "/").send());
        assertEquals(OutboundException.Failure.UNREACHABLE, refused.failure());
        assertEquals("unreachable", refused.reason());
    }

    @Test
    void anAnswerLargerThanTheClientAcceptsIsCutOff() {
        server.createContext("/huge", ex -> {
            ex.sendResponseHeaders(200, 0); // chunked, no declared length
            byte[] chunk = new byte[64 * 1024];
            try {
                for (int i = 0; i < 64; i++) { // 4 MiB
                    ex.getResponseBody().write(chunk);
                }
            } catch (java.io.IOException gone) {
                // the client hung up once it had enough
            }
            ex.close();
        });
        OutboundHttp.Client small = outbound.client("small").maxAnswerBytes(256 * 1024).build();
        OutboundException tooLarge = assertThrows(OutboundException.class, () -> small.request("GET", base + "/huge").send());
        assertEquals(OutboundException.Failure.TOO_LARGE, tooLarge.failure());
        assertEquals(201, client().request("GET", base + "/thing").send().status(), "ordinary answers are read as before");
    }

    @Test
    void theAddressGuardRefusesPrivateTargetsBeforeConnecting() {
        OutboundHttp.Client guarded = outbound.client("user-urls").refusePrivateAddresses(true).build();
        OutboundException refused = assertThrows(OutboundException.class, () -> guarded.request("GET", base + "/thing").send());
        assertEquals(OutboundException.Failure.ADDRESS_REFUSED, refused.failure());
        assertTrue(refused instanceof OutboundException.Rejected, "not counted against a breaker");
        assertNull(lastBody, "nothing was sent");
        for (String url : List.of("http://localhost/", "http://10.0.0.8/", "http://172.16.3.4/", "http://192.168.1.1/",
                "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/", "http://0.0.0.0/", "http://[::1]/",
                "http://[fd00::1]/", "http://[fe80::1]/", "http://[::ffff:127.0.0.1]/", "http://[::127.0.0.1]/",
                "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:0a00:0001::1]/", "http://[2001:0:4136:e378::1]/")) {
            assertThrows(OutboundException.Rejected.class, () -> OutboundHttp.AddressPolicy.requirePublic(URI.create(url)), url);
        }
    }

    @Test
    void publicAddressesPass() throws Exception {
        for (String ip : List.of("1.1.1.1", "8.8.8.8", "2606:4700:4700::1111", "100.128.0.1", "172.32.0.1",
                "64:ff9b::808:808", "2002:0808:0808::1")) {
            assertTrue(OutboundHttp.AddressPolicy.isPublic(InetAddress.getByName(ip)), ip);
        }
        assertFalse(OutboundHttp.AddressPolicy.isPublic(InetAddress.getByName("127.5.5.5")));
    }

    @Test
    void rawBytesGoAndComeBackUntouchedAndARequestCanLimitItsAnswer() {
        byte[] binary = {0, (byte) 0xFF, (byte) 0xC3, 0x28, 'a'};
        OutboundHttp.Response echoed = client().request("POST", base + "/echo").bytes(binary, "application/octet-stream").send();
        assertEquals(200, echoed.status());
        assertEquals(java.util.Arrays.toString(binary), java.util.Arrays.toString(echoed.bytes()), "not decoded as text");
        assertEquals("application/octet-stream", echoed.header("Content-Type").orElseThrow());

        assertEquals(5, client().request("POST", base + "/echo").bytes(binary, "x/y").maxAnswerBytes(5).send().bytes().length,
                "exactly the limit is read");
        OutboundException refused = assertThrows(OutboundException.class, () -> client().request("POST", base + "/echo")
                .bytes(binary, "x/y").maxAnswerBytes(4).send());
        assertEquals(OutboundException.Failure.TOO_LARGE, refused.failure());
        assertTrue(refused instanceof OutboundException.Rejected, "the caller's own limit: no failure of the target");
    }

    @Test
    void anOpenedAnswerStreamsItsBodyAndAStallMidBodyFailsTheReadInTime() throws Exception {
        byte[] first = new byte[200 * 1024];
        new java.util.Random(3).nextBytes(first);
        server.createContext("/stall", ex -> {
            ex.sendResponseHeaders(200, 0); // chunked
            ex.getResponseBody().write(first);
            ex.getResponseBody().flush();
            try {
                release.await(); // then nothing more
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        try (OutboundHttp.Streamed answer = client().request("GET", base + "/stall").timeout(Duration.ofMillis(300)).open()) {
            assertEquals(200, answer.status());
            assertTrue(answer.contentLength().isEmpty());
            assertEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(answer.body().readNBytes(first.length)),
                    "what arrived is handed on before the end");
            long started = System.nanoTime();
            java.io.IOException stalled = assertThrows(java.io.IOException.class, () -> answer.body().read());
            long took = (System.nanoTime() - started) / 1_000_000;
            assertTrue(took >= 250 && took < 3000, "failed after the idle timeout: " + took + " ms");
            assertEquals(OutboundException.Failure.TIMEOUT, OutboundHttp.Streamed.failure(stalled).failure());
        }
        try (OutboundHttp.Streamed echoed = client().request("POST", base + "/echo").bytes(first, "x/y").open()) {
            assertEquals(String.valueOf(first.length), echoed.header("content-length").orElseThrow());
            assertEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(echoed.body().readAllBytes()));
        }
    }

    @Test
    void aStreamedRequestBodyIsSentWithItsLengthAndItsOwnFailureIsNotTheTargets() {
        java.util.concurrent.atomic.AtomicReference<String> length = new java.util.concurrent.atomic.AtomicReference<>();
        server.createContext("/length", ex -> {
            length.set(ex.getRequestHeaders().getFirst("Content-Length"));
            byte[] body = ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        byte[] content = new byte[300 * 1024];
        new java.util.Random(5).nextBytes(content);
        OutboundHttp.Response sent = client().request("POST", base + "/length")
                .stream(new java.io.ByteArrayInputStream(content), content.length, "application/octet-stream").send();
        assertEquals(String.valueOf(content.length), length.get(), "a declared length, not chunks");
        assertEquals(java.util.Arrays.toString(content), java.util.Arrays.toString(sent.bytes()));

        java.io.IOException broken = new java.io.IOException("the client went away");
        java.io.InputStream failing = new java.io.InputStream() {
            private int left = 1000;

            @Override
            public int read() throws java.io.IOException {
                if (left == 0) {
                    throw broken;
                }
                left--;
                return 'x';
            }
        };
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> client()
                .request("POST", base + "/length").stream(failing, 5000, "application/octet-stream").send());
        OutboundHttp.SourceFailed failed = assertInstanceOf(OutboundHttp.SourceFailed.class, thrown, thrown.toString());
        assertEquals(broken, failed.getCause());
        OutboundHttp.SourceFailed shorter = assertThrows(OutboundHttp.SourceFailed.class, () -> client()
                .request("POST", base + "/length").stream(new java.io.ByteArrayInputStream(new byte[10]), 5000, "x/y").send());
        assertEquals("the body ended after 10 of its 5000 bytes", shorter.getMessage());
    }
}
