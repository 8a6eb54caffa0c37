package dev.wingman.platform.internal;

import dev.wingman.platform.api.InstanceTimers;
import dev.wingman.platform.api.InvalidationBus;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Owns the Lettuce client: one command connection and one pub/sub connection. Wingman must start
 * and serve without Redis, so the first connection is retried in the background, commands are
 * rejected at once while disconnected (instead of queueing until a timeout), and every loss or
 * return of the connection moves the invalidation epoch.
 *
 * <p>Reconnecting and flushing publishes that wait are about this instance's own connection, so
 * they stay in-process, on the shared {@link InstanceTimers} (no executor of its own).
 */
@ApplicationScoped
public class RedisConnector implements RedisAccess, InvalidationBus {
    private static final Logger LOG = Logger.getLogger(RedisConnector.class.getName());

    private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
    private final AtomicLong epoch = new AtomicLong();
    private final PendingPublishes pending = new PendingPublishes(10_000);

    @Inject
    InstanceTimers timers;

    @Inject
    @ConfigProperty(name = "wingman.redis.url", defaultValue = "redis://127.0.0.1:6379")
    String url;

    @Inject
    @ConfigProperty(name = "wingman.redis.key-prefix", defaultValue = "wingman:")
    String prefix;

    @Inject
    @ConfigProperty(name = "wingman.redis.timeout-ms", defaultValue = "500")
    long timeoutMs;

    private RedisClient client;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile StatefulRedisPubSubConnection<String, String> pubSub;
    // Lettuce's isOpen() stays true while it reconnects, so connectivity is tracked from its events.
    private volatile boolean commandsUp;
    private volatile boolean pubSubUp;
    private volatile boolean stopping;
    private volatile Future<?> flusher;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(Duration.ofMillis(timeoutMs));
        client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofMillis(timeoutMs)))
                .build());
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(io.lettuce.core.RedisChannelHandler<?, ?> c, SocketAddress address) {
                track(c, true);
            }

            @Override
            public void onRedisDisconnected(io.lettuce.core.RedisChannelHandler<?, ?> c) {
                track(c, false);
            }
        });
        connect();
    }

    private void connect() {
        try {
            StatefulRedisConnection<String, String> c = client.connect();
            StatefulRedisPubSubConnection<String, String> ps = client.connectPubSub();
            ps.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    dispatch(channel, message);
                }
            });
            for (String topic : listeners.keySet()) {
                ps.sync().subscribe(channel(topic));
            }
            connection = c;
            pubSub = ps;
            commandsUp = true;
            pubSubUp = true;
            epoch.incrementAndGet();
            LOG.info("Redis connected at " + redacted());
            flusher = timers.every("redis-pending-publishes", Duration.ofSeconds(1), this::flushPending);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Redis at " + redacted() + " is unreachable (" + e.getMessage()
                    + "); serving without it and retrying every 2 s");
            if (!stopping) {
                timers.after(Duration.ofSeconds(2), this::connect);
            }
        }
    }

    private void track(Object handler, boolean up) {
        boolean wasUp = commandsUp;
        if (handler == connection) {
            commandsUp = up;
        } else if (handler == pubSub) {
            pubSubUp = up;
        } else {
            return;
        }
        epoch.incrementAndGet();
        if (stopping) {
            return;
        }
        if (wasUp && !commandsUp) {
            LOG.warning("Redis connection lost; serving degraded (per-instance rate limits, no caching) until it returns");
        } else if (!wasUp && commandsUp) {
            LOG.info("Redis connection restored");
            timers.execute(this::flushPending); // not on Lettuce's event thread, which must not block on a command
        }
    }

    private String redacted() {
        return redacted(url);
    }

    /** The URL without its credentials, up to the last "@": a password may hold "/" or "@" (unencoded) and must not show. */
    static String redacted(String url) {
        return url.replaceFirst("//.*@", "//***@");
    }

    private String channel(String topic) {
        return prefix + "bus:" + topic;
    }

    private void dispatch(String channel, String message) {
        String topic = channel.substring((prefix + "bus:").length());
        for (Consumer<String> listener : listeners.getOrDefault(topic, List.of())) {
            try {
                listener.accept(message);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Invalidation listener for " + topic + " failed", e);
            }
        }
    }

    @PreDestroy
    void stop() {
        stopping = true;
        Future<?> flushing = flusher;
        if (flushing != null) {
            flushing.cancel(false);
        }
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Override
    public Optional<RedisCommands<String, String>> commands() {
        StatefulRedisConnection<String, String> c = connection;
        return c != null && commandsUp ? Optional.of(c.sync()) : Optional.empty();
    }

    @Override
    public String key(String name) {
        return prefix + name;
    }

    /**
     * Publishes, after whatever still waits from an earlier failure; what cannot be sent now waits
     * and is retried every second and when the connection returns.
     */
    @Override
    public void publish(String topic, String message) {
        pending.add(topic, message);
        flushPending();
    }

    private void flushPending() {
        Optional<RedisCommands<String, String>> redis = commands();
        if (redis.isEmpty() || pending.size() == 0) {
            return;
        }
        pending.flush((topic, message) -> redis.get().publish(channel(topic), message));
        if (pending.size() > 0) {
            LOG.fine(pending.size() + " invalidations wait for Redis");
        }
    }

    @Override
    public void subscribe(String topic, Consumer<String> listener) {
        boolean first = !listeners.containsKey(topic);
        listeners.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(listener);
        StatefulRedisPubSubConnection<String, String> ps = pubSub;
        if (first && ps != null && pubSubUp) {
            try {
                ps.sync().subscribe(channel(topic));
            } catch (RuntimeException e) {
                LOG.fine("Subscribe to " + topic + " deferred: " + e.getMessage());
            }
        }
    }

    @Override
    public boolean connected() {
        return pubSub != null && pubSubUp;
    }

    @Override
    public long epoch() {
        return epoch.get();
    }
}
