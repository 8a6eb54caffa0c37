package dev.wingman.platform.api;

import static dev.wingman.platform.api.JsonSupport.JSON;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonStructure;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.config.PropertyNamingStrategy;
import org.eclipse.microprofile.metrics.MetricRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.reflect.Type;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * How a module calls an external API: one {@link Client} per API (the JDK HTTP client behind it,
 * JSON bodies bound by JSON-B), one {@link OutboundGuard} per target of that API (circuit breaker,
 * bulkhead, timeout and meters). A call is {@code guard.call(kind, () -> client.request(...).send())}.
 *
 * <p>No answer at all (refused, reset, timed out) is an {@link OutboundException}; any HTTP answer,
 * whatever its status, is a {@link Response}. Redirects are never followed.
 */
@ApplicationScoped
public class OutboundHttp {
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Client> clients = new CopyOnWriteArrayList<>();

    @Inject
    MetricRegistry metrics;

    /** A client for one API; configure it, then {@link ClientBuilder#build()}. */
    public ClientBuilder client(String name) {
        return new ClientBuilder(name);
    }

    /**
     * A guard for one target, named {@code name} (the breaker's name in logs), its meters tagged
     * with {@code tags} ({@code Map.of("target", "cloudflare")}).
     */
    public OutboundGuard.Builder guard(String name, Map<String, String> tags) {
        return new OutboundGuard.Builder(metrics, name, tags);
    }

    /**
     * Starts an orderly shutdown without waiting: {@code HttpClient.close()} would block until
     * every exchange ends, and a proxied console WebSocket may last minutes. Nothing is interrupted
     * (Helidon 4.2.0's meter registry deadlocks when interrupted threads touch meters at shutdown).
     */
    @PreDestroy
    void close() {
        clients.forEach(c -> c.http.shutdown());
        executor.shutdown();
    }

    public final class ClientBuilder {
        private final String name;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(15);
        private String naming;
        private boolean refusePrivateAddresses;
        private int maxAnswerBytes = 8 * 1024 * 1024;
        private final Map<String, String> headers = new LinkedHashMap<>(Map.of("User-Agent", "Wingman"));

        private ClientBuilder(String name) {
            this.name = name;
        }

        /** How long opening a connection may take (5 s unless set). */
        public ClientBuilder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** How long an answer may take once sent, unless a request sets its own (15 s unless set). */
        public ClientBuilder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /**
         * JSON-B property naming for bodies (a {@link PropertyNamingStrategy} constant):
         * {@code LOWER_CASE_WITH_UNDERSCORES} binds {@code nameServers} to {@code name_servers}.
         */
        public ClientBuilder naming(String strategy) {
            this.naming = strategy;
            return this;
        }

        /**
         * The largest answer body read (8 MiB unless set); a larger one is cut off as it arrives
         * and the call fails with {@link OutboundException.Failure#TOO_LARGE}, so a broken or
         * hostile target cannot fill the heap.
         */
        public ClientBuilder maxAnswerBytes(int bytes) {
            this.maxAnswerBytes = bytes;
            return this;
        }

        /** A header sent with every request. */
        public ClientBuilder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /**
         * Refuses, before connecting, hosts that resolve to loopback, private (RFC 1918, unique
         * local), link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, multicast or
         * unspecified addresses. It must be on for every URL that someone other than an
         * administrator can choose (a webhook, an avatar or egg URL to fetch); URLs only
         * administrators configure (Wings nodes, a provider's API base) may stay off, since nodes
         * often live on private networks.
         */
        public ClientBuilder refusePrivateAddresses(boolean refuse) {
            this.refusePrivateAddresses = refuse;
            return this;
        }

        public Client build() {
            Client client = new Client(this);
            clients.add(client);
            return client;
        }
    }

    /** One API's client: its connection settings, default headers and JSON binding. */
    public final class Client {
        private final String name;
        private final HttpClient http;
        private final Jsonb jsonb;
        private final Duration requestTimeout;
        private final Duration connectTimeout;
        private final boolean refusePrivateAddresses;
        private final int maxAnswerBytes;
        private final Map<String, String> headers;

