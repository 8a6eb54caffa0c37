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

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

import static jakarta.interceptor.Interceptor.Priority.PLATFORM_BEFORE;

/**
 * Web-server level rules that hold for every response, including the routes outside JAX-RS
 * (health, metrics, OpenAPI) and requests that match no route at all: each gets an
 * {@code X-Request-Id}, and errors the web server answers itself are JSON too.
 */
@ApplicationScoped
public class HttpEdge {
    static final String REQUEST_ID = "wingman.request-id";
    static final HeaderName X_REQUEST_ID = HeaderNames.create("X-Request-Id");
    private static final Pattern INBOUND_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    void register(@Observes @Priority(PLATFORM_BEFORE + 50) @Initialized(ApplicationScoped.class) Object ignored,
                  BeanManager beans) {
        var routing = beans.getExtension(ServerCdiExtension.class).serverRoutingBuilder();
        routing.addFilter((chain, req, res) -> {
            String id = req.headers().first(X_REQUEST_ID).filter(v -> INBOUND_ID.matcher(v).matches()).orElseGet(HttpEdge::newRequestId);
            req.context().register(REQUEST_ID, id);
            res.header(X_REQUEST_ID, id);
            if (!wellFormedQuery(req.prologue().query().rawValue())) {
                sendError(req, res, Status.BAD_REQUEST_400, "Malformed query string");
                return;
            }
            chain.proceed();
        });
        routing.error(HttpException.class, (req, res, e) -> sendError(req, res, e.status(), null));
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
