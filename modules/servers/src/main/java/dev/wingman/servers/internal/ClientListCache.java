package dev.wingman.servers.internal;

import dev.wingman.nodes.api.NodeDirectory;
import dev.wingman.platform.api.AfterCommit;
import dev.wingman.platform.api.InvalidationBus;
import dev.wingman.platform.api.LocalCache;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.function.Function;

/**
 * Rendered {@code GET /api/client} pages, per caller and query, on each instance. Every write that
 * can change what a list shows (a server, its ports, subusers, an egg, a node) drops them all on
 * every instance once it commits; which organisations a caller may read servers in is part of the
 * key, so membership changes need no message. While the invalidation bus is down nothing is
 * served from here (see {@link LocalCache}).
 */
@ApplicationScoped
public class ClientListCache {
    static final String TOPIC = "client-lists";

    @Inject
    InvalidationBus bus;

    @Inject
    AfterCommit afterCommit;

    @Inject
    NodeDirectory nodes;

    /** How long a page may be served at most, also if an invalidation were ever lost. */
    @Inject
    @ConfigProperty(name = "wingman.client.list-cache-ttl", defaultValue = "PT60S")
    Duration ttl;

    /** UTF-8 JSON, so a hit is written out without encoding a page of up to 100 servers again. */
    private LocalCache<String, byte[]> pages;

    @PostConstruct
    void init() {
        pages = new LocalCache<>(bus, ttl, 20_000);
        bus.subscribe(TOPIC, message -> pages.clear());
        nodes.onChange(nodeId -> pages.clear());
    }

    public byte[] get(String key, Function<String, byte[]> render) {
        return pages.get(key, render);
    }

    /** Drops every cached page here and on the other instances once the current transaction commits. */
    public void changed() {
        afterCommit.run(() -> {
            pages.clear();
            bus.publish(TOPIC, "*");
        });
    }
}
