package dev.wingman.platform.internal;

import dev.wingman.platform.api.AfterCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.util.logging.Level;
import java.util.logging.Logger;

@ApplicationScoped
public class JtaAfterCommit implements AfterCommit {
    private static final Logger LOG = Logger.getLogger(JtaAfterCommit.class.getName());

    @Inject
    TransactionSynchronizationRegistry registry;

    @Override
    public void run(Runnable action) {
        if (registry.getTransactionStatus() != Status.STATUS_ACTIVE) {
            action.run();
            return;
        }
        registry.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    try {
                        action.run();
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "After-commit action failed", e);
                    }
                }
            }
        });
    }
}
