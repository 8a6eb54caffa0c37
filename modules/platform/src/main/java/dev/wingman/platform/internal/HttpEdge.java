package dev.wingman.platform.internal;

import static dev.wingman.platform.api.JsonSupport.JSON;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.microprofile.server.ServerCdiExtension;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;

import org.eclipse.microprofile.config.ConfigProvider;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import static jakarta.interceptor.Interceptor.Priority.PLATFORM_BEFORE;

/**
 * Web-server level rules that hold for every response, including the routes outside JAX-RS
 * (health, metrics, OpenAPI) and requests that match no route at all: each gets an
 * {@code X-Request-Id}, and errors the web server answers itself are JSON too. Every request but
 * health and metrics is counted in flight for {@link GracefulShutdown}, and refused with 503 once
 * the instance stops accepting work.
 */
@ApplicationScoped
public class HttpEdge {
    private static final Logger LOG = Logger.getLogger(HttpEdge.class.getName());
    static final String REQUEST_ID = "wingman.request-id";
    static final HeaderName X_REQUEST_ID = HeaderNames.create("X-Request-Id");
    private static final Pattern INBOUND_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    void register(@Observes @Priority(PLATFORM_BEFORE + 50) @Initialized(ApplicationScoped.class) Object ignored,
                  BeanManager beans, GracefulShutdown shutdown) {
        var routing = beans.getExtension(ServerCdiExtension.class).serverRoutingBuilder();
        var config = ConfigProvider.getConfig();
        long bodyLimit = BodyLimit.configured(config);
        long bodyCeiling = BodyLimit.configuredLarge(config);
        routing.addFilter((chain, req, res) -> {
            String id = req.headers().first(X_REQUEST_ID).filter(v -> INBOUND_ID.matcher(v).matches()).orElseGet(HttpEdge::newRequestId);
            req.context().register(REQUEST_ID, id);
            res.header(X_REQUEST_ID, id);
            if (!wellFormedQuery(req.prologue().query().rawValue())) {
                sendError(req, res, Status.BAD_REQUEST_400, "Malformed query string");
                return;
            }
            // No route takes more than the ceiling: refuse a declared length above it before reading
            // anything. Within it, the stream stops at the matched operation's own limit.
            if (req.headers().contentLength().orElse(0) > bodyCeiling) {
                res.header(HeaderNames.CONNECTION, "close");
                sendError(req, res, Status.REQUEST_ENTITY_TOO_LARGE_413, BodyLimit.message(bodyCeiling));
                return;
            }
            BodyLimit cap = new BodyLimit(bodyLimit);
            req.context().register(BodyLimit.class, cap);
            req.streamFilter(in -> new BodyLimit.CappedStream(in, cap));
            // Health and metrics keep answering while the instance drains (readiness DOWN, liveness UP).
            if (observability(req.path().path())) {
                chain.proceed();
                return;
            }
            if (!shutdown.admit()) {
                res.header(HeaderNames.CONNECTION, "close");
                res.header(HeaderNames.RETRY_AFTER, "1");
                sendError(req, res, Status.SERVICE_UNAVAILABLE_503, "This instance is shutting down; try again");
                return;
            }
            try {
                chain.proceed();
            } finally {
                shutdown.done();
            }
        });
        routing.error(HttpException.class, (req, res, e) -> sendError(req, res, e.status(), null));
        // Whatever else escapes a handler, Errors included (Jersey rethrows those rather than map
        // them): JSON 500 with the request id, never the web server's plain text.
        routing.error(Throwable.class, HttpEdge::unhandled);
    }

    private static void unhandled(ServerRequest req, ServerResponse res, Throwable failure) {
        String id = req.context().get(REQUEST_ID, String.class).orElse("-");
        Throwable exceeded = cause(failure, BodyLimit.Exceeded.class);
        if (exceeded != null) {
            if (!res.isSent()) {
                res.header(HeaderNames.CONNECTION, "close");
                sendError(req, res, Status.REQUEST_ENTITY_TOO_LARGE_413, exceeded.getMessage());
            }
            return;
        }
        LOG.log(Level.SEVERE, "Unhandled failure in request " + id, failure);
        if (res.isSent()) {
            return;
        }
        try {
            res.header(X_REQUEST_ID, id); // the error handling reset the response's headers
            res.status(Status.INTERNAL_SERVER_ERROR_500);
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(JSON.createObjectBuilder().add("error", "Internal server error").add("requestId", id).build().toString());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Could not answer request " + id + " after its failure", e);
        }
    }

    private static Throwable cause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    /** {@code /health...} and {@code /metrics...}: what probes and scrapers read, answered until the server stops. */
    static boolean observability(String path) {
        return path.equals("/health") || path.startsWith("/health/") || path.equals("/metrics") || path.startsWith("/metrics/");
    }

    /**
     * Helidon's own query validation is off (see microprofile-config.properties: it refuses a raw
     * ':'); this keeps refusing what cannot be decoded, such as a malformed %-escape, with a JSON 400.
     */
    static boolean wellFormedQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return true;
        }
        try {
            new java.net.URI("http://localhost/?" + rawQuery);
            return true;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    static String newRequestId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void sendError(ServerRequest req, ServerResponse res, Status status, String message) {
        int code = status.code();
        String text = message != null ? message
                : code >= 500 ? "Internal server error" : ErrorMapper.clientErrorMessage(code);
        req.context().get(REQUEST_ID, String.class).ifPresent(id -> res.header(X_REQUEST_ID, id));
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(JSON.createObjectBuilder().add("error", text).build().toString());
    }
}
