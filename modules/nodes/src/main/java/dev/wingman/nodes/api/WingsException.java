package dev.wingman.nodes.api;

import dev.wingman.platform.api.ApiException;

import java.util.Map;

/**
 * A Wings call that did not succeed, naming the node. Unreachable, timed-out and failing nodes
 * answer 502; a node whose circuit breaker is open or whose call limit is reached answers 503 at
 * once; a Wings refusal (4xx) keeps Wings' status and message.
 */
public class WingsException extends ApiException {

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
        super(status(failure, wingsStatus), message(nodeName, failure, wingsStatus, wingsError),
                Map.of("node", nodeId), failure == Failure.CIRCUIT_OPEN || failure == Failure.BUSY
                        ? Map.of("Retry-After", "5") : Map.of());
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

    private static String message(String nodeName, Failure failure, int wingsStatus, String wingsError) {
        String node = "Node '" + nodeName + "'";
        return switch (failure) {
            case UNREACHABLE -> node + " is unreachable: " + wingsError;
            case TIMEOUT -> node + " did not answer in time";
            case CIRCUIT_OPEN -> node + " is unavailable: its circuit breaker is open after repeated failures";
            case BUSY -> node + " is busy: too many calls in flight";
            case SERVER_ERROR -> node + " failed (HTTP " + wingsStatus + "): " + wingsError;
            case REJECTED -> node + " refused the request (HTTP " + wingsStatus + "): " + wingsError;
        };
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
