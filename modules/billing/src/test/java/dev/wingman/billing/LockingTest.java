package dev.wingman.billing;

import dev.wingman.billing.internal.Plan;
import dev.wingman.platform.api.Locking;
import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.panel.PanelTest;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.TransactionManager;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Row locks under the panel's one persistence context per transaction: a row the transaction read
 * without a lock, changed by another transaction since, is seen as it is now once locked.
 */
@HelidonTest
class LockingTest extends PanelTest {
    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(Map.of());
    }

    private static String plan(String name) {
        return "{\"name\":\"" + name + "\",\"description\":\"\",\"tier\":\"paid\",\"price\":{\"amount\":500,"
                + "\"currency\":\"EUR\"},\"period\":\"monthly\",\"limits\":{\"servers\":1,\"memoryMib\":1024,\"diskMib\":1024,"
                + "\"cpuPercent\":100,\"allocations\":1,\"databases\":0,\"backups\":0,\"tunnelPorts\":0,\"aiTokens\":0},"
                + "\"visible\":true,\"active\":true}";
    }

    @Test
    void aRowReadEarlierInTheTransactionIsReadAgainWhenLocked() throws Exception {
        String admin = adminToken();
        String first = "Before-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.Response created = api().post("/api/admin/plans", plan(first), admin);
        assertEquals(201, created.status(), created.toString());
        String id = created.json().getString("id");

        EntityManager em = CDI.current().select(EntityManager.class, new AnnotationLiteral<PanelPersistence>() { }).get();
        TransactionManager transactions = CDI.current().select(TransactionManager.class).get();
        transactions.begin();
        try {
            assertEquals(first, em.find(Plan.class, id).name, "read without a lock: the transaction holds it now");
            // Another transaction renames it and commits meanwhile (this one holds no lock yet).
            String renamed = "After-" + UUID.randomUUID().toString().substring(0, 8);
            assertEquals(200, api().put("/api/admin/plans/" + id, plan(renamed), admin).status());
            assertEquals(first, em.find(Plan.class, id, LockModeType.PESSIMISTIC_WRITE).name,
                    "what a plain locked find answers: the fields as first read");
            assertEquals(renamed, Locking.row(em, Plan.class, id).name, "locked, and as it is now");
        } finally {
            transactions.rollback();
        }
    }
}
