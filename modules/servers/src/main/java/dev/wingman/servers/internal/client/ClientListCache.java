package dev.wingman.servers.internal.client;

import dev.wingman.nodes.api.NodeDirectory;
import dev.wingman.platform.api.SharedCache;
import dev.wingman.platform.api.SharedCaches;
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
 * served from here (see {@link SharedCache}).
 */
@ApplicationScoped
public class ClientListCache {
    static final String TOPIC = "client-lists";

    @Inject
    SharedCaches caches;

    @Inject
    NodeDirectory nodes;

    /** How long a page may be served at most, also if an invalidation were ever lost. */
    @Inject
    @ConfigProperty(name = "wingman.client.list-cache-ttl", defaultValue = "PT60S")
    Duration ttl;

    /** UTF-8 JSON, so a hit is written out without encoding a page of up to 100 servers again. */
    private SharedCache<byte[]> pages;

    @PostConstruct
    void init() {
        pages = caches.create(TOPIC, ttl, 20_000);
        nodes.onChange(nodeId -> pages.clearHere()); // every instance hears of a node change by itself
    }

    public byte[] get(String key, Function<String, byte[]> render) {
        return pages.get(key, render);
    }

    /** Drops every cached page here and on the other instances once the current transaction commits. */
    public void changed() {
        pages.invalidateAllAfterCommit();
    }
}
