package dev.wingman.platform.internal;

import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.CappedInputStream;
import org.eclipse.microprofile.config.Config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The request body limit of one request. {@link HttpEdge} registers one per request with the
 * panel-wide limit and wraps the body stream so that bytes beyond it are never handed on, however
 * the body is framed (a declared length or chunks); {@link BodyLimitFeature} sets the limit of the
 * resource method that matched before its body is read.
 */
final class BodyLimit {
    static final String MAX_BODY_SIZE = "wingman.http.max-body-size";
    static final String MAX_LARGE_BODY_SIZE = "wingman.http.max-large-body-size";
    static final long DEFAULT_MAX = 1024 * 1024;
    static final long DEFAULT_LARGE_MAX = 8 * 1024 * 1024;

    private volatile long limit;

    BodyLimit(long limit) {
        this.limit = limit;
    }

    long limit() {
        return limit;
    }

    void limit(long limit) {
        this.limit = limit;
    }

    static long configured(Config config) {
        return positive(config, MAX_BODY_SIZE, DEFAULT_MAX);
    }

    static long configuredLarge(Config config) {
        return Math.max(configured(config), positive(config, MAX_LARGE_BODY_SIZE, DEFAULT_LARGE_MAX));
    }

    private static long positive(Config config, String key, long fallback) {
        long value = config.getOptionalValue(key, Long.class).orElse(fallback);
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be a positive number of bytes, not " + value);
        }
        return value;
    }

    static String message(long limit) {
        return "Request body too large: at most " + limit + " bytes";
    }

    /** The 413 answer; the connection is closed, since the rest of the body is not read. */
    static ApiException tooLarge(long limit) {
        return new ApiException(413, message(limit), Map.of(), Map.of("Connection", "close"));
    }

    /** Thrown from the body stream once it passes the limit; {@link ErrorMapper} answers 413. */
    static final class Exceeded extends IOException {
        private final long limit;

        Exceeded(long limit) {
            super(message(limit), null);
            this.limit = limit;
        }

        long limit() {
            return limit;
        }
    }

    /** Counts what the application reads and fails at the first byte beyond the limit. */
    static final class CappedStream extends CappedInputStream {
        CappedStream(InputStream in, BodyLimit cap) {
            super(in, cap::limit);
        }

        @Override
        protected IOException exceeded(long limit) {
            return new BodyLimit.Exceeded(limit); // not the inherited CappedInputStream.Exceeded: the edge looks for this one
        }
    }
}
