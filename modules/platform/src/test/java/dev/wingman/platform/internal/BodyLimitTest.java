package dev.wingman.platform.internal;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BodyLimitTest {

    private static InputStream capped(int size, long limit) {
        return new BodyLimit.CappedStream(new ByteArrayInputStream(new byte[size]), new BodyLimit(limit));
    }

    @Test
    void aBodyUpToTheLimitReadsWhole() throws IOException {
        try (InputStream in = capped(100, 100)) {
            assertArrayEquals(new byte[100], in.readAllBytes());
        }
    }

    @Test
    void theFirstByteOverTheLimitFailsTheRead() throws IOException {
        try (InputStream in = capped(101, 100)) {
            BodyLimit.Exceeded e = assertThrows(BodyLimit.Exceeded.class, in::readAllBytes);
            assertEquals(100, e.limit());
            assertEquals("Request body too large: at most 100 bytes", e.getMessage());
        }
        try (InputStream in = capped(101, 100)) {
            for (int i = 0; i < 100; i++) {
                in.read();
            }
            assertThrows(BodyLimit.Exceeded.class, in::read);
        }
    }

    @Test
    void aLargeReadAsksForNoMoreThanOneByteBeyondTheLimit() throws IOException {
        int[] asked = new int[1];
        InputStream source = new ByteArrayInputStream(new byte[10_000]) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                asked[0] = Math.max(asked[0], len);
                return super.read(b, off, len);
            }
        };
        try (InputStream in = new BodyLimit.CappedStream(source, new BodyLimit(10))) {
            assertThrows(BodyLimit.Exceeded.class, () -> in.read(new byte[8192]));
        }
        assertEquals(11, asked[0]);
    }

    @Test
    void theLimitSetAfterTheStreamWasMadeApplies() throws IOException {
        BodyLimit cap = new BodyLimit(10);
        try (InputStream in = new BodyLimit.CappedStream(new ByteArrayInputStream(new byte[50]), cap)) {
            cap.limit(50); // the matched operation takes larger bodies
            assertEquals(50, in.readAllBytes().length);
        }
    }
}
