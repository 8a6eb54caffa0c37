package dev.wingman.platform.api;

/**
 * Runs work once the current transaction has committed (at once when there is none), so that
 * other instances are told about a change only when they can read it, and never about a rollback.
 */
public interface AfterCommit {
    void run(Runnable action);
}
