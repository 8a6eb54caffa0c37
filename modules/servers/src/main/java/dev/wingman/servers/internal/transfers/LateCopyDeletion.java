package dev.wingman.servers.internal.transfers;

import dev.wingman.nodes.api.Wings;
import dev.wingman.servers.internal.ServerStore;
import dev.wingman.platform.api.OneOffJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A destination that reported success after its transfer had been called off deletes the copy it
 * made (the server lives on its source): a one-off job ({@code servers.transfer-drop-late-copy})
 * per node and server, retried with back-off until Wings confirms (it answers a copy that is
 * already gone as done). Every attempt first checks that the server has not come to live on that
 * node, or started moving there, since it was scheduled: its copy there is the server then.
 */
@ApplicationScoped
public class LateCopyDeletion implements OneOffJob {
    static final String JOB = "servers.transfer-drop-late-copy";

    @Inject
    Wings wings;

    @Inject
    ServerStore store;

    static String id(String nodeId, String serverUuid) {
        return nodeId + "/" + serverUuid;
    }

    @Override
    public String name() {
        return JOB;
    }

    @Override
    public Retry retry() {
        return TransferSourceDeletion.UNTIL_WINGS_CONFIRMS;
    }

    @Override
    public Outcome run(String id, String data) {
        int slash = id.indexOf('/');
        String nodeId = id.substring(0, slash);
        String serverUuid = id.substring(slash + 1);
        if (store.onOrComingTo(nodeId, serverUuid) == null) {
            wings.deleteServer(nodeId, serverUuid);
        }
        return Outcome.done();
    }
}
