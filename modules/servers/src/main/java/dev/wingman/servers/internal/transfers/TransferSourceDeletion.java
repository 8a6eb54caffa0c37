package dev.wingman.servers.internal.transfers;

import dev.wingman.platform.api.OneOffJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;

import java.time.Duration;

/**
 * After a transfer succeeded, the source node deletes its copy of the server: a one-off job per
 * transfer ({@code servers.transfer-delete-source}), retried with back-off until Wings confirms;
 * the transfer sweep schedules it again should it ever run out of attempts.
 */
@ApplicationScoped
public class TransferSourceDeletion implements OneOffJob {
    static final String JOB = "servers.transfer-delete-source";
    /** Wings side effects of transfers: tried again for hours (5 s, 10 s, 20 s, ... about 3 h in all). */
    static final Retry UNTIL_WINGS_CONFIRMS = new Retry(12, Duration.ofSeconds(5), 2.0);

    @Inject
    ServerTransfers transfers;

    @Override
    public String name() {
        return JOB;
    }

    @Override
    public Retry retry() {
        return UNTIL_WINGS_CONFIRMS;
    }

    @Override
    @ActivateRequestContext
    public Outcome run(String transferId, String data) {
        transfers.deleteSourceCopy(transferId);
        return Outcome.done();
    }
}
