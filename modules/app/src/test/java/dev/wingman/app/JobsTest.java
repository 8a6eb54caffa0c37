package dev.wingman.app;

import dev.wingman.testkit.api.TestServices;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

import static dev.wingman.app.NodeTest.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The panel's jobs as an operator sees them: the modules' jobs are found without a central list,
 * persisted in {@code scheduled_tasks}, and metered. (Two schedulers on one database, retries and
 * back-off: {@code JobRuntimeTest} in platform.)
 */
@HelidonTest
class JobsTest extends PanelTest {
    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(NodeTestSupport.fastNodes());
    }

    @Test
    void theModulesJobsArePersistedAndMetered() throws Exception {
        Set<String> recurring = new HashSet<>();
        try (Connection db = DriverManager.getConnection(TestServices.get().panelConfig().get("wingman.database.url"));
             Statement s = db.createStatement();
             ResultSet rows = s.executeQuery("select task_name from scheduled_tasks where task_instance = 'recurring'")) {
            while (rows.next()) {
                recurring.add(rows.getString(1));
            }
        }
        assertTrue(recurring.containsAll(Set.of("nodes.heartbeats", "nodes.heartbeat-prune", "nodes.operations-resume",
                "servers.state-poll", "servers.transfer-sweep")), "every module's recurring job has its row: " + recurring);

        await("runs are counted per job", () -> metrics().lines().anyMatch(l -> l.startsWith("wingman_jobs_runs_total{")
                && l.contains("job=\"nodes.heartbeats\"") && !l.endsWith(" 0.0")));
        String metrics = metrics();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("wingman_jobs_lag_seconds") && l.contains("job=\"servers.state-poll\"")),
                "lag is exported");
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("wingman_jobs_failures_total{")
                && l.contains("job=\"servers.transfer-delete-source\"")), "one-off jobs have their meters from the start");
    }

    private String metrics() {
        return api().get("/metrics?scope=application", null).body();
    }
}
