package dev.wingman.billing;

import dev.wingman.billing.api.EntitlementChanged;
import dev.wingman.billing.internal.orders.Orders;
import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.panel.PanelTest;
import io.helidon.microprofile.testing.AddBean;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** EntitlementChanged: fired once per activation, after its transaction committed, never for a rollback. */
@HelidonTest
@AddBean(EntitlementEventsTest.Seen.class)
@AddBean(EntitlementEventsTest.FailingConfirmation.class)
class EntitlementEventsTest extends PanelTest {
    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(Map.of());
    }

    /** Each event with the transaction status it was observed in. */
    record Observed(EntitlementChanged event, int transactionStatus) {
    }

    @ApplicationScoped
    public static class Seen {
        static final List<Observed> EVENTS = new CopyOnWriteArrayList<>();

        @Inject
        TransactionSynchronizationRegistry transactions;

        void on(@Observes EntitlementChanged event) {
            EVENTS.add(new Observed(event, transactions.getTransactionStatus()));
        }

        static List<Observed> of(String subjectId) {
            return EVENTS.stream().filter(o -> o.event().subjectId().equals(subjectId)).toList();
        }
    }

    /** Confirms a payment inside a transaction that then fails, as any later step of it could. */
    @ApplicationScoped
    public static class FailingConfirmation {
        @Inject
        Orders orders;

        @ActivateRequestContext // the audit trail reads the (absent) caller from the request
        @Transactional
        public void confirmThenFail(String actorId, String orderId) {
            orders.confirmPayment(actorId, orderId, "late-1", null);
            throw new IllegalStateException("a later step failed");
        }
    }

    @Inject
    FailingConfirmation failing;

    private String plan(String admin, long amount, int servers) {
        ApiClient.Response created = api().post("/api/admin/plans", "{\"name\":\"Plan-" + UUID.randomUUID().toString()
                .substring(0, 8) + "\",\"description\":\"\",\"tier\":\"paid\",\"price\":{\"amount\":" + amount
                + ",\"currency\":\"EUR\"},\"period\":\"monthly\",\"limits\":{\"servers\":" + servers + ",\"memoryMib\":4096,"
                + "\"diskMib\":20480,\"cpuPercent\":200,\"allocations\":4,\"databases\":2,\"backups\":3,\"tunnelPorts\":0,"
                + "\"aiTokens\":0},\"visible\":true,\"active\":true}", admin);
        assertEquals(201, created.status(), created.toString());
        return created.json().getString("id");
    }

    private ApiClient.Response order(String token, String planId) {
        return api().send("POST", "/api/orders", "{\"planId\":\"" + planId + "\"}", token,
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
    }

    @Test
    void anActivationIsAnnouncedOnceAfterCommitAndARollbackNever() {
        String admin = adminToken();
        String buyer = userToken("announced");
        String buyerId = userId(buyer);

        // A free plan is active at once: from the free tier to the plan.
        String free = plan(admin, 0, 3);
        ApiClient.Response first = order(buyer, free);
        assertEquals("active", first.json().getString("state"), first.toString());
        List<Observed> seen = Seen.of(buyerId);
        assertEquals(1, seen.size(), seen.toString());
        EntitlementChanged started = seen.get(0).event();
        assertNotEquals(Status.STATUS_ACTIVE, seen.get(0).transactionStatus(), "fired after the commit, outside it");
        assertEquals(EntitlementChanged.ACCOUNT, started.subjectType());
        assertTrue(started.before().free());
        assertNull(started.before().planId());
        assertEquals(first.json().getString("id"), started.after().orderId());
        assertEquals(3, started.after().limits().servers());

        // A paid order confirmed by staff in a transaction that rolls back: nothing changed, nothing announced.
        String paid = plan(admin, 900, 1);
        String method = api().post("/api/admin/payment-methods", "{\"kind\":\"bank_transfer\",\"name\":\"Bank-"
                + UUID.randomUUID().toString().substring(0, 8) + "\",\"instructions\":\"IBAN\",\"active\":true}", admin)
                .json().getString("id");
        String second = order(buyer, paid).json().getString("id");
        assertEquals(200, api().post("/api/orders/" + second + "/checkout", "{\"paymentMethodId\":\"" + method + "\"}", buyer)
                .status());
        assertThrows(IllegalStateException.class, () -> failing.confirmThenFail(userId(admin), second));
        assertEquals(1, Seen.of(buyerId).size(), "a rolled-back activation is not announced");
        assertEquals(first.json().getString("id"), api().get("/api/billing/subscription", buyer).json().getString("orderId"));

        // Confirmed for real, it supersedes the free plan's order: announced once, from that plan to this one.
        assertEquals(200, api().post("/api/admin/orders/" + second + "/confirm-payment", "{\"reference\":\"SEPA-9\"}", admin)
                .status());
        seen = Seen.of(buyerId);
        assertEquals(2, seen.size(), seen.toString());
        EntitlementChanged superseded = seen.get(1).event();
        assertEquals(first.json().getString("id"), superseded.before().orderId());
        assertEquals(second, superseded.after().orderId());
        assertEquals(1, superseded.after().limits().servers());

        // An organisation's activation names the organisation.
        String org = api().post("/api/organisations", "{\"name\":\"Guild\",\"handle\":\"g-" + UUID.randomUUID().toString()
                .substring(0, 8) + "\"}", buyer).json().getString("id");
        ApiClient.Response forOrg = api().send("POST", "/api/orders", "{\"planId\":\"" + free + "\",\"organisationId\":\""
                + org + "\"}", buyer, Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertEquals("active", forOrg.json().getString("state"), forOrg.toString());
        List<Observed> ofOrg = Seen.of(org);
        assertEquals(1, ofOrg.size(), ofOrg.toString());
        assertEquals(EntitlementChanged.ORGANISATION, ofOrg.get(0).event().subjectType());
        assertEquals(2, Seen.of(buyerId).size(), "the account's own entitlement did not change");
    }
}
