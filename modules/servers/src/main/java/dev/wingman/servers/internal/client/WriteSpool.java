package dev.wingman.servers.internal.client;

import dev.wingman.platform.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where file writes wait on this instance's disk before they are sent to their node
 * ({@code wingman.files.spool-dir}), and how many bytes all of them may take there at once
 * ({@code wingman.files.spool-budget}): each body is spooled whole first (see
 * {@link ClientFiles#write}), so without a budget a few large or never-ending uploads at once could
 * fill the disk the panel and its embedded services share. A body with a Content-Length takes its
 * share before a byte is read (a refusal then costs nothing and never answers a client's
 * {@code Expect: 100-continue}); a chunked one takes its share as its bytes are written. A write
 * that does not fit is 503 with {@code Retry-After} (the budget frees as other writes finish), one
 * larger than the whole budget is 413 (it never fits), and its partial file is deleted either way.
 */
@ApplicationScoped
public class WriteSpool {
    /** How many bytes a chunked body takes from the budget at a time: one read's worth. */
    private static final int CHUNK = 64 * 1024;
    /** Spool files are written quickly once a body arrives; a few seconds frees room in most cases. */
    static final String RETRY_AFTER_SECONDS = "5";

    @Inject
    @ConfigProperty(name = "wingman.files.spool-dir")
    Optional<String> directory;

    @Inject
    @ConfigProperty(name = "wingman.files.spool-budget", defaultValue = "2147483648")
    long budget;

    /** Bytes the writes spooling now have taken from the budget (this instance's disk: not shared across instances). */
    private final AtomicLong taken = new AtomicLong();

    /**
     * A spooled request body: its file, its size and its share of the budget, all given back (the
     * file deleted) on {@link #close()}.
     */
    public final class Spooled implements AutoCloseable {
        private final Path file;
        private final long size;
        private long share;

        private Spooled(Path file, long size, long share) {
            this.file = file;
            this.size = size;
            this.share = share;
        }

        public long size() {
            return size;
        }

        public InputStream open() throws IOException {
            return Files.newInputStream(file);
        }

        @Override
        public void close() {
            delete(file);
            giveBack(share);
            share = 0;
        }
    }

    /**
     * Writes {@code body} to a new spool file within the budget. {@code declared} is the body's
     * Content-Length, or -1 for a chunked body. Throws {@link ApiException} 503 (no room now), 413
     * (larger than the whole budget) or 400 (shorter than its Content-Length), and
     * {@link IOException} when the body cannot be read (the request body limit among them); no
     * spool file is left behind by any of them.
     */
    public Spooled spool(InputStream body, long declared) throws IOException {
        long share = 0;
        Path file = null;
        try {
            if (declared >= 0) {
                share = take(declared, 0);
            }
            Path dir = Path.of(directory.filter(d -> !d.isBlank()).orElse(System.getProperty("java.io.tmpdir")));
            Files.createDirectories(dir);
            file = Files.createTempFile(dir, "wingman-write-", ".part");
            long size = 0;
            try (OutputStream out = Files.newOutputStream(file)) {
                byte[] buffer = new byte[CHUNK];
                for (int read; (read = body.read(buffer)) >= 0; ) {
                    if (size + read > share) { // chunked, or more than declared (the edge stops those first)
                        share += take(size + read - share, share);
                    }
                    out.write(buffer, 0, read);
                    size += read;
                }
            }
            if (declared >= 0 && size != declared) {
                throw ApiException.badRequest("The body is shorter than its Content-Length.");
            }
            Spooled spooled = new Spooled(file, size, share);
            file = null;
            share = 0;
            return spooled;
        } finally {
            if (file != null) {
                delete(file);
            }
            giveBack(share);
        }
    }

    /** Takes {@code bytes} more from the budget for a write already holding {@code held}; 503 or 413 if they do not fit. */
    private long take(long bytes, long held) {
        if (held + bytes > budget) {
            throw largerThanBudget();
        }
        long now;
        do {
            now = taken.get();
            if (now + bytes > budget) {
                throw new ApiException(503, "The panel is receiving too many file writes at once to hold this one; "
                        + "try again in a few seconds.", Map.of("retryAfter", Long.parseLong(RETRY_AFTER_SECONDS)),
                        Map.of("Retry-After", RETRY_AFTER_SECONDS));
            }
        } while (!taken.compareAndSet(now, now + bytes));
        return bytes;
    }

    private void giveBack(long bytes) {
        if (bytes > 0) {
            taken.addAndGet(-bytes);
        }
    }

    private ApiException largerThanBudget() {
        return new ApiException(413, "The file is larger than the " + budget + " bytes this panel can hold for a write "
                + "(wingman.files.spool-budget).");
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // only an unwritable spool directory refuses this; its files then need the operator anyway
        }
    }
}
