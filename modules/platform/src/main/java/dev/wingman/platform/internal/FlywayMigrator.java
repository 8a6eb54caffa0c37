package dev.wingman.platform.internal;

import dev.wingman.platform.api.Migrations;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Named;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.util.logging.Logger;

import static jakarta.interceptor.Interceptor.Priority.PLATFORM_BEFORE;

/**
 * Brings the schema up to date before anything else touches the database (it observes start-up
 * ahead of every other bean), after checking every migration on the class path against
 * {@link Migrations#checkLayout}. Flyway's lock table serialises instances that start together.
 * It lives in platform, with the persistence unit and the base configuration, so that any
 * module's test panel migrates exactly as the assembled application does.
 */
@ApplicationScoped
public class FlywayMigrator {
    private static final Logger LOG = Logger.getLogger(FlywayMigrator.class.getName());

    void migrate(@Observes @Priority(PLATFORM_BEFORE) @Initialized(ApplicationScoped.class) Object ignored,
                 @Named("wingman") DataSource dataSource) {
        Flyway flyway = Migrations.configuration(FlywayMigrator.class.getClassLoader()).dataSource(dataSource).load();
        Migrations.checkLayout(flyway.info().all());
        MigrateResult result = flyway.migrate();
        LOG.info("Database schema at version " + result.targetSchemaVersion + " (" + result.migrationsExecuted + " migrations applied now)");
    }
}
