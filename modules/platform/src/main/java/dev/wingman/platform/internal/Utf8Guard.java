package dev.wingman.platform.internal;

import dev.wingman.platform.api.ApiException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * JSON bodies must be valid UTF-8 (RFC 8259). The JSON reader would otherwise replace malformed
 * bytes with U+FFFD and store them; this checks the bytes as they stream to the reader and
 * refuses the request with 400 at the first malformed sequence.
 */
@Provider
@Priority(Priorities.ENTITY_CODER)
@ApplicationScoped
public class Utf8Guard implements ReaderInterceptor {
    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        if (type != null && (type.isCompatible(MediaType.APPLICATION_JSON_TYPE) || type.getSubtype().endsWith("+json"))) {
            context.setInputStream(new Checked(context.getInputStream()));
        }
        return context.proceed();
    }

    /** Passes bytes through unchanged while a strict decoder follows them. */
    static final class Checked extends FilterInputStream {
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        private final ByteBuffer pending = ByteBuffer.allocate(4 + 8192);
        private final CharBuffer sink = CharBuffer.allocate(8192 + 8);

        Checked(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, Math.min(len, 8192));
            if (n < 0) {
                check(new byte[0], 0, 0, true);
            } else {
                check(b, off, n, false);
            }
            return n;
        }

        private void check(byte[] b, int off, int n, boolean end) {
            pending.put(b, off, n).flip();
            sink.clear();
            var result = decoder.decode(pending, sink, end);
            if (result.isError() || (end && pending.hasRemaining())) {
                throw ApiException.badRequest("The request body is not valid UTF-8");
            }
            pending.compact(); // an incomplete sequence at the end waits for the next bytes
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = 0;
            byte[] buffer = new byte[1024];
            while (skipped < n) {
                int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                if (read < 0) {
                    break;
                }
                skipped += read;
            }
            return skipped;
        }
    }
}
