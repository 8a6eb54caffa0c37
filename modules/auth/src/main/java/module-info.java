/**
 * Accounts and access: users, passwords, sessions, two-factor login, API keys, roles, the admin
 * user screens and audit queries. Other modules use only {@code api}.
 */
module dev.wingman.auth {
    requires transitive dev.wingman.platform;
    requires io.helidon.security.jwt;
    requires io.helidon.common;
    requires jakarta.annotation;
    requires com.github.benmanes.caffeine;
    requires jakarta.json;
    requires java.logging;
    requires password4j;
    requires com.eatthepath.otp;
    requires org.apache.commons.codec;

    exports dev.wingman.auth.api;

    opens dev.wingman.auth.api to weld.core.impl, io.helidon.microprofile.cdi, org.eclipse.yasson;
    opens dev.wingman.auth.rest to weld.core.impl, io.helidon.microprofile.cdi, jersey.server, org.eclipse.yasson;
    opens dev.wingman.auth.internal to weld.core.impl, io.helidon.microprofile.cdi, jersey.server,
            org.hibernate.orm.core, org.eclipse.yasson;
}
