package dev.wingman.nodes.internal.wings;

import dev.wingman.platform.api.OutboundException;
import dev.wingman.platform.api.OutboundHttp;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;

import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;

/**
 * One HTTP exchange with a Wings agent, with Wings' authentication and error body
 * ({@code {"error": ...}}), over platform's {@link OutboundHttp}. A node that does not answer
 * (refused, reset, timed out) is thrown as {@link OutboundException}, so the caller's circuit
 * breaker counts it; any HTTP answer, even a 500 about one server, is returned: it proves the node
 * is up and answering, and one broken server must not cut the panel off from the healthy servers on
 * the same node.
 *
 * <p>Node URLs are set by administrators and nodes usually sit on private networks, so private
 * addresses are not refused here.
 */
@ApplicationScoped
public class WingsHttp {
    private static final int MAX_ANSWER_BYTES = 8 * 1024 * 1024;
    private OutboundHttp.Client client;

    @Inject
    WingsSettings settings;

    @Inject
    OutboundHttp outbound;

    /**
     * An answer from Wings: the status and the parsed JSON body, if any; {@code content} and
     * {@code mime} are the raw body and Wings' {@code X-Mime-Type} (file contents).
     */
    public record Reply(int status, JsonStructure body, String requestId, byte[] content, String mime) {
        public Reply(int status, JsonStructure body, String requestId) {
            this(status, body, requestId, new byte[0], null);
        }

        public String error() {
            if (body instanceof JsonObject object && object.get("error") instanceof jakarta.json.JsonString s) {
                return s.getString();
            }
            return "HTTP " + status;
        }
    }

    @PostConstruct
    void init() {
        client = outbound.client("wings")
                .connectTimeout(settings.connectTimeout())
                .requestTimeout(settings.readTimeout())
                .maxAnswerBytes(MAX_ANSWER_BYTES)
                .build();
    }

    /**
     * Sends one request. {@code baseUrl} is the node's Wings URL, {@code token} its plain token.
     *
     * @throws OutboundException when Wings did not answer in {@code timeout} or could not be reached
     */
    public Reply send(String baseUrl, String token, String method, String path, String jsonBody, Duration timeout) {
        OutboundHttp.Response response = client.request(method, stripSlash(baseUrl) + path)
                .bearer(token)
                .header("Content-Type", "application/json")
                .rawJson(jsonBody)
                .timeout(timeout)
                .send();
        return new Reply(response.status(), response.json(), response.header("X-Request-Id").orElse(null));
    }

    /**
     * Sends one request with a raw body ({@code body} of {@code contentType}, or none), reading at
     * most the client's limit of answer, and keeps the answer's raw bytes.
     */
    public Reply sendRaw(String baseUrl, String token, String method, String path, byte[] body, String contentType,
                         Duration timeout) {
        return reply(client.request(method, stripSlash(baseUrl) + path)
                .bearer(token)
                .header("Content-Type", "application/json")
                .bytes(body, contentType == null ? "application/json" : contentType)
                .timeout(timeout)
                .send());
    }

    /** Sends {@code length} bytes read from {@code body} as they go (a file written), and reads the short answer. */
    public Reply sendStream(String baseUrl, String token, String method, String path, java.io.InputStream body, long length,
                            String contentType, Duration timeout) {
        return reply(client.request(method, stripSlash(baseUrl) + path)
                .bearer(token)
                .stream(body, length, contentType)
                .timeout(timeout)
                .send());
    }

    /**
     * Sends a request without a body and answers once Wings' answer head arrived, its body still
     * to be read (a file's contents); {@link #reply(OutboundHttp.Streamed)} reads an error answer.
     */
    public OutboundHttp.Streamed open(String baseUrl, String token, String method, String path, Duration timeout) {
        return client.request(method, stripSlash(baseUrl) + path).bearer(token).timeout(timeout).open();
    }

    /** A streamed answer read whole (an error's JSON, at most the client's limit) and closed. */
    public Reply reply(OutboundHttp.Streamed answer) {
        return reply(answer.buffered(MAX_ANSWER_BYTES));
    }

    private static Reply reply(OutboundHttp.Response response) {
        // A file's bytes are not parsed as JSON: only an error or a JSON answer (an archive's stat) is.
        boolean json = response.status() >= 400 || response.header("Content-Type")
                .map(type -> type.toLowerCase(java.util.Locale.ROOT).contains("json")).orElse(false);
        return new Reply(response.status(), json ? response.json() : null, response.header("X-Request-Id").orElse(null),
                response.bytes(), response.header("X-Mime-Type").orElse(null));
    }

    /**
     * Opens a WebSocket on the node ({@code path} under its URL, {@code ws} for {@code http}): the
     * connection within the connect timeout, Wings' upgrade answer within the read timeout.
     */
    WebSocket webSocket(String baseUrl, String path, Map<String, String> headers, WebSocket.Listener listener) {
        return client.webSocket(stripSlash(baseUrl).replaceFirst("^http", "ws") + path, headers, listener);
    }

    static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public Duration defaultTimeout() {
        return settings.readTimeout();
    }
}
