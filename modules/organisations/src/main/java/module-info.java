/**
 * Organisations: multi-tenant workspaces with members, organisation roles, invites and an
 * activity log. Other modules use only {@code api}: membership-aware permission checks and the
 * hook through which they stop an organisation that still owns their resources from being deleted.
 */
module dev.wingman.organisations {
    requires transitive dev.wingman.platform;
    requires transitive dev.wingman.auth;
    requires jakarta.annotation;
    requires org.hibernate.orm.core;
    requires jakarta.json;
    requires java.logging;
    requires org.dnsjava;

    exports dev.wingman.organisations.api;

    opens dev.wingman.organisations.api to weld.core.impl, io.helidon.microprofile.cdi, org.eclipse.yasson;
    opens dev.wingman.organisations.rest to weld.core.impl, io.helidon.microprofile.cdi, jersey.server, org.eclipse.yasson;
    opens dev.wingman.organisations.internal to weld.core.impl, io.helidon.microprofile.cdi, jersey.server,
            org.hibernate.orm.core, org.eclipse.yasson;
}
