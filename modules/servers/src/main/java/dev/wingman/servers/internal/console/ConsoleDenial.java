package dev.wingman.servers.internal.console;

import dev.wingman.nodes.api.Wings;
import dev.wingman.platform.api.OneOffJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Arrays;

/**
 * A console-token denial Wings did not take at once (the node was down or its breaker open): a
 * one-off job ({@code servers.console-deny}) retried with back-off for longer than a console
 * token lives, so a revocation reaches a node that comes back while the token would still work.
 * Denying twice is harmless: Wings keeps a set.
 */
@ApplicationScoped
public class ConsoleDenial implements OneOffJob {
    static final String JOB = "servers.console-deny";
    /** 2 s, 4 s, 8 s, ... about 17 minutes in all: longer than a console token's 15-minute life. */
    private static final Retry UNTIL_TOKENS_EXPIRE = new Retry(10, Duration.ofSeconds(2), 2.0);

    @Inject
    Wings wings;

    /** What the job's data holds: where to deny and which token ids. */
    static String data(String nodeId, String serverUuid, Iterable<String> jtis) {
        return nodeId + " " + serverUuid + " " + String.join(",", jtis);
    }

    @Override
    public String name() {
        return JOB;
    }

    @Override
    public Retry retry() {
        return UNTIL_TOKENS_EXPIRE;
    }

    @Override
    public Outcome run(String id, String data) {
        String[] parts = data.split(" ", 3);
        wings.denyTokens(parts[0], parts[1], Arrays.asList(parts[2].split(",")));
        return Outcome.done();
    }
}
