package dev.wingman.platform.api;

/** The permissions and audit actions of the platform module (feature flags), as its code names them. */
public final class PlatformPermissions {
    public static final String FEATURES_READ = "features:read";
    public static final String FEATURES_WRITE = "features:write";

    /** Audit: feature flags toggled. */
    public static final String AUDIT_FEATURE_UPDATE = "feature.update";

    private PlatformPermissions() {
    }
}
