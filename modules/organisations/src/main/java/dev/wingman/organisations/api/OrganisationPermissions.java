package dev.wingman.organisations.api;

/** The permissions and audit actions of the organisations module, as its code names them. */
public final class OrganisationPermissions {
    /** Panel: create organisations (the default role holds it). */
    public static final String CREATE = "organisations:create";
    /** Panel: the admin screens over every organisation (list, set tiers). */
    public static final String MANAGE = "organisations:manage";
    /** Panel: act in every organisation as its owner. */
    public static final String ADMINISTER = "organisations:*";
    /** Panel (staff look at every organisation) and organisation (see it, its members and roles). */
    public static final String READ = "organisations:read";
    public static final String UPDATE = "organisations:update";
    public static final String DELETE = "organisations:delete";
    public static final String MANAGE_MEMBERS = "organisations:members:manage";
    public static final String MANAGE_INVITES = "organisations:invites:manage";
    public static final String MANAGE_ROLES = "organisations:roles:manage";
    public static final String READ_ACTIVITY = "organisations:activity:read";
    public static final String DNS_READ = "dns:read";
    public static final String DNS_MANAGE = "dns:manage";

    /** Audit actions of the admin trail. */
    public static final String AUDIT_ORGANISATION_DELETE = "organisation.delete";
    public static final String AUDIT_ORGANISATION_TIER_SET = "organisation.update";

    /** Audit actions of an organisation's activity log. */
    public static final String ACTIVITY_ORGANISATION_CREATE = "organisation.create";
    public static final String ACTIVITY_ORGANISATION_UPDATE = "organisation.update";
    public static final String ACTIVITY_ORGANISATION_TIER = "organisation.tier";
    public static final String ACTIVITY_ORGANISATION_TRANSFER = "organisation.transfer";
    public static final String ACTIVITY_MEMBER_ROLE = "member.role";
    public static final String ACTIVITY_MEMBER_REMOVE = "member.remove";
    public static final String ACTIVITY_MEMBER_LEAVE = "member.leave";
    public static final String ACTIVITY_INVITE_CREATE = "invite.create";
    public static final String ACTIVITY_INVITE_REVOKE = "invite.revoke";
    public static final String ACTIVITY_INVITE_ACCEPT = "invite.accept";
    public static final String ACTIVITY_INVITE_DECLINE = "invite.decline";
    public static final String ACTIVITY_ROLE_CREATE = "role.create";
    public static final String ACTIVITY_ROLE_UPDATE = "role.update";
    public static final String ACTIVITY_ROLE_DELETE = "role.delete";
    public static final String ACTIVITY_DNS_ZONE_CREATE = "dns.zone.create";
    public static final String ACTIVITY_DNS_ZONE_CLAIM = "dns.zone.claim";
    public static final String ACTIVITY_DNS_ZONE_DELETE = "dns.zone.delete";
    public static final String ACTIVITY_DNS_RECORD_CREATE = "dns.record.create";
    public static final String ACTIVITY_DNS_RECORD_UPDATE = "dns.record.update";
    public static final String ACTIVITY_DNS_RECORD_DELETE = "dns.record.delete";

    private OrganisationPermissions() {
    }
}
