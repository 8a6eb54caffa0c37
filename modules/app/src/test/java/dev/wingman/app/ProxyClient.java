package dev.wingman.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A client of the panel's console proxy ({@code /api/client/servers/{id}/ws}) that keeps every
 * frame it gets and how it was closed.
 */
final class ProxyClient implements WebSocket.Listener {
    /** How the proxy closed a socket. */
    record Closed(int code, String reason) {
    }

    /** Frames not yet taken by {@link #next()}. */
    final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    /** Every frame, in order. */
    final List<String> all = new CopyOnWriteArrayList<>();
    /** The close code, once closed. */
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    volatile String reason;
    WebSocket socket;

    /** Opens a socket to the server's proxy on {@code panel}, with {@code query} ("" or "?..."). */
    static ProxyClient connect(URI panel, String identifier, String query) {
        ProxyClient client = new ProxyClient();
        String url = panel.toString().replaceFirst("^http", "ws") + "/api/client/servers/" + identifier + "/ws" + query;
        client.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), client).join();
        return client;
    }

    /** A socket that authenticates with its first frame, the only way the proxy takes a credential. */
    static ProxyClient authenticated(URI panel, String identifier, String credential) {
        ProxyClient client = connect(panel, identifier, "");
        client.send("{\"event\":\"auth\",\"args\":[\"" + credential + "\"]}");
        return client;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        frames.add(data.toString());
        all.add(data.toString());
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        this.reason = reason;
        closed.complete(statusCode);
        return null;
    }

    /** The next frame, within 5 s. */
    String next() throws InterruptedException {
        String frame = frames.poll(5, TimeUnit.SECONDS);
        assertNotNull(frame, "no frame within 5 s");
        return frame;
    }

    void send(String json) {
        socket.sendText(json, true).join();
    }

    /** How the socket was closed, waiting at most {@code seconds}. */
    Closed closedWithin(int seconds) throws Exception {
        int code = closed.get(seconds, TimeUnit.SECONDS);
        return new Closed(code, reason);
    }
}
