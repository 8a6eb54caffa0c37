package dev.wingman.platform.api;

import java.util.Locale;

/**
 * An outbound call that got no usable answer: the target could not be reached, did not answer in
 * time, or was not even tried (its breaker is open, too many calls are in flight, its address is
 * refused). An HTTP answer, even a 500, is not an {@code OutboundException}: it proves the target
 * is up, and the caller decides what it means.
 *
 * <p>These count against the target's circuit breaker, except {@link Rejected} (the target
 * answered, but refused the exchange, such as a WebSocket upgrade) and the ones raised by the
 * guard itself ({@code CIRCUIT_OPEN}, {@code BUSY}).
 */
public class OutboundException extends RuntimeException {

    /** Why the call failed; {@link #reason()} is its metric tag. */
    public enum Failure {
        /** Connection refused or reset, DNS failure, TLS failure, connect timeout. */
        UNREACHABLE,
        /** No answer within the request's timeout. */
        TIMEOUT,
        /** The target's breaker is open after recent failures: not tried. */
        CIRCUIT_OPEN,
        /** Too many calls to the target in flight: not tried. */
        BUSY,
        /** The target answered but refused the exchange (a WebSocket upgrade answered with an HTTP status). */
        REJECTED,
        /** The address is private, loopback, link-local or metadata and the client refuses those: not tried. */
        ADDRESS_REFUSED,
        /** The answer's body was larger than the client accepts: it was cut off and dropped. */
        TOO_LARGE
    }

    private final Failure failure;
    private final int status;
    private final boolean byGuard;

    public OutboundException(Failure failure, String message) {
        this(failure, 0, message);
    }

    public OutboundException(Failure failure, int status, String message) {
        this(failure, status, message, false);
    }

    OutboundException(Failure failure, int status, String message, boolean byGuard) {
        super(message, null, false, false);
        this.failure = failure;
        this.status = status;
        this.byGuard = byGuard;
    }

    /**
     * Raised by the {@link OutboundGuard} itself (open breaker, full bulkhead, its overall timeout),
     * not by the exchange: the message says nothing the target said.
     */
    public boolean byGuard() {
        return byGuard;
    }

    public Failure failure() {
        return failure;
    }

    /** The HTTP status the target answered with ({@link Failure#REJECTED}), otherwise 0. */
    public int status() {
        return status;
    }

    /** The failure as metrics name it: {@code timeout}, {@code unreachable}, {@code circuit_open}, ... */
    public String reason() {
        return failure.name().toLowerCase(Locale.ROOT);
    }

    /** A failure that does not say the target is down: its breaker does not count it. */
    public static final class Rejected extends OutboundException {
        public Rejected(Failure failure, int status, String message) {
            super(failure, status, message);
        }
    }
}
