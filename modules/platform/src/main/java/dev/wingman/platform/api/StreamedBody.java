package dev.wingman.platform.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An answer body handed on as a stream while it arrives, with bounded memory: the next batch of
 * bytes is requested only once the reader took the previous one, so at most two of the JDK
 * client's batches are held, however large the body. The JDK's own {@code ofInputStream} waits
 * forever for a target that sent its head and then stalls; here every read waits at most
 * {@code idle}, then the exchange is cancelled and the read fails with {@link Stalled}.
 */
final class StreamedBody implements HttpResponse.BodySubscriber<InputStream> {
    /** No bytes arrived within the idle timeout. */
    static final class Stalled extends IOException {
        Stalled(Duration idle) {
            super("no data within " + idle.toMillis() + " ms");
        }
    }

    private static final Object END = new Object();
    private final BlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
    private final Duration idle;
    private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();

    StreamedBody(Duration idle) {
        this.idle = idle;
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedFuture(new Reader());
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription.complete(s);
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        arrived.add(buffers);
    }

    @Override
    public void onError(Throwable failure) {
        arrived.add(failure);
    }

    @Override
    public void onComplete() {
        arrived.add(END);
    }

    /** One byte through {@code in}'s block read, so that a stream that watches its reads sees it too. */
    static int readOne(InputStream in) throws IOException {
        byte[] one = new byte[1];
        int n;
        do {
            n = in.read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    private void cancel() {
        subscription.thenAccept(Flow.Subscription::cancel);
    }

    private final class Reader extends InputStream {
        private List<ByteBuffer> batch = List.of();
        private int index;
        private boolean ended;
        private boolean closed;

        @Override
        public int read() throws IOException {
            return readOne(this);
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            java.util.Objects.checkFromIndexSize(offset, length, into.length);
            if (closed) {
                throw new IOException("closed");
            }
            if (length == 0) {
                return 0;
            }
            while (true) {
                while (index < batch.size()) {
                    ByteBuffer buffer = batch.get(index);
                    if (buffer.hasRemaining()) {
                        int n = Math.min(length, buffer.remaining());
                        buffer.get(into, offset, n);
                        return n;
                    }
                    index++;
                }
                if (ended) {
                    return -1;
                }
                next();
            }
        }

        @SuppressWarnings("unchecked")
        private void next() throws IOException {
            Object next;
            try {
                next = arrived.poll(idle.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                cancel();
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the answer");
            }
            if (next == null) {
                cancel();
                throw new Stalled(idle);
            }
            if (next == END) {
                ended = true;
                batch = List.of();
                return;
            }
            if (next instanceof Throwable failure) {
                ended = true;
                batch = List.of();
                throw failure instanceof IOException io ? io : new IOException(failure);
            }
            batch = (List<ByteBuffer>) next;
            index = 0;
            subscription.thenAccept(s -> s.request(1)); // the next batch only now that this one is in hand
        }

        /** Closing before the end drops the rest of the exchange. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                if (!ended) {
                    cancel();
                }
            }
        }
    }
}
