package dev.wingman.platform.internal;

import dev.wingman.platform.api.PermissionContributor;
import dev.wingman.platform.api.Scopes;
import jakarta.enterprise.context.ApplicationScoped;

import static dev.wingman.platform.api.PermissionCatalogue.Context.ACCOUNT;
import static dev.wingman.platform.api.PermissionCatalogue.Context.PANEL;
import static dev.wingman.platform.api.PlatformPermissions.AUDIT_FEATURE_UPDATE;
import static dev.wingman.platform.api.PlatformPermissions.FEATURES_READ;
import static dev.wingman.platform.api.PlatformPermissions.FEATURES_WRITE;
import static dev.wingman.platform.api.PlatformPermissions.AUDIT_MAIL_TEST;
import static dev.wingman.platform.api.PlatformPermissions.MAIL_MANAGE;
import static dev.wingman.platform.api.PlatformPermissions.MAIL_READ;

/** Feature flags, and the account scopes of {@link Scopes} that API keys may name. */
@ApplicationScoped
public class PlatformPermissionContributor implements PermissionContributor {
    @Override
    public Contribution contribution() {
        return Contribution.of("platform")
                .permission(FEATURES_READ, "See every feature flag and its value", PANEL)
                .permission(FEATURES_WRITE, "Turn feature flags on and off", PANEL)
                .permission(MAIL_READ, "See the mail outbox: messages sent, waiting and failed (not their bodies)", PANEL)
                .permission(MAIL_MANAGE, "Send a test message through the mail outbox", PANEL)
                .permission(Scopes.PROFILE, "API-key scope: change the account's own profile fields", ACCOUNT)
                .permission(Scopes.SECURITY, "API-key scope: password, two-factor login, sessions and API keys", ACCOUNT)
                .permission(Scopes.SSH_KEYS, "API-key scope: the SSH keys that log in over SFTP as the account", ACCOUNT)
                .permission(Scopes.ORGANISATIONS_JOIN, "API-key scope: accept or decline organisation invitations", ACCOUNT)
                .permission(Scopes.ORGANISATIONS_LEAVE, "API-key scope: leave an organisation", ACCOUNT)
                .audit("panel", AUDIT_FEATURE_UPDATE, "Feature flags were toggled")
                .audit("panel", AUDIT_MAIL_TEST, "A test message was queued in the mail outbox")
                .build();
    }
}
