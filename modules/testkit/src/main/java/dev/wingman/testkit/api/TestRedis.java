package dev.wingman.testkit.api;

import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** An embedded redis-server on a free port that a test can stop and start again (to test outages). */
public final class TestRedis {
    private final int port;
    private RedisServer server;

    private TestRedis(int port) {
        this.port = port;
    }

    public static TestRedis start() {
        try (ServerSocket socket = new ServerSocket(0)) {
            TestRedis redis = new TestRedis(socket.getLocalPort());
            socket.close();
            redis.resume();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public synchronized void stop() {
        if (server != null) {
            try {
                server.stop();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server = null;
        }
    }

    /** Starts the server again on the same port. */
    public synchronized void resume() {
        if (server == null) {
            try {
                server = RedisServer.newRedisServer().bind("127.0.0.1").port(port).setting("save \"\"").build();
                server.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
