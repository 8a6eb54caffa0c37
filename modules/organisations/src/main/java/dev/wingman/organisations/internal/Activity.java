package dev.wingman.organisations.internal;

import dev.wingman.platform.api.AuditTrail;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;

/** Writes to an organisation's activity log (the audit trail scoped to the organisation). */
@ApplicationScoped
public class Activity {
    static final String SCOPE = "organisation";

    @Inject
    AuditTrail audit;

    @Inject
    Tenancy tenancy;

    void record(String organisationId, String action, String targetType, String targetId, Map<String, Object> details) {
        audit.record(AuditTrail.Scope.of(SCOPE, organisationId), action, targetType, targetId, details);
    }

    public Page<AuditTrail.Entry> search(Caller caller, String organisationId, String action, String actorId, PageRequest page) {
        tenancy.require(caller, organisationId, OrgRoles.READ_ACTIVITY);
        return audit.search(AuditTrail.Scope.of(SCOPE, organisationId),
                new AuditTrail.Filter(actorId, action, null, null, null, null), page);
    }
}
