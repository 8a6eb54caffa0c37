package dev.wingman.servers.internal.transfers;

import dev.wingman.nodes.api.Wings;
import dev.wingman.platform.api.OneOffJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A destination that reported success after its transfer had been called off deletes the copy it
 * made (the server lives on its source): a one-off job ({@code servers.transfer-drop-late-copy})
 * per node and server, retried with back-off until Wings confirms (it answers a copy that is
 * already gone as done).
 */
@ApplicationScoped
public class LateCopyDeletion implements OneOffJob {
    static final String JOB = "servers.transfer-drop-late-copy";

    @Inject
    Wings wings;

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
        wings.deleteServer(id.substring(0, slash), id.substring(slash + 1));
        return Outcome.done();
    }
}
