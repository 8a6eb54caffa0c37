package dev.wingman.platform.internal;

import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.CurrentRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NoContentException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place where failures become responses: every error is {@code {"error": "..."}} with the
 * right status. Unexpected failures are logged with the request id and answered without detail.
 */
@Provider
@ApplicationScoped
public class ErrorMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(ErrorMapper.class.getName());

    @Inject
    CurrentRequest request;

    @Override
    public Response toResponse(Throwable failure) {
        ApiException wrapped = causeOfType(failure, ApiException.class);
        if (wrapped != null) {
            failure = wrapped; // thrown while the body was read (Utf8Guard), and wrapped by the JSON reader
        }
        if (failure instanceof ApiException api) {
            Map<String, Object> body = api.body();
            if (api.privilegedPermission() != null && !api.privilegedExtra().isEmpty()
                    && request.caller().map(c -> c.has(api.privilegedPermission())).orElse(false)) {
                body.putAll(api.privilegedExtra());
            }
            Response.ResponseBuilder response = json(api.status(), body);
            api.headers().forEach(response::header);
            return response.build();
        }
        String parameter = unconvertibleParameter(failure);
        if (parameter != null) {
            // JAX-RS answers 404 when a query or header value cannot be converted (page=abc); it is the client's input.
            return json(400, Map.of("error", "Invalid value for parameter " + parameter, "field", parameter)).build();
        }
        if (failure instanceof NotFoundException notFound) {
            // No resource matched. Hand Jersey's own 404 back so that Helidon goes on to its other
            // routes (health, metrics, OpenAPI); if none matches either, HttpEdge answers the JSON 404.
            return notFound.getResponse();
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BodyLimit.Exceeded exceeded) {
                return json(413, Map.of("error", exceeded.getMessage())).header("Connection", "close").build();
            }
        }
        if (causedBy(failure, NoContentException.class)) {
            return json(400, Map.of("error", "A JSON request body is required")).build();
        }
        String unknown = unknownField(failure);
        if (unknown != null) {
            return json(400, Map.of("error", "Unknown field '" + unknown + "'", "field", unknown)).build();
        }
        String malformed = malformedJson(failure);
        if (malformed != null) {
            return json(400, Map.of("error", malformed)).build();
        }
        if (failure instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            if (status < 500) {
                Response.ResponseBuilder response = json(status, Map.of("error", clientErrorMessage(status)));
                if (status == 405) {
                    String allow = web.getResponse().getHeaderString("Allow");
                    if (allow != null) {
                        response.header("Allow", allow);
                    }
                }
                return response.build();
            }
        }
        if (unstorableText(failure)) {
            return json(400, Map.of("error", "Text may not contain NUL or characters that cannot be stored")).build();
        }
        if (uniqueViolation(failure)) {
            // Two requests raced past the service's own check; the schema's unique constraint decided.
            return json(409, Map.of("error", "Conflicts with an existing record; reload and try again")).build();
        }
        LOG.log(Level.SEVERE, "Unhandled failure in request " + request.requestId(), failure);
        return json(500, Map.of("error", "Internal server error", "requestId", request.requestId())).build();
    }

    /**
     * The parameter Jersey could not convert ({@code ParamException}, named by the class so that the
     * platform does not compile against Jersey), or null. Path parameters stay 404: no such resource.
     */
    static String unconvertibleParameter(Throwable failure) {
        String type = failure.getClass().getName();
        if (!type.startsWith("org.glassfish.jersey.server.ParamException$") || type.endsWith("PathParamException")) {
            return null;
        }
        try {
            Object name = failure.getClass().getMethod("getParameterName").invoke(failure);
            return name == null ? "" : name.toString();
        } catch (ReflectiveOperationException e) {
            return "";
        }
    }

    /**
     * Text PostgreSQL cannot store (a NUL character, SQLSTATE 22021, or one its encoding lacks,
     * 22P05): the request's input, found only when it reached the database.
     */
    static boolean unstorableText(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && ("22021".equals(sql.getSQLState()) || "22P05".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /** PostgreSQL's unique_violation (SQLSTATE 23505) anywhere in the cause chain. */
    static boolean uniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    static String clientErrorMessage(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Authentication required";
            case 403 -> "Forbidden";
            case 404 -> "Route not found";
            case 405 -> "Method not allowed";
            case 406 -> "Not acceptable: this API produces application/json";
            case 413 -> "Request body too large";
            case 415 -> "Unsupported media type: send application/json";
            default -> "Request error";
        };
    }

    private static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** Yasson's words for a field the body type does not have (see {@link JsonbResolver}). */
    private static final java.util.regex.Pattern UNKNOWN_PROPERTY =
            java.util.regex.Pattern.compile("^Json property (\\S+) can not be mapped to a class");

    /** The name of the unknown field a strict binding refused, or null. */
    static String unknownField(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonbException && t.getMessage() != null) {
                var m = UNKNOWN_PROPERTY.matcher(t.getMessage());
                if (m.find()) {
                    return m.group(1);
                }
            }
        }
        return null;
    }

    /** A body that is not JSON, or JSON whose values have the wrong types, is the client's fault: 400. */
    private static String malformedJson(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JsonParsingException) {
                return "Malformed JSON: " + firstLine(t.getMessage());
            }
            if (t instanceof JsonbException) {
                return "Invalid JSON body: " + firstLine(t.getMessage());
            }
            if (tooDeep(t)) {
                return "Malformed JSON: nested too deeply";
            }
            if (t instanceof ProcessingException && t.getCause() == null) {
                return "Invalid JSON body";
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /**
     * Parsson refuses input nested deeper than its limit (1000) with a bare RuntimeException
     * rather than a JsonParsingException; it is still the client's malformed body.
     */
    private static boolean tooDeep(Throwable t) {
        if (t.getClass() != RuntimeException.class || t.getMessage() == null
                || !t.getMessage().startsWith("Input is too deeply nested")) {
            return false;
        }
        StackTraceElement[] stack = t.getStackTrace();
        return stack.length > 0 && stack[0].getClassName().startsWith("org.eclipse.parsson.");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.lines().findFirst().orElse(message);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    /**
     * The JSON error. On the Pterodactyl-compatible surfaces it also carries Pterodactyl's
     * {@code errors} array, which Wings and Pterodactyl client libraries read.
     */
    private Response.ResponseBuilder json(int status, Map<String, ?> body) {
        Object entity = body;
        if (request.pterodactylSurface()) {
            Map<String, Object> both = new java.util.LinkedHashMap<>(body);
            both.put("errors", java.util.List.of(Map.of("code", pterodactylCode(status), "status", String.valueOf(status),
                    "detail", String.valueOf(body.get("error")))));
            entity = both;
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(entity);
    }

    /** The short exception name Pterodactyl's panel puts in {@code code}. */
    static String pterodactylCode(int status) {
        return switch (status) {
            case 400 -> "BadRequestHttpException";
            case 401 -> "UnauthorizedHttpException";
            case 403 -> "AccessDeniedHttpException";
            case 404 -> "NotFoundHttpException";
            case 405 -> "MethodNotAllowedHttpException";
            case 409 -> "ConflictHttpException";
            case 422 -> "ValidationException";
            case 429 -> "ThrottleRequestsException";
            case 502, 504 -> "DaemonConnectionException";
            default -> "HttpException";
        };
    }
}
