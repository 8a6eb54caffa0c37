/**
 * Wingman's shared kernel: the error model, the current caller, permissions, feature flags,
 * rate limits, Redis access, the audit trail, paging, background work (jobs, instance timers),
 * and what boots a panel of any set of modules: the JAX-RS application, the persistence unit,
 * Flyway and the base configuration. Other modules use only {@code api}.
 */
module dev.wingman.platform {
    requires transitive jakarta.cdi;
    requires transitive jakarta.inject;
    requires transitive jakarta.ws.rs;
    requires transitive jakarta.json.bind;
    requires transitive jakarta.persistence;
    requires transitive jakarta.transaction;
    requires transitive microprofile.config.api;
    requires transitive microprofile.openapi.api;
    requires transitive java.net.http;
    requires transitive flyway.core;
    requires jakarta.annotation;
    requires org.hibernate.orm.core;
    requires io.helidon.faulttolerance;
    requires lettuce.core;
    requires com.github.benmanes.caffeine;
    requires jakarta.json;
    requires java.sql;
    requires java.logging;
    requires microprofile.health.api;
    requires microprofile.metrics.api;
    requires io.helidon;
    requires io.helidon.common.context;
    requires io.helidon.webserver;
    requires io.helidon.http;
    requires io.helidon.microprofile.server;
    requires reactor.core;
    requires org.jboss.jandex;
    requires com.github.kagkarlsson.scheduler;
    requires jakarta.mail;
    requires jakarta.activation;

    exports dev.wingman.platform.api;

    provides jakarta.enterprise.inject.spi.Extension with dev.wingman.platform.internal.ModuleEntities;

    opens dev.wingman.platform.api to weld.core.impl, io.helidon.microprofile.cdi, org.eclipse.yasson, org.hibernate.orm.core;
    opens dev.wingman.platform.rest to weld.core.impl, io.helidon.microprofile.cdi, jersey.server, org.eclipse.yasson;
    opens dev.wingman.platform.internal to weld.core.impl, io.helidon.microprofile.cdi, jersey.server,
            org.hibernate.orm.core, org.eclipse.yasson;
}
