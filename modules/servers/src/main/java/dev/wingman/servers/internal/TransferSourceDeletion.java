package dev.wingman.servers.internal;

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

    @Inject
    ServerTransfers transfers;

    @Override
    public String name() {
        return JOB;
    }

    @Override
    public Retry retry() {
        return new Retry(12, Duration.ofSeconds(5), 2.0);
    }

    @Override
    @ActivateRequestContext
    public Outcome run(String transferId, String data) {
        transfers.deleteSourceCopy(transferId);
        return Outcome.done();
    }
}
