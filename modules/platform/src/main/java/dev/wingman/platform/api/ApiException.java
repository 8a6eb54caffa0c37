package dev.wingman.platform.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure that the API reports to the caller as {@code {"error": message, ...extra}} with the given
 * HTTP status. Anything else that escapes a resource is logged and answered as a bare 500.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final Map<String, Object> extra;
    private final Map<String, String> headers;
    private final String privilegedPermission;
    private final Map<String, Object> privilegedExtra;

    public ApiException(int status, String message) {
        this(status, message, Map.of(), Map.of());
    }

    public ApiException(int status, String message, Map<String, Object> extra, Map<String, String> headers) {
        this(status, message, extra, headers, null, Map.of());
    }

    /**
     * As {@link #ApiException(int, String, Map, Map)}, with fields only a caller holding
     * {@code privilegedPermission} is shown (for example an upstream's raw error for node
     * administrators); everyone else gets the body without them.
     */
    public ApiException(int status, String message, Map<String, Object> extra, Map<String, String> headers,
                        String privilegedPermission, Map<String, Object> privilegedExtra) {
        super(message, null, false, false);
        this.status = status;
        this.extra = Map.copyOf(extra);
        this.headers = Map.copyOf(headers);
        this.privilegedPermission = privilegedPermission;
        this.privilegedExtra = Map.copyOf(privilegedExtra);
    }

    /** The permission that shows {@link #privilegedExtra()}, or null when there is nothing privileged. */
    public String privilegedPermission() {
        return privilegedPermission;
    }

    /** Body fields for callers holding {@link #privilegedPermission()} only. */
    public Map<String, Object> privilegedExtra() {
        return privilegedExtra;
    }

    public int status() {
        return status;
    }

    /** Fields added beside {@code error} in the body, such as {@code field} or {@code retryAfter}. */
    public Map<String, Object> extra() {
        return extra;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The whole JSON body: {@code error} first, then the extra fields. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", getMessage());
        body.putAll(extra);
        return body;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    /** A validation failure that names the offending request field. */
    public static ApiException invalidField(String field, String message) {
        return new ApiException(400, field + ": " + message, Map.of("field", field), Map.of());
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, message);
    }

    /**
     * The 403 for a caller lacking a permission, worded as {@code AccessFilter} words it for
     * {@code @RequiresPermission}: checks a service makes in code use it so every refusal reads alike.
     */
    public static ApiException missingPermission(String permission) {
        return forbidden("Missing permission " + permission);
    }

    /** The 403 for an API key whose scope lacks {@code scope}, worded as the access filter words it. */
    public static ApiException outOfScope(String scope) {
        return forbidden("This API key's scope does not include " + scope);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, message);
    }

    public static ApiException tooManyRequests(long retryAfterSeconds) {
        return new ApiException(429, "Too many requests, retry in " + retryAfterSeconds + " s",
                Map.of("retryAfter", retryAfterSeconds),
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    public static ApiException featureDisabled(String feature) {
        return new ApiException(503, "Feature '" + feature + "' is disabled");
    }
}
