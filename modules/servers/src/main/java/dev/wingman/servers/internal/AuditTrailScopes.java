package dev.wingman.servers.internal;

import dev.wingman.platform.api.AuditTrail;

/** The audit-trail scope holding one server's activity log. */
final class AuditTrailScopes {
    private AuditTrailScopes() {
    }

    static AuditTrail.Scope server(String serverId) {
        return AuditTrail.Scope.of("server", serverId);
    }
}
