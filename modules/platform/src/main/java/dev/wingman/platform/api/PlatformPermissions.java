package dev.wingman.platform.api;

/** The permissions and audit actions of the platform module (feature flags, the mail outbox), as its code names them. */
public final class PlatformPermissions {
    public static final String FEATURES_READ = "features:read";
    public static final String FEATURES_WRITE = "features:write";
    /** See the mail outbox: what was sent, what waits, what failed (never a message's body). */
    public static final String MAIL_READ = "mail:read";
    /** Send a test message through the outbox. */
    public static final String MAIL_MANAGE = "mail:manage";

    /** Audit: feature flags toggled. */
    public static final String AUDIT_FEATURE_UPDATE = "feature.update";
    /** Audit: a test message was queued. */
    public static final String AUDIT_MAIL_TEST = "mail.test";

    private PlatformPermissions() {
    }
}
