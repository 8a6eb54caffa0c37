package dev.wingman.app;

import dev.wingman.platform.api.Migrations;
import dev.wingman.testkit.api.TestServices;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Migrations moved from one root folder into their modules (db/migration/&lt;module&gt;/). Databases
 * migrated before the move hold V1..V15 with these descriptions and checksums (taken from
 * flyway_schema_history of a database migrated from the old db/migration folder); the move must
 * not change one of them, and such a database must start on the new layout running only the
 * migrations written after the move.
 */
class MigrationLayoutTest {
    /** version -> "description|checksum" as a database migrated by the old flat layout holds them. */
    private static final Map<String, String> BEFORE_THE_MOVE = new LinkedHashMap<>();

    static {
        BEFORE_THE_MOVE.put("1", "platform feature flags and audit|-1558498877");
        BEFORE_THE_MOVE.put("2", "auth accounts|335926157");
        BEFORE_THE_MOVE.put("3", "platform audit scopes|-980914105");
        BEFORE_THE_MOVE.put("4", "organisations core|-816703368");
        BEFORE_THE_MOVE.put("5", "organisations dns zones|-657322118");
        BEFORE_THE_MOVE.put("6", "nodes|-1885551966");
        BEFORE_THE_MOVE.put("7", "servers eggs|-1647551257");
        BEFORE_THE_MOVE.put("8", "servers|-1014937648");
        BEFORE_THE_MOVE.put("9", "client api numeric ids|1291720948");
        BEFORE_THE_MOVE.put("10", "server subusers|1857383253");
        BEFORE_THE_MOVE.put("11", "server states|-846405934");
        BEFORE_THE_MOVE.put("12", "server transfers|2102350663");
        BEFORE_THE_MOVE.put("13", "ssh keys|1437136156");
        BEFORE_THE_MOVE.put("14", "servers console grants|-2124305077");
        BEFORE_THE_MOVE.put("15", "organisations dns zone proofs|-36158994");
    }

    private final ClassLoader loader = MigrationLayoutTest.class.getClassLoader();

    @Test
    void aFreshDatabaseGetsTheSameHistoryFromTheModules() throws Exception {
        String url = TestServices.freshDatabase(TestServices.get().jdbcUrl());
        Flyway flyway = Migrations.configuration(loader).dataSource(url, null, null).load();
        Migrations.checkLayout(flyway.info().all());
        flyway.migrate();
        Map<String, String> history = history(url);
        for (Map.Entry<String, String> before : BEFORE_THE_MOVE.entrySet()) {
            assertEquals(before.getValue(), history.get(before.getKey()), "V" + before.getKey());
        }
    }

    @Test
    void aDatabaseMigratedByTheOldLayoutRunsOnlyWhatCameAfterTheMove(@TempDir Path oldLayout) throws Exception {
        // The old layout: every module's scripts side by side in one folder, under their own names.
        String url = TestServices.freshDatabase(TestServices.get().jdbcUrl());
        for (MigrationInfo migration : Migrations.configuration(loader).dataSource(url, null, null).load().info().all()) {
            String script = migration.getScript();
            if (Long.parseLong(migration.getVersion().getVersion()) <= 15) {
                try (InputStream in = loader.getResourceAsStream("db/migration/" + script)) {
                    assertNotNull(in, script);
                    Files.copy(in, oldLayout.resolve(script.substring(script.lastIndexOf('/') + 1)));
                }
            }
        }
        MigrateResult old = Flyway.configure(loader).dataSource(url, null, null)
                .locations("filesystem:" + oldLayout).load().migrate();
        assertEquals(15, old.migrationsExecuted);
        assertEquals(BEFORE_THE_MOVE, history(url), "the old layout records what deployments hold");

        Flyway now = Migrations.configuration(loader).dataSource(url, null, null).load();
        Migrations.checkLayout(now.info().all());
        // As migrate() validates at start-up: what is applied must match; scripts written after the
        // move (V16 on) are pending here, which is not an error but the work counted below.
        Flyway validating = Migrations.configuration(loader).dataSource(url, null, null)
                .ignoreMigrationPatterns("*:pending").load();
        assertTrue(validating.validateWithResult().validationSuccessful, () -> validating.validateWithResult().getAllErrorMessages());
        long newer = now.info().pending().length;
        MigrateResult result = now.migrate();
        assertEquals(newer, result.migrationsExecuted, "only migrations written after the move run");
        Map<String, String> after = history(url);
        BEFORE_THE_MOVE.forEach((version, row) -> assertEquals(row, after.get(version), "V" + version));
    }

    @Test
    void theLayoutRuleKeepsModulesApart() {
        assertNull(Migrations.problem("servers/V9__client_api_numeric_ids.sql", MigrationVersion.fromVersion("9")));
        assertNull(Migrations.problem("billing/V202607011230__plans.sql", MigrationVersion.fromVersion("202607011230")));
        assertNotNull(Migrations.problem("V202607011230__plans.sql", MigrationVersion.fromVersion("202607011230")),
                "outside a module folder");
        assertNotNull(Migrations.problem("billing/V17__plans.sql", MigrationVersion.fromVersion("17")),
                "the shared sequence is closed");
        assertNotNull(Migrations.problem("billing/V1.2__plans.sql", MigrationVersion.fromVersion("1.2")));
        assertNotNull(Migrations.problem("billing/V202613011230__plans.sql", MigrationVersion.fromVersion("202613011230")),
                "month 13");
        assertNotNull(Migrations.problem("billing/x/V202607011230__plans.sql", MigrationVersion.fromVersion("202607011230")));
    }

    @Test
    void aMigrationOutsideAModuleFolderStopsStartUp(@TempDir Path root) throws Exception {
        Path flat = Files.createDirectories(root.resolve("db/migration"));
        Files.writeString(flat.resolve("V16__somewhere.sql"), "select 1;");
        Flyway flyway = Flyway.configure(loader).locations("filesystem:" + flat)
                .dataSource(TestServices.freshDatabase(TestServices.get().jdbcUrl()), null, null).load();
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> Migrations.checkLayout(flyway.info().all()));
        assertTrue(refused.getMessage().contains("V16__somewhere.sql: must be in its module's folder"), refused.getMessage());
    }

    private static Map<String, String> history(String url) throws Exception {
        Map<String, String> rows = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select version, description, checksum from flyway_schema_history"
                     + " where version is not null order by installed_rank")) {
            while (r.next()) {
                rows.put(r.getString(1), r.getString(2) + "|" + r.getInt(3));
            }
        }
        return rows;
    }
}
