import java.io.FileWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console benchmark's client (bench/console-proxy.sh runs it with the JDK's source launcher).
 * It reads a FakeWings server's console directly (the JWT and socket from
 * {@code /api/client/servers/{id}/websocket}) and through the panel's proxy
 * ({@code /api/client/servers/{id}/ws}, the API key in a first {@code auth} frame), and makes FakeWings print stamped lines by
 * writing {@code PRINT <count> <per second>} to its control pipe.
 *
 * <pre>
 *   ConsoleLoad relay   PANEL KEY SERVER PIPE LINES           lines/s, direct then proxied
 *   ConsoleLoad latency PANEL KEY SERVER PIPE RATE SECONDS    delivery latency, both at once
 *   ConsoleLoad idle    PANEL KEY SERVER SESSIONS HOLD_S      opens proxied sessions and holds them
 * </pre>
 */
public class ConsoleLoad {
    private static final Pattern STAMP = Pattern.compile("bench (\\d+) (\\d+)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        String panel = args[1];
        String key = args[2];
        String server = args[3];
        switch (args[0]) {
            case "relay" -> relay(panel, key, server, args[4], Integer.parseInt(args[5]));
            case "latency" -> latency(panel, key, server, args[4], Integer.parseInt(args[5]), Integer.parseInt(args[6]));
            case "idle" -> idle(panel, key, server, Integer.parseInt(args[4]), Integer.parseInt(args[5]));
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.exit(0);
    }

    /** Counts stamped lines and keeps their delivery latency (receive clock minus stamp, microseconds). */
    static final class Reader implements WebSocket.Listener {
        final CountDownLatch authenticated = new CountDownLatch(1);
        final AtomicLong lines = new AtomicLong();
        volatile long firstNanos;
        volatile long lastNanos;
        final long[] latencies;
        private final StringBuilder partial = new StringBuilder();

        Reader(int keep) {
            latencies = new long[keep];
        }

        @Override
        public void onOpen(WebSocket socket) {
            socket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                if (frame.contains("\"auth success\"")) {
                    authenticated.countDown();
                } else if (frame.contains("console output")) {
                    Matcher m = STAMP.matcher(frame);
                    if (m.find()) {
                        Instant now = Instant.now();
                        long received = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
                        long n = lines.getAndIncrement();
                        if (n == 0) {
                            firstNanos = System.nanoTime();
                        }
                        lastNanos = System.nanoTime();
                        if (n < latencies.length) {
                            latencies[(int) n] = received - Long.parseLong(m.group(1));
                        }
                    }
                }
            }
            socket.request(1);
            return null;
        }
    }

    private static String get(String url, String key) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    /** A direct session to Wings with a console JWT from the panel, authenticated. */
    static WebSocket direct(String panel, String key, String server, Reader reader) throws Exception {
        String credentials = get(panel + "/api/client/servers/" + server + "/websocket", key);
        WebSocket socket = HTTP.newWebSocketBuilder().header("Origin", panel)
                .buildAsync(URI.create(field(credentials, "socket")), reader).get(10, TimeUnit.SECONDS);
        socket.sendText("{\"event\":\"auth\",\"args\":[\"" + field(credentials, "token") + "\"]}", true);
        awaitAuth(reader);
        return socket;
    }

    /** A session through the panel's console proxy, authenticated with the API key in its first frame. */
    static CompletableFuture<WebSocket> proxied(HttpClient client, String panel, String key, String server, Reader reader) {
        return client.newWebSocketBuilder().buildAsync(URI.create(panel.replaceFirst("^http", "ws") + "/api/client/servers/"
                + server + "/ws"), reader)
                .thenCompose(socket -> socket.sendText("{\"event\":\"auth\",\"args\":[\"" + key + "\"]}", true));
    }

    private static void awaitAuth(Reader reader) throws InterruptedException {
        if (!reader.authenticated.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no auth success within 30 s");
        }
    }

    private static void print(String pipe, int count, int perSecond) throws IOException {
        try (FileWriter control = new FileWriter(pipe)) {
            control.write("PRINT " + count + " " + perSecond + "\n");
        }
    }

    private static void awaitLines(Reader reader, long count, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (reader.lines.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** One flat-out burst of {@code lines} read directly, then one read through the proxy. */
    static void relay(String panel, String key, String server, String pipe, int lines) throws Exception {
        for (String path : List.of("direct", "proxy")) {
            Reader reader = new Reader(0);
            WebSocket socket = path.equals("direct") ? direct(panel, key, server, reader)
                    : proxied(HTTP, panel, key, server, reader).get(10, TimeUnit.SECONDS);
            awaitAuth(reader);
            print(pipe, lines, 0);
            awaitLines(reader, lines, Duration.ofSeconds(120));
            double seconds = (reader.lastNanos - reader.firstNanos) / 1e9;
            System.out.printf("| relay, %s | %d | %.0f |%n", path, reader.lines.get(), reader.lines.get() / seconds);
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
            Thread.sleep(500);
        }
    }

    /** Both paths read the same paced lines at once; answers their delivery latency percentiles. */
    static void latency(String panel, String key, String server, String pipe, int rate, int seconds) throws Exception {
        int total = rate * seconds;
        Reader direct = new Reader(total);
        Reader proxy = new Reader(total);
        WebSocket a = direct(panel, key, server, direct);
        WebSocket b = proxied(HTTP, panel, key, server, proxy).get(10, TimeUnit.SECONDS);
        awaitAuth(proxy);
        print(pipe, total, rate);
        awaitLines(direct, total, Duration.ofSeconds(seconds + 60L));
        awaitLines(proxy, total, Duration.ofSeconds(60));
        for (var entry : List.of(List.of("direct", direct), List.of("proxy", proxy))) {
            Reader reader = (Reader) entry.get(1);
            int n = (int) Math.min(reader.lines.get(), total);
            long[] sorted = Arrays.copyOf(reader.latencies, n);
            Arrays.sort(sorted);
            System.out.printf("| latency at %d lines/s, %s | %d | %.2f ms | %.2f ms | %.2f ms |%n", rate, entry.get(0), n,
                    sorted[n / 2] / 1000.0, sorted[(int) (n * 0.99)] / 1000.0, sorted[n - 1] / 1000.0);
        }
        a.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        b.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        Thread.sleep(500);
    }

    /** Opens {@code sessions} proxied sessions, waits until each is authenticated at Wings, and holds them. */
    static void idle(String panel, String key, String server, int sessions, int holdSeconds) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        List<Reader> readers = new ArrayList<>();
        List<WebSocket> sockets = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < sessions; i++) {
            Reader reader = new Reader(0);
            readers.add(reader);
            sockets.add(proxied(client, panel, key, server, reader).get(30, TimeUnit.SECONDS));
        }
        for (Reader reader : readers) {
            awaitAuth(reader);
        }
        System.out.printf("ready %d sessions in %.1f s%n", sessions, (System.nanoTime() - started) / 1e9);
        System.out.flush();
        Thread.sleep(holdSeconds * 1000L);
        sockets.forEach(s -> s.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
        Thread.sleep(1000);
    }
}
