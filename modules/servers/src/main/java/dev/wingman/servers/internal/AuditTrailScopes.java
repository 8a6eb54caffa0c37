package dev.wingman.servers.internal;

import dev.wingman.platform.api.AuditTrail;

/** The audit-trail scope holding one server's activity log. */
public final class AuditTrailScopes {
    private AuditTrailScopes() {
    }

    public static AuditTrail.Scope server(String serverId) {
        return AuditTrail.Scope.of("server", serverId);
    }
}
