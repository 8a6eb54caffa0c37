package dev.wingman.servers.internal.client;

import dev.wingman.nodes.api.Wings;
import dev.wingman.platform.api.CappedInputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The relay of a file's contents past what was read ahead: a file sent without a length that
 * passes the limit mid-stream ends the answer with a failure after exactly the limit, never more
 * (the panel tests cover the read-ahead, whose size equals their editor limit).
 */
class FileRelayTest {
    private static final int LIMIT = 300 * 1024;

    private static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    /** The rest of the file as the Wings client hands it on: capped at the limit; its closing recorded. */
    private static Wings.FileStream rest(byte[] file, int from, AtomicBoolean closed) {
        InputStream source = new ByteArrayInputStream(file, from, file.length - from) {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        return new Wings.FileStream(new CappedInputStream(source, LIMIT - from), OptionalLong.empty(), "text/plain");
    }

    @Test
    void aFileAtTheLimitIsRelayedWholeAndTheStreamClosed() throws Exception {
        byte[] file = bytes(LIMIT);
        AtomicBoolean closed = new AtomicBoolean();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ClientFiles.FileRelay(Arrays.copyOf(file, ClientFiles.HELD + 1), rest(file, ClientFiles.HELD + 1, closed)).write(out);
        assertArrayEquals(file, out.toByteArray());
        assertTrue(closed.get());
    }

    @Test
    void aFileOverTheLimitIsCutOffAtTheLimitWithAFailure() {
        byte[] file = bytes(LIMIT + 200_000);
        AtomicBoolean closed = new AtomicBoolean();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ClientFiles.FileRelay relay = new ClientFiles.FileRelay(Arrays.copyOf(file, ClientFiles.HELD + 1),
                rest(file, ClientFiles.HELD + 1, closed));
        assertThrows(CappedInputStream.Exceeded.class, () -> relay.write(out));
        assertTrue(out.size() <= LIMIT, "never more than the limit: " + out.size());
        assertArrayEquals(Arrays.copyOf(file, out.size()), out.toByteArray());
        assertTrue(closed.get(), "the node's answer is dropped");
    }

    @Test
    void theCapReadsAtMostOneBytePastTheLimit() throws Exception {
        byte[] file = bytes(1000);
        ByteArrayInputStream source = new ByteArrayInputStream(file);
        CappedInputStream capped = new CappedInputStream(source, 100);
        assertEquals(100, capped.readNBytes(100).length);
        assertThrows(CappedInputStream.Exceeded.class, () -> capped.read(new byte[500]));
        assertEquals(1000 - 101, source.available(), "one byte beyond the limit taken from the source, no more");
    }
}
