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
        Tenancy.Standing standing = tenancy.require(caller, organisationId, OrgRoles.READ_ACTIVITY);
        Page<AuditTrail.Entry> entries = audit.search(AuditTrail.Scope.of(SCOPE, organisationId),
                new AuditTrail.Filter(actorId, action, null, null, null, null), page);
        if (standing.may(OrgRoles.MANAGE_MEMBERS)) {
            return entries;
        }
        // Plain members see what happened and who did it, not where the others were connecting from.
        return entries.map(e -> new AuditTrail.Entry(e.id(), e.actorId(), e.actorEmail(), e.action(), e.targetType(),
                e.targetId(), e.details(), null, e.requestId(), e.createdAt()));
    }
}
