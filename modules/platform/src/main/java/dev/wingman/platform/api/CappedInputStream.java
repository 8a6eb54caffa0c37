package dev.wingman.platform.api;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream that hands on at most {@code limit} bytes and fails with {@link Exceeded} at the first
 * byte beyond it, reading no more than one byte past it from the source: a relay stops as soon as
 * a body it does not know the length of turns out too large.
 */
public class CappedInputStream extends FilterInputStream {
    /** The source had more than the limit. */
    public static final class Exceeded extends IOException {
        public Exceeded(long limit) {
            super("larger than " + limit + " bytes");
        }
    }

    private final java.util.function.LongSupplier limit;
    private long read;

    public CappedInputStream(InputStream in, long limit) {
        this(in, () -> limit);
    }

    /** A limit that may change while the stream is read (one set once the request's operation is known). */
    protected CappedInputStream(InputStream in, java.util.function.LongSupplier limit) {
        super(in);
        this.limit = limit;
    }

    /** What the read beyond the limit fails with. */
    protected IOException exceeded(long limit) {
        return new Exceeded(limit);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        // Ask for at most one byte past the limit: enough to know it was passed, never more.
        int n = super.read(buffer, offset, (int) Math.min(length, Math.max(1, limit.getAsLong() - read + 1)));
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(Math.min(n, Math.max(1, limit.getAsLong() - read + 1)));
        if (skipped > 0) {
            count(skipped);
        }
        return skipped;
    }

    private void count(long n) throws IOException {
        read += n;
        long max = limit.getAsLong();
        if (read > max) {
            throw exceeded(max);
        }
    }
}
