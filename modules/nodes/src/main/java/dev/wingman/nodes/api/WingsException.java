package dev.wingman.nodes.api;

import dev.wingman.platform.api.ApiException;

import java.util.Map;

/**
 * A Wings call that did not succeed, naming the node. Unreachable, timed-out and failing nodes
 * answer 502; a node whose circuit breaker is open or whose call limit is reached answers 503 at
 * once (with {@code Retry-After}); a Wings refusal (4xx) keeps Wings' status.
 *
 * <p>The message ({@link #getMessage()}) is safe for anyone: the node's name, what went wrong and
 * Wings' status, never the node's address nor Wings' own error text, which can carry internal
 * URLs, paths or host names. That text ({@link #wingsError()}, and {@link #detail()} for logs) is
 * added to the error body as {@code upstream} only for callers holding {@link #DETAIL_PERMISSION}.
 */
public class WingsException extends ApiException {

    /** Who may see Wings' raw error text in an error body: node administrators. */
    public static final String DETAIL_PERMISSION = NodePermissions.READ;

    /** Why the call failed. */
    public enum Failure {
        /** Connection refused or reset, DNS failure, TLS failure. */
        UNREACHABLE,
        /** No answer within the read timeout. */
        TIMEOUT,
        /** The node's breaker is open after recent failures: not even tried. */
        CIRCUIT_OPEN,
        /** Too many calls to this node already in flight. */
        BUSY,
        /** Wings answered 5xx. */
        SERVER_ERROR,
        /** Wings answered 4xx (wrong token, unknown server, invalid state). */
        REJECTED
    }

    private final String nodeId;
    private final Failure failure;
    private final int wingsStatus;
    private final String wingsError;

    public WingsException(String nodeId, String nodeName, Failure failure, int wingsStatus, String wingsError) {
        super(status(failure, wingsStatus), message(nodeName, failure, wingsStatus),
                Map.of("node", nodeId), failure == Failure.CIRCUIT_OPEN || failure == Failure.BUSY
                        ? Map.of("Retry-After", "5") : Map.of(),
                DETAIL_PERMISSION, wingsError == null ? Map.of() : Map.of("upstream", wingsError));
        this.nodeId = nodeId;
        this.failure = failure;
        this.wingsStatus = wingsStatus;
        this.wingsError = wingsError;
    }

    private static int status(Failure failure, int wingsStatus) {
        return switch (failure) {
            case CIRCUIT_OPEN, BUSY -> 503;
            // Wings refusing the panel's own token is the panel's upstream failing, not the caller's permission.
            case REJECTED -> wingsStatus == 401 || wingsStatus == 403 ? 502 : wingsStatus;
            default -> 502;
        };
    }

    private static String message(String nodeName, Failure failure, int wingsStatus) {
        String node = "Node '" + nodeName + "'";
        return switch (failure) {
            case UNREACHABLE -> node + " is unreachable";
            case TIMEOUT -> node + " did not answer in time";
            case CIRCUIT_OPEN -> node + " is unavailable: its circuit breaker is open after repeated failures";
            case BUSY -> node + " is busy: too many calls in flight";
            case SERVER_ERROR -> node + " failed (HTTP " + wingsStatus + ")";
            case REJECTED -> node + " refused the request (HTTP " + wingsStatus + ")";
        };
    }

    /** The message with Wings' own error text, for logs and node administrators. */
    public String detail() {
        return wingsError == null ? getMessage() : getMessage() + ": " + wingsError;
    }

    /** The call was not even tried: the breaker is open or too many calls are in flight. Retry later. */
    public boolean refusedLocally() {
        return failure == Failure.CIRCUIT_OPEN || failure == Failure.BUSY;
    }

    /**
     * This failure reported as {@code status} with {@code message}, keeping what the caller needs
     * from it: the node id, {@code Retry-After}, and Wings' text for node administrators.
     */
    public ApiException relay(int status, String message) {
        return new ApiException(status, message, extra(), headers(), privilegedPermission(), privilegedExtra());
    }

    public String nodeId() {
        return nodeId;
    }

    public Failure failure() {
        return failure;
    }

    /** Wings' HTTP status, or 0 when it did not answer. */
    public int wingsStatus() {
        return wingsStatus;
    }

    /** Wings' {@code error} message, or the transport failure. */
    public String wingsError() {
        return wingsError;
    }
}