        private Client(ClientBuilder b) {
            this.name = b.name;
            this.requestTimeout = b.requestTimeout;
            this.connectTimeout = b.connectTimeout;
            this.refusePrivateAddresses = b.refusePrivateAddresses;
            this.maxAnswerBytes = b.maxAnswerBytes;
            this.headers = Map.copyOf(b.headers);
            http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(b.connectTimeout)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .executor(executor)
                    .build();
            JsonbConfig config = new JsonbConfig();
            if (b.naming != null) {
                config.withPropertyNamingStrategy(b.naming);
            }
            jsonb = JsonbBuilder.create(config);
        }

        public String name() {
            return name;
        }

        /** A request to {@code url}; add headers and a body, then {@link Request#send()}. */
        public Request request(String method, String url) {
            return new Request(this, method, URI.create(url));
        }

        /** A JSON body as this client writes it. */
        public String toJson(Object body) {
            return jsonb.toJson(body);
        }

        /**
         * Opens a WebSocket to {@code url} ({@code ws://} or {@code wss://}): the connection within
         * the connect timeout, the upgrade's answer within the request timeout. A refused upgrade is
         * {@link OutboundException.Rejected} with the status; no answer is {@link OutboundException}.
         */
        public WebSocket webSocket(String url, Map<String, String> headers, WebSocket.Listener listener) {
            URI uri = URI.create(url);
            checkAddress(uri);
            WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(connectTimeout);
            headers.forEach(builder::header);
            CompletableFuture<WebSocket> opening = builder.buildAsync(uri, listener);
            try {
                return opening.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                opening.thenAccept(WebSocket::abort);
                throw new OutboundException(OutboundException.Failure.TIMEOUT,
                        "no WebSocket upgrade within " + requestTimeout.toMillis() + " ms");
            } catch (InterruptedException e) {
                Thread.interrupted();
                opening.thenAccept(WebSocket::abort);
                throw new OutboundException(OutboundException.Failure.TIMEOUT, "no answer in time");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof WebSocketHandshakeException refused) {
                    int status = refused.getResponse().statusCode();
                    throw new OutboundException.Rejected(OutboundException.Failure.REJECTED, status,
                            "WebSocket upgrade refused (HTTP " + status + ")");
                }
                if (cause instanceof HttpConnectTimeoutException) {
                    throw new OutboundException(OutboundException.Failure.UNREACHABLE, "connection timed out");
                }
                if (cause instanceof HttpTimeoutException) {
                    throw new OutboundException(OutboundException.Failure.TIMEOUT,
                            "no WebSocket upgrade within " + requestTimeout.toMillis() + " ms");
                }
                throw new OutboundException(OutboundException.Failure.UNREACHABLE,
                        cause instanceof IOException io ? describe(io) : String.valueOf(cause));
            }
        }

