package dev.wingman.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded default keeps its data directory: what was written before a restart is there after. */
class RestartPersistenceTest {

    @Test
    void embeddedPostgresKeepsDataAcrossRestarts(@TempDir Path dataDir) throws Exception {
        try (DevServices.EmbeddedDatabase first = DevServices.EmbeddedDatabase.start(dataDir.resolve("postgres"))) {
            try (Connection c = DriverManager.getConnection(first.jdbcUrl(), "postgres", "postgres"); Statement s = c.createStatement()) {
                s.execute("create table kept (name text)");
                s.execute("insert into kept values ('written before the restart')");
            }
        }
        try (DevServices.EmbeddedDatabase second = DevServices.EmbeddedDatabase.start(dataDir.resolve("postgres"))) {
            try (Connection c = DriverManager.getConnection(second.jdbcUrl(), "postgres", "postgres");
                 Statement s = c.createStatement();
                 ResultSet rows = s.executeQuery("select name from kept")) {
                assertTrue(rows.next());
                assertEquals("written before the restart", rows.getString(1));
            }
        }
    }
}
