package dev.wingman.servers.internal;

import dev.wingman.nodes.api.Wings;
import dev.wingman.nodes.api.WingsException;
import dev.wingman.platform.api.Ids;
import dev.wingman.platform.api.Jobs;
import dev.wingman.platform.api.OneOffJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;

import java.time.Duration;

/**
 * Tells a server's Wings to read its configuration again ({@code POST /api/servers/{uuid}/sync})
 * once a change to it has committed: a one-off job ({@code servers.wings-sync}) per change,
 * retried with back-off while the node does not answer, so the change stands whatever the node
 * does and reaches it when it is back. Wings reads the configuration as it is when the sync runs,
 * so a late or repeated run only ever sends the newest one.
 */
@ApplicationScoped
public class WingsSync implements OneOffJob {
    static final String JOB = "servers.wings-sync";
    /** 2 s, 4 s, 8 s, ... about 2.3 h in all: a node down for a while still gets the change. */
    static final Retry UNTIL_WINGS_TAKES_IT = new Retry(12, Duration.ofSeconds(2), 2.0);

    @Inject
    Jobs jobs;

    @Inject
    ServerStore store;

    @Inject
    Wings wings;

    /** Schedules a sync of the server for when the current transaction commits (nothing for a rolled-back change). */
    public void afterCommit(Server server) {
        // One execution per change: a run already in flight may have read the configuration before this change.
        jobs.scheduleAfterCommit(JOB, server.id + ":" + Ids.newId(), server.id);
    }

    @Override
    public String name() {
        return JOB;
    }

    @Override
    public Retry retry() {
        return UNTIL_WINGS_TAKES_IT;
    }

    @Override
    @ActivateRequestContext
    public Outcome run(String id, String serverId) {
        Server server = store.find(serverId);
        if (server == null) {
            return Outcome.done(); // deleted meanwhile: nothing left to tell
        }
        try {
            wings.sync(server.nodeId, server.uuid.toString());
        } catch (WingsException e) {
            if (e.failure() == WingsException.Failure.REJECTED && e.wingsStatus() == 404) {
                return Outcome.done(); // the node does not have it (moved or not created there): it reads it when it does
            }
            throw e;
        }
        return Outcome.done();
    }
}