        private void checkAddress(URI uri) {
            if (refusePrivateAddresses) {
                AddressPolicy.requirePublic(uri);
            }
        }
    }

    /** One request; nothing is sent until {@link #send()}. */
    public static final class Request {
        private final Client client;
        private final String method;
        private final URI uri;
        private final Map<String, String> headers;
        private byte[] body;
        private InputStream source;
        private long sourceLength;
        private Duration timeout;
        private long maxAnswerBytes = -1;

        private Request(Client client, String method, URI uri) {
            this.client = client;
            this.method = method;
            this.uri = uri;
            this.headers = new LinkedHashMap<>(client.headers);
            this.headers.put("Accept", "application/json");
        }

        public Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Request bearer(String token) {
            return header("Authorization", "Bearer " + token);
        }

        /** A body bound by the client's JSON-B (a record, a map, a list); null sends none. */
        public Request json(Object value) {
            return value == null ? this : rawJson(client.toJson(value));
        }

        /** A body that is JSON already; null sends none. */
        public Request rawJson(String json) {
            this.body = json == null ? null : json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            this.source = null;
            if (json != null) {
                headers.put("Content-Type", "application/json");
            }
            return this;
        }

        /** A body of raw bytes (a file's contents) of {@code contentType}; null sends none. */
        public Request bytes(byte[] content, String contentType) {
            this.body = content;
            this.source = null;
            if (content != null) {
                headers.put("Content-Type", contentType);
            }
            return this;
        }

        /**
         * A body read from {@code content} as it is sent, {@code length} bytes of {@code contentType}
         * (sent as its Content-Length), so a large upload is relayed without being held. Should the
         * stream fail (the panel's own client went away, or sent more than the panel accepts),
         * {@link #send()} throws {@link SourceFailed} with that failure as the cause: not the
         * target's fault, so its breaker does not count it.
         */
        public Request stream(InputStream content, long length, String contentType) {
            this.source = content;
            this.sourceLength = length;
            this.body = null;
            headers.put("Content-Type", contentType);
            return this;
        }

        /**
         * This request accepts at most {@code bytes} of answer (a file the caller shows only up to a
         * size) instead of the client's limit. A larger answer is cut off as it arrives and fails
         * with {@link OutboundException.Rejected} ({@code TOO_LARGE}): the caller's own limit, which
         * says nothing about the target's health.
         */
        public Request maxAnswerBytes(long bytes) {
            this.maxAnswerBytes = bytes;
            return this;
        }

        /** How long the answer may take once the request is sent (the client's request timeout unless set). */
        public Request timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * Sends the request and reads the whole answer.
         *
         * @throws OutboundException when the target could not be reached or did not answer in time
         */
        public Response send() {
            boolean own = maxAnswerBytes >= 0;
            long answerLimit = own ? maxAnswerBytes : client.maxAnswerBytes;
            HttpResponse<byte[]> response = exchange(info -> new LimitedBody(answerLimit), own);
            return new Response(client.jsonb, response.statusCode(), response.headers().map(), response.body());
        }

        /**
         * Sends the request and answers as soon as the answer's head arrived: its body is read from
         * {@link Streamed#body()} as it comes, each read waiting at most the request's timeout
         * (a target that stalls mid-body fails that read with an IOException and the exchange is
         * dropped). Close it when done, also on failure.
         *
         * @throws OutboundException when the target could not be reached or sent no head in time
         */
        public Streamed open() {
            Duration idle = timeout != null ? timeout : client.requestTimeout;
            HttpResponse<InputStream> response = exchange(info -> new StreamedBody(idle), false);
            return new Streamed(client.jsonb, response);
        }

        private <T> HttpResponse<T> exchange(HttpResponse.BodyHandler<T> handler, boolean ownLimit) {
            client.checkAddress(uri);
            Duration limit = timeout != null ? timeout : client.requestTimeout;
            SourceWatch watched = source == null ? null : new SourceWatch(source, sourceLength);
            HttpRequest.BodyPublisher publisher = watched != null
                    ? (sourceLength == 0 ? HttpRequest.BodyPublishers.ofByteArray(new byte[0])
                            : HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> watched),
                                    sourceLength))
                    : body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(limit).method(method, publisher);
            headers.forEach(request::header);
            try {
                return client.http.send(request.build(), handler);
            } catch (IOException e) {
                if (watched != null && watched.failure != null) {
                    throw new SourceFailed(watched.failure);
                }
                throw failure(e, limit, ownLimit);
            } catch (InterruptedException e) {
                // A guard's timeout interrupts a call that overran; clear it so the request thread goes on.
                Thread.interrupted();
                throw new OutboundException(OutboundException.Failure.TIMEOUT, "no answer in time");
            }
        }

        private static OutboundException failure(IOException e, Duration limit, boolean own) {
            if (e instanceof HttpConnectTimeoutException) {
                return new OutboundException(OutboundException.Failure.UNREACHABLE, "connection timed out");
            }
            if (e instanceof HttpTimeoutException) {
                return new OutboundException(OutboundException.Failure.TIMEOUT, "no answer within " + limit.toMillis() + " ms");
            }
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof LimitedBody.TooLarge) { // the JDK rethrows the body's failure wrapped, as the cause
                    return own ? new OutboundException.Rejected(OutboundException.Failure.TOO_LARGE, 0, t.getMessage())
                            : new OutboundException(OutboundException.Failure.TOO_LARGE, t.getMessage());
                }
            }
            return new OutboundException(OutboundException.Failure.UNREACHABLE, describe(e));
        }
    }

    /**
     * The body a request streamed from failed while it was sent: the failure (an IOException such
     * as the panel's own request body limit being passed) is the cause. Not the target's doing.
     */
    public static final class SourceFailed extends RuntimeException {
        SourceFailed(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * Remembers how the streamed body failed, since the JDK client reports it only as its own
     * IOException: the stream threw, or it held more or fewer bytes than the length declared.
     */
    private static final class SourceWatch extends java.io.FilterInputStream {
        private final long declared;
        private long read;
        private boolean ended;
        private volatile IOException failure;

        SourceWatch(InputStream in, long declared) {
            super(in);
            this.declared = declared;
        }

        @Override
        public int read() throws IOException {
            return StreamedBody.readOne(this);
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n;
            try {
                n = super.read(buffer, offset, length);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
            if (n < 0) {
                ended = true;
                if (read < declared) {
                    failure = new IOException("the body ended after " + read + " of its " + declared + " bytes");
                }
            } else {
                read += n;
                if (read > declared) {
                    failure = new IOException("the body is longer than its " + declared + " bytes");
                }
            }
            return n;
        }
    }

    /**
     * An answer whose body is still arriving: status and headers now, the body as a stream. Read
     * it, or {@link #buffered(long)} for a short one (an error's JSON); close it in every case.
     */
    public static final class Streamed implements AutoCloseable {
        private final Jsonb jsonb;
        private final HttpResponse<InputStream> response;

        Streamed(Jsonb jsonb, HttpResponse<InputStream> response) {
            this.jsonb = jsonb;
            this.response = response;
        }

        public int status() {
            return response.statusCode();
        }

        /** The first value of a header, by name in any case. */
        public Optional<String> header(String name) {
            return response.headers().firstValue(name);
        }

        /** The Content-Length the target declared, if any. */
        public java.util.OptionalLong contentLength() {
            return response.headers().firstValueAsLong("Content-Length");
        }

        /** The body as it arrives. */
        public InputStream body() {
            return response.body();
        }

        /**
         * Reads the rest of the body, at most {@code maxBytes} of it (what is beyond is dropped),
         * and closes the exchange.
         *
         * @throws OutboundException when the target stalls or breaks off before the end
         */
        public Response buffered(long maxBytes) {
            try (InputStream in = response.body()) {
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes));
                return new Response(jsonb, status(), response.headers().map(), bytes);
            } catch (IOException e) {
                throw failure(e);
            }
        }

        /** What a failed read of {@link #body()} says about the target: it stalled (TIMEOUT) or broke off. */
        public static OutboundException failure(IOException readFailure) {
            return readFailure instanceof StreamedBody.Stalled
                    ? new OutboundException(OutboundException.Failure.TIMEOUT, readFailure.getMessage())
                    : new OutboundException(OutboundException.Failure.UNREACHABLE, describe(readFailure));
        }

        @Override
        public void close() {
            try {
                response.body().close();
            } catch (IOException e) {
                // nothing is held after a failed close
            }
        }
    }

    /** An answer: its status, headers and body, bound on demand. */
    public static final class Response {
        private final Jsonb jsonb;
        private final int status;
        private final Map<String, List<String>> headers;
        private final byte[] bytes;
        /** Decoded when first asked for: a file's bytes relayed as they are need no text copy. */
        private String body;

        Response(Jsonb jsonb, int status, Map<String, List<String>> headers, byte[] bytes) {
            this.jsonb = jsonb;
            this.status = status;
            this.headers = headers;
            this.bytes = bytes;
        }

        /** The body as it arrived. */
        public byte[] bytes() {
            return bytes.clone();
        }

        public int status() {
            return status;
        }

        public String body() {
            if (body == null) {
                body = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            }
            return body;
        }

        /** The first value of a header, by name in any case. */
        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                    .map(e -> e.getValue().get(0)).findFirst();
        }

        /** The body as JSON-P, or null when it is empty or not JSON. */
        public JsonStructure json() {
            String body = body();
            if (body.isBlank()) {
                return null;
            }
            try (var reader = JSON.createReader(new StringReader(body))) {
                return reader.read();
            } catch (JsonException e) {
                return null;
            }
        }

        /**
         * The body bound by JSON-B to {@code type} (a class, or a parameterised type for generic
         * envelopes, but Yasson 3.0 cannot bind a record component typed by a type variable: give
         * each envelope its own record); fields the type lacks are ignored.
         *
         * @throws JsonbException when the body is not JSON of that shape
         */
        public <T> T as(Type type) {
            String body = body();
            if (body.isBlank()) {
                throw new JsonbException("empty body");
            }
            return jsonb.fromJson(body, type);
        }
    }

    static String describe(IOException e) {
        String message = e.getMessage();
        if (e instanceof ConnectException || message == null || message.isBlank()) {
            return "connection refused";
        }
        return message;
    }

    /** The addresses {@link ClientBuilder#refusePrivateAddresses(boolean)} refuses. */
    public static final class AddressPolicy {
        private AddressPolicy() {
        }

        /**
         * Resolves the URI's host and refuses it when any of its addresses is not public.
         *
         * @throws OutboundException.Rejected ({@code ADDRESS_REFUSED}) naming the host
         */
        public static void requirePublic(URI uri) {
            String host = uri.getHost();
            if (host == null) {
                throw refused(String.valueOf(uri), "has no host");
            }
            InetAddress[] addresses;
            try {
                addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
            } catch (UnknownHostException e) {
                throw new OutboundException(OutboundException.Failure.UNREACHABLE, "unknown host " + host);
            }
            for (InetAddress address : addresses) {
                if (!isPublic(address)) {
                    throw refused(host, "resolves to a private, loopback or link-local address");
                }
            }
        }

        private static OutboundException refused(String host, String why) {
            return new OutboundException.Rejected(OutboundException.Failure.ADDRESS_REFUSED, 0, "Refused to call " + host + ": " + why);
        }

        /** False for loopback, private, unique-local, link-local, carrier-grade NAT, multicast and unspecified addresses. */
        public static boolean isPublic(InetAddress address) {
            if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                    || address.isSiteLocalAddress() || address.isMulticastAddress()) {
                return false;
            }
            byte[] b = address.getAddress();
            if (b.length == 4) {
                int first = b[0] & 0xff;
                int second = b[1] & 0xff;
                return first != 0 // "this network"
                        && !(first == 100 && second >= 64 && second < 128) // carrier-grade NAT
                        && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                        && !(first == 198 && (second == 18 || second == 19)) // benchmarking
                        && first < 240; // reserved, broadcast
            }
            if ((b[0] & 0xfe) == 0xfc) {
                return false; // unique local fc00::/7
            }
            // Addresses that carry an IPv4 address a gateway may deliver to: judged by that address.
            if (zeros(b, 0, 12)) {
                return embeddedPublic(b, 12); // IPv4-compatible ::a.b.c.d (Java maps ::ffff: to IPv4 itself)
            }
            if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && zeros(b, 4, 12)) {
                return embeddedPublic(b, 12); // NAT64 64:ff9b::/96
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
                return embeddedPublic(b, 2); // 6to4 2002::/16
            }
            return !((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0 && b[3] == 0); // Teredo 2001::/32 hides its target
        }

        private static boolean zeros(byte[] b, int from, int to) {
            for (int i = from; i < to; i++) {
                if (b[i] != 0) {
                    return false;
                }
            }
            return true;
        }

        private static boolean embeddedPublic(byte[] b, int at) {
            try {
                return isPublic(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, at, at + 4)));
            } catch (UnknownHostException e) {
                return false;
            }
        }
    }
}
