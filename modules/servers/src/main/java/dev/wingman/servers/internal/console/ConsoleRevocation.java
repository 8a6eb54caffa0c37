package dev.wingman.servers.internal.console;

import dev.wingman.nodes.api.Wings;
import dev.wingman.nodes.api.WingsException;
import dev.wingman.platform.api.Ids;
import dev.wingman.platform.api.Jobs;
import dev.wingman.platform.api.OneOffJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Denies at Wings the live console tokens of up to {@link ConsoleGrants#CHUNK} accounts whose
 * authority shrank: a one-off job ({@code servers.console-revoke}) so that the denial is not lost
 * with the instance that saw the change. Per server one {@code ws/deny}; a node that does not take
 * it gets its own {@link ConsoleDenial} job, retried while the tokens could still work. The grants
 * are forgotten only after that, and only as they were read, so a run repeated after a takeover
 * denies again (harmless: Wings keeps a set) instead of missing a token.
 */
@ApplicationScoped
public class ConsoleRevocation implements OneOffJob {
    static final String JOB = "servers.console-revoke";
    private static final Logger LOG = Logger.getLogger(ConsoleRevocation.class.getName());
    /** Reading the grants fails only with the database: 1 s, 2 s, 4 s, ... within a token's life. */
    private static final Retry WHILE_TOKENS_LIVE = new Retry(9, Duration.ofSeconds(1), 2.0);

    @Inject
    ConsoleGrants grants;

    @Inject
    Wings wings;

    @Inject
    Jobs jobs;

    /** The job's data: the accounts, comma-separated (ids never hold a comma). */
    static String data(List<String> userIds) {
        return String.join(",", userIds);
    }

    @Override
    public String name() {
        return JOB;
    }

    @Override
    public Retry retry() {
        return WHILE_TOKENS_LIVE;
    }

    @Override
    public Outcome run(String id, String data) {
        List<String> userIds = data.isEmpty() ? List.of() : Arrays.asList(data.split(","));
        List<ConsoleGrants.Held> live = grants.live(userIds);
        Map<String, List<ConsoleGrants.Held>> byServer = live.stream()
                .collect(Collectors.groupingBy(ConsoleGrants.Held::serverId, LinkedHashMap::new, Collectors.toList()));
        for (List<ConsoleGrants.Held> onServer : byServer.values()) {
            ConsoleGrants.Held held = onServer.get(0);
            List<String> jtis = onServer.stream().map(h -> ConsoleCredentials.jti(h.userId(), h.serverUuid())).toList();
            try {
                wings.denyTokens(held.nodeId(), held.serverUuid(), jtis);
            } catch (WingsException e) {
                LOG.log(Level.INFO, "Console tokens for server " + held.serverId() + " will be denied at Wings later: "
                        + e.detail());
                jobs.schedule(ConsoleDenial.JOB, held.serverId() + "/" + Ids.newId(),
                        ConsoleDenial.data(held.nodeId(), held.serverUuid(), jtis));
            }
        }
        grants.forget(userIds, live);
        return Outcome.done();
    }
}
