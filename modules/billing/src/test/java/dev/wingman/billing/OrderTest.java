package dev.wingman.billing;

import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.panel.PanelTest;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@HelidonTest
class OrderTest extends PanelTest {
    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(Map.of());
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String plan(String name, long amount, String currency) {
        return "{\"name\":\"" + name + "\",\"description\":\"\",\"tier\":\"paid\","
                + "\"price\":{\"amount\":" + amount + ",\"currency\":\"" + currency + "\"},\"period\":\"monthly\","
                + "\"limits\":{\"servers\":2,\"memoryMib\":4096,\"diskMib\":20480,\"cpuPercent\":200,\"allocations\":4,"
                + "\"databases\":2,\"backups\":3,\"tunnelPorts\":5,\"aiTokens\":100000},\"visible\":true,\"active\":true}";
    }

    private String createPlan(String admin, long amount, String currency) {
        ApiClient.Response created = api().post("/api/admin/plans", plan(unique("Plan"), amount, currency), admin);
        assertEquals(201, created.status(), created.toString());
        return created.json().getString("id");
    }

    private String createCoupon(String admin, String code, int basisPoints, String extra) {
        ApiClient.Response created = api().post("/api/admin/coupons", "{\"code\":\"" + code + "\",\"kind\":\"percentage\","
                + "\"percentBasisPoints\":" + basisPoints + ",\"duration\":\"once\",\"planIds\":[]," + extra + "\"active\":true}", admin);
        assertEquals(201, created.status(), created.toString());
        return created.json().getString("id");
    }

    private String createMethod(String admin, String kind, boolean active) {
        ApiClient.Response created = api().post("/api/admin/payment-methods", "{\"kind\":\"" + kind + "\",\"name\":\""
                + unique("Pay") + "\",\"instructions\":\"Send the amount and quote the reference\",\"address\":\"bc1qexample\","
                + "\"active\":" + active + "}", admin);
        assertEquals(201, created.status(), created.toString());
        return created.json().getString("id");
    }

    private ApiClient.Response order(String token, String key, String body) {
        return api().send("POST", "/api/orders", body, token, key == null ? Map.of() : Map.of("Idempotency-Key", key));
    }

    private String placed(String token, String planId) {
        ApiClient.Response r = order(token, UUID.randomUUID().toString(), "{\"planId\":\"" + planId + "\"}");
        assertEquals(201, r.status(), r.toString());
        return r.json().getString("id");
    }

    @Test
    void anOrderIsPricedOnTheServerFrozenAndPaidByAManualMethod() {
        String admin = adminToken();
        String planId = createPlan(admin, 1000, "USD");
        assertEquals(200, api().post("/api/admin/regional-prices/" + planId,
                "{\"countryCode\":\"DE\",\"price\":{\"amount\":1190,\"currency\":\"EUR\"}}", admin).status());
        assertEquals(200, api().put("/api/admin/tax-rates/DE", "{\"name\":\"VAT\",\"basisPoints\":1900,\"inclusive\":true}",
                admin).status());
        String code = unique("SAVE20");
        String couponId = createCoupon(admin, code, 2000, "");
        String buyer = userToken("buyer");
        String buyerId = userId(buyer);
        String key = UUID.randomUUID().toString();
        String body = "{\"planId\":\"" + planId + "\",\"couponCode\":\"" + code.toLowerCase() + "\",\"country\":\"de\"}";

        ApiClient.Response created = order(buyer, key, body);
        assertEquals(201, created.status(), created.toString());
        JsonObject o = created.json();
        String id = o.getString("id");
        assertEquals("pending", o.getString("state"));
        assertEquals(buyerId, o.getString("accountId"));
        JsonObject quote = o.getJsonObject("quote");
        assertEquals(1190, quote.getJsonObject("listPrice").getInt("amount"));
        assertEquals(238, quote.getJsonObject("discount").getInt("amount"));
        assertEquals(152, quote.getJsonObject("tax").getInt("amount"));
        assertEquals("9.52", quote.getJsonObject("total").getString("formatted"));
        assertEquals("EUR", quote.getJsonObject("total").getString("currency"));
        assertEquals("VAT", quote.getJsonObject("taxRate").getString("name"));
        assertTrue(o.getBoolean("regionalPrice"));
        assertEquals(code, o.getString("couponCode"));
        assertEquals("DE", o.getJsonObject("buyer").getString("country"));
        assertEquals("buyer", o.getJsonObject("buyer").getString("name"));
        assertTrue(o.getJsonObject("buyer").getString("email").startsWith("buyer-"));
        assertEquals(4096, o.getJsonObject("plan").getJsonObject("limits").getInt("memoryMib"));

        // A retry with the same key and body is the same order; the coupon was redeemed once.
        ApiClient.Response again = order(buyer, key, body.replace("\"de\"", "\"DE\""));
        assertEquals(200, again.status(), again.toString());
        assertEquals(id, again.json().getString("id"));
        ApiClient.Response other = order(buyer, key, "{\"planId\":\"" + planId + "\"}");
        assertEquals(409, other.status(), other.toString());
        assertEquals("key_reused", other.json().getString("reason"));
        assertEquals(1, api().get("/api/admin/coupons/" + couponId, admin).json().getInt("uses"));
        // Keys are the account's: another account's same key is its own order.
        ApiClient.Response someoneElse = order(userToken("other"), key, "{\"planId\":\"" + planId + "\"}");
        assertEquals(201, someoneElse.status(), someoneElse.toString());
        assertNotEquals(id, someoneElse.json().getString("id"));

        // The catalogue changes; the order does not.
        assertEquals(200, api().put("/api/admin/plans/" + planId, plan("Renamed", 5000, "USD"), admin).status());
        JsonObject mine = api().get("/api/orders/" + id, buyer).json();
        assertEquals(952, mine.getJsonObject("quote").getJsonObject("total").getInt("amount"));
        assertNotEquals("Renamed", mine.getJsonObject("plan").getString("name"));
        assertEquals(409, api().delete("/api/admin/plans/" + planId, admin).status(), "a plan that was bought is kept");

        // Checkout with a manual method: instructions, address and a reference that stays.
        String method = createMethod(admin, "crypto", true);
        String otherMethod = createMethod(admin, "bank_transfer", true);
        String inactive = createMethod(admin, "paypal", false);
        JsonArray choices = api().get("/api/billing/payment-methods", buyer).array();
        assertTrue(choices.getValuesAs(JsonObject.class).stream().anyMatch(m -> m.getString("id").equals(method)));
        assertFalse(choices.getValuesAs(JsonObject.class).stream().anyMatch(m -> m.getString("id").equals(inactive)));
        assertEquals(404, api().post("/api/orders/" + id + "/checkout", "{\"paymentMethodId\":\"" + inactive + "\"}", buyer)
                .status(), "an inactive method cannot be chosen");
        ApiClient.Response checkout = api().post("/api/orders/" + id + "/checkout", "{\"paymentMethodId\":\"" + otherMethod
                + "\"}", buyer);
        assertEquals(200, checkout.status(), checkout.toString());
        assertEquals("awaiting_payment", checkout.json().getString("state"));
        String reference = checkout.json().getJsonObject("payment").getString("reference");
        assertTrue(reference.matches("WM-[0-9A-Z]{12}"), reference);
        JsonObject payment = api().post("/api/orders/" + id + "/checkout", "{\"paymentMethodId\":\"" + method + "\"}", buyer)
                .json().getJsonObject("payment");
        assertEquals(reference, payment.getString("reference"), "choosing another method keeps the reference");
        assertEquals("crypto", payment.getString("kind"));
        assertEquals("bc1qexample", payment.getString("address"));
        assertEquals("Send the amount and quote the reference", payment.getString("instructions"));
        // A change of the method afterwards does not change what the buyer was told.
        assertEquals(200, api().put("/api/admin/payment-methods/" + method, "{\"kind\":\"crypto\",\"name\":\"New\","
                + "\"address\":\"bc1qother\",\"active\":true}", admin).status());
        assertEquals("bc1qexample", api().get("/api/orders/" + id, buyer).json().getJsonObject("payment").getString("address"));
        assertEquals(409, api().delete("/api/admin/payment-methods/" + method, admin).status(), "a method in use is kept");

        ApiClient.Response sent = api().post("/api/orders/" + id + "/mark-sent", "{\"reference\":\"txid-1234\"}", buyer);
        assertEquals(200, sent.status(), sent.toString());
        assertEquals("payment_sent", sent.json().getString("state"));
        assertEquals("payment_sent", api().get("/api/admin/orders?state=payment_sent&accountId=" + buyerId, admin).json()
                .getJsonArray("data").getJsonObject(0).getString("state"));

        String staff = adminToken();
        ApiClient.Response confirmed = api().post("/api/admin/orders/" + id + "/confirm-payment",
                "{\"reference\":\"txid-1234\",\"note\":\"seen on chain\"}", staff);
        assertEquals(200, confirmed.status(), confirmed.toString());
        assertEquals("active", confirmed.json().getString("state"));
        assertEquals("txid-1234", confirmed.json().getJsonObject("payment").getString("receivedReference"));

        // Every move is in the order's history: who, why, under which reference.
        JsonArray history = api().get("/api/admin/orders/" + id, admin).json().getJsonArray("history");
        List<String> moves = history.getValuesAs(JsonObject.class).stream().map(e -> e.getString("to")).toList();
        assertEquals(List.of("pending", "awaiting_payment", "awaiting_payment", "payment_sent", "active"), moves);
        JsonObject last = history.getJsonObject(history.size() - 1);
        assertEquals(userId(staff), last.getString("actorId"));
        assertEquals("seen on chain", last.getString("reason"));
        assertEquals("txid-1234", last.getString("reference"));
        assertEquals("payment_sent", last.getString("from"));
        assertEquals(buyerId, history.getJsonObject(0).getString("actorId"));
        // And in the admin audit trail.
        for (String action : List.of("order.create", "order.checkout", "order.mark-sent", "order.confirm-payment")) {
            assertTrue(api().get("/api/admin/audit?action=" + action + "&targetId=" + id, admin).json().getJsonObject("meta")
                    .getInt("total") >= 1, action);
        }
        assertEquals(1, api().get("/api/admin/audit?action=payment-method.update&targetId=" + method, admin).json()
                .getJsonObject("meta").getInt("total"));

        // The buyer's list and the admin filters.
        JsonObject page = api().get("/api/orders", buyer).json();
        assertEquals(1, page.getJsonObject("meta").getInt("total"));
        assertEquals(id, page.getJsonArray("data").getJsonObject(0).getString("id"));
        assertEquals(1, api().get("/api/admin/orders?state=active&accountId=" + buyerId, admin).json()
                .getJsonObject("meta").getInt("total"));
        assertEquals(0, api().get("/api/admin/orders?state=pending&accountId=" + buyerId, admin).json()
                .getJsonObject("meta").getInt("total"));
        assertEquals(0, api().get("/api/admin/orders?accountId=" + buyerId + "&to=2020-01-01T00:00:00Z", admin).json()
                .getJsonObject("meta").getInt("total"));
        assertEquals(1, api().get("/api/admin/orders?accountId=" + buyerId + "&from=2020-01-01T00:00:00Z", admin).json()
                .getJsonObject("meta").getInt("total"));
    }

    @Test
    void illegalMovesAreRefusedWith409AndFreeOrdersAreActiveAtOnce() {
        String admin = adminToken();
        String planId = createPlan(admin, 500, "EUR");
        String method = createMethod(admin, "other", true);
        String buyer = userToken("mover");

        String pending = placed(buyer, planId);
        assertEquals(409, api().post("/api/orders/" + pending + "/mark-sent", "{\"reference\":\"x\"}", buyer).status());
        assertEquals(409, api().post("/api/admin/orders/" + pending + "/confirm-payment", "{\"reference\":\"x\"}", admin).status());
        assertEquals(409, api().post("/api/admin/orders/" + pending + "/reject-payment", "{\"reason\":\"x\"}", admin).status());
        ApiClient.Response cancelled = api().post("/api/orders/" + pending + "/cancel", null, buyer);
        assertEquals(200, cancelled.status(), cancelled.toString());
        assertEquals("cancelled", cancelled.json().getString("state"));
        assertEquals(409, api().post("/api/orders/" + pending + "/cancel", null, buyer).status());
        assertEquals(409, api().post("/api/orders/" + pending + "/checkout", "{\"paymentMethodId\":\"" + method + "\"}", buyer)
                .status());

        String sent = placed(buyer, planId);
        assertEquals(200, api().post("/api/orders/" + sent + "/checkout", "{\"paymentMethodId\":\"" + method + "\"}", buyer).status());
        assertEquals(200, api().post("/api/orders/" + sent + "/mark-sent", "{\"reference\":\"r1\"}", buyer).status());
        ApiClient.Response late = api().post("/api/orders/" + sent + "/cancel", null, buyer);
        assertEquals(409, late.status(), "no cancelling once paid");
        assertEquals("The order is payment_sent and cannot be cancelled", late.json().getString("error"));
        assertEquals(409, api().post("/api/orders/" + sent + "/mark-sent", "{\"reference\":\"r2\"}", buyer).status());
        ApiClient.Response rejected = api().post("/api/admin/orders/" + sent + "/reject-payment",
                "{\"reason\":\"nothing arrived\"}", admin);
        assertEquals(200, rejected.status(), rejected.toString());
        assertEquals("rejected", rejected.json().getString("state"));
        assertEquals(409, api().post("/api/admin/orders/" + sent + "/confirm-payment", "{\"reference\":\"r1\"}", admin).status());
        JsonArray history = api().get("/api/orders/" + sent, buyer).json().getJsonArray("history");
        assertEquals("nothing arrived", history.getJsonObject(history.size() - 1).getString("reason"));
        assertEquals(userId(admin), history.getJsonObject(history.size() - 1).getString("actorId"));

        // Money can arrive before the buyer says so: staff confirm an order awaiting payment.
        String early = placed(buyer, planId);
        assertEquals(200, api().post("/api/orders/" + early + "/checkout", "{\"paymentMethodId\":\"" + method + "\"}", buyer).status());
        assertEquals("active", api().post("/api/admin/orders/" + early + "/confirm-payment", "{\"reference\":\"bank-77\"}", admin)
                .json().getString("state"));
        assertEquals(409, api().post("/api/admin/orders/" + early + "/confirm-payment", "{\"reference\":\"bank-77\"}", admin).status());
        assertEquals(409, api().post("/api/orders/" + early + "/cancel", null, buyer).status());

        // Free: a 0 price, or a 100 % coupon, is active at once and needs no payment.
        String freePlan = createPlan(admin, 0, "EUR");
        ApiClient.Response free = order(buyer, UUID.randomUUID().toString(), "{\"planId\":\"" + freePlan + "\"}");
        assertEquals(201, free.status(), free.toString());
        assertEquals("active", free.json().getString("state"));
        String freeId = free.json().getString("id");
        JsonArray freeHistory = api().get("/api/orders/" + freeId, buyer).json().getJsonArray("history");
        assertEquals(2, freeHistory.size());
        assertEquals("active", freeHistory.getJsonObject(1).getString("to"));
        assertFalse(freeHistory.getJsonObject(1).containsKey("actorId"), "the panel activated it");
        assertEquals(409, api().post("/api/orders/" + freeId + "/checkout", "{\"paymentMethodId\":\"" + method + "\"}", buyer)
                .status());
        String all = unique("ALL");
        createCoupon(admin, all, 10_000, "");
        ApiClient.Response covered = order(buyer, UUID.randomUUID().toString(), "{\"planId\":\"" + planId + "\",\"couponCode\":\""
                + all + "\"}");
        assertEquals("active", covered.json().getString("state"), covered.toString());
        assertEquals(0, covered.json().getJsonObject("quote").getJsonObject("total").getInt("amount"));
    }

    @Test
    void twentyConcurrentRequestsWithOneKeyPlaceOneOrder() throws Exception {
        String admin = adminToken();
        String planId = createPlan(admin, 700, "EUR");
        String code = unique("ONCE");
        String couponId = createCoupon(admin, code, 1000, "\"maxUsesPerAccount\":1,");
        String buyer = userToken("rush");
        String key = UUID.randomUUID().toString();
        String body = "{\"planId\":\"" + planId + "\",\"couponCode\":\"" + code + "\"}";
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<ApiClient.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(() -> order(buyer, key, body));
            }
            Set<String> ids = new HashSet<>();
            int created = 0;
            for (Future<ApiClient.Response> f : pool.invokeAll(calls)) {
                ApiClient.Response r = f.get();
                if (r.status() == 409) {
                    // Still being processed by another of them: retry later, as Retry-After says.
                    assertEquals("in_progress", r.json().getString("reason"), r.toString());
                    continue;
                }
                assertTrue(r.status() == 201 || r.status() == 200, r.toString());
                created += r.status() == 201 ? 1 : 0;
                ids.add(r.json().getString("id"));
            }
            assertEquals(1, created);
            assertEquals(1, ids.size());
            ApiClient.Response retried = order(buyer, key, body);
            assertEquals(200, retried.status(), retried.toString());
            assertEquals(ids.iterator().next(), retried.json().getString("id"));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, api().get("/api/orders", buyer).json().getJsonObject("meta").getInt("total"));
        assertEquals(1, api().get("/api/admin/coupons/" + couponId, admin).json().getInt("uses"));
        // The coupon's per-account limit is spent: a new key with it is refused, and stores nothing.
        ApiClient.Response refused = order(buyer, UUID.randomUUID().toString(), body);
        assertEquals(422, refused.status(), refused.toString());
        assertEquals("account_used_up", refused.json().getString("reason"));
        assertEquals(1, api().get("/api/orders", buyer).json().getJsonObject("meta").getInt("total"));
    }

    @Test
    void ordersAreTheBuyersAndStaffDecisionsNeedPermissions() {
        String admin = adminToken();
        String planId = createPlan(admin, 900, "EUR");
        String method = createMethod(admin, "paypal", true);
        String buyer = userToken("owner");
        String id = placed(buyer, planId);
        String stranger = userToken("stranger");
        for (ApiClient.Response r : new ApiClient.Response[] {
                api().get("/api/orders/" + id, stranger), api().post("/api/orders/" + id + "/cancel", null, stranger),
                api().post("/api/orders/" + id + "/checkout", "{\"paymentMethodId\":\"" + method + "\"}", stranger),
                api().post("/api/orders/" + id + "/mark-sent", "{\"reference\":\"x\"}", stranger),
                api().get("/api/orders/nope", buyer)}) {
            assertEquals(404, r.status(), r.toString());
        }
        assertEquals(0, api().get("/api/orders", stranger).json().getJsonObject("meta").getInt("total"));
        for (ApiClient.Response r : new ApiClient.Response[] {
                api().get("/api/admin/orders", buyer), api().get("/api/admin/orders/" + id, buyer),
                api().post("/api/admin/orders/" + id + "/confirm-payment", "{\"reference\":\"x\"}", buyer),
                api().post("/api/admin/orders/" + id + "/reject-payment", "{\"reason\":\"x\"}", buyer),
                api().get("/api/admin/payment-methods", buyer),
                api().post("/api/admin/payment-methods", "{\"kind\":\"other\",\"name\":\"x\",\"active\":true}", buyer)}) {
            assertEquals(403, r.status(), r.toString());
        }
        for (ApiClient.Response r : new ApiClient.Response[] {
                api().get("/api/orders", null), order(null, "k", "{\"planId\":\"" + planId + "\"}"),
                api().get("/api/billing/payment-methods", null)}) {
            assertEquals(401, r.status(), r.toString());
        }
        assertEquals("pending", api().get("/api/orders/" + id, buyer).json().getString("state"), "nothing moved");

        // Key scopes: account:billing places and pays orders; a key without it cannot.
        String billingKey = api().post("/api/apikeys", "{\"name\":\"shop\",\"permissions\":[\"account:billing\"]}", buyer)
                .json().getString("key");
        String emptyKey = api().post("/api/apikeys", "{\"name\":\"none\",\"permissions\":[]}", buyer).json().getString("key");
        assertEquals(201, order(billingKey, UUID.randomUUID().toString(), "{\"planId\":\"" + planId + "\"}").status());
        assertEquals(200, api().get("/api/orders/" + id, billingKey).status());
        assertEquals(403, order(emptyKey, UUID.randomUUID().toString(), "{\"planId\":\"" + planId + "\"}").status());
        assertEquals(403, api().get("/api/orders/" + id, emptyKey).status());
        assertEquals(403, api().post("/api/orders/" + id + "/cancel", null, emptyKey).status());
        // An administrator's key scoped to orders:read reads but cannot decide.
        String readKey = api().post("/api/apikeys", "{\"name\":\"books\",\"permissions\":[\"orders:read\"]}", admin)
                .json().getString("key");
        assertEquals(200, api().get("/api/admin/orders/" + id, readKey).status());
        assertEquals(403, api().post("/api/admin/orders/" + id + "/reject-payment", "{\"reason\":\"x\"}", readKey).status());
    }

    @Test
    void organisationsAreOrderedForByTheirBillingRole() {
        String admin = adminToken();
        String planId = createPlan(admin, 1500, "EUR");
        String ownerEmail = register("orgowner");
        String owner = token(ownerEmail);
        String org = api().post("/api/organisations", "{\"name\":\"Acme Hosting\",\"handle\":\"" + unique("acme") + "\"}", owner)
                .json().getString("id");
        ApiClient.Response bought = order(owner, UUID.randomUUID().toString(), "{\"planId\":\"" + planId
                + "\",\"organisationId\":\"" + org + "\"}");
        assertEquals(201, bought.status(), bought.toString());
        assertEquals(org, bought.json().getString("organisationId"));
        assertEquals("Acme Hosting", bought.json().getJsonObject("buyer").getString("organisationName"));

        String stranger = userToken("outsider");
        ApiClient.Response hidden = order(stranger, UUID.randomUUID().toString(), "{\"planId\":\"" + planId
                + "\",\"organisationId\":\"" + org + "\"}");
        assertEquals(404, hidden.status(), hidden.toString());
        assertEquals("Organisation not found", hidden.json().getString("error"));

        String memberEmail = register("member");
        String member = token(memberEmail);
        ApiClient.Response invite = api().post("/api/organisations/" + org + "/invites", "{\"email\":\"" + memberEmail
                + "\",\"role\":\"member\"}", owner);
        assertEquals(201, invite.status(), invite.toString());
        assertEquals(200, api().post("/api/organisations/invites/accept", "{\"token\":\"" + invite.json().getString("token")
                + "\"}", member).status());
        ApiClient.Response refused = order(member, UUID.randomUUID().toString(), "{\"planId\":\"" + planId
                + "\",\"organisationId\":\"" + org + "\"}");
        assertEquals(403, refused.status(), refused.toString());
        assertEquals(0, api().get("/api/orders", member).json().getJsonObject("meta").getInt("total"));
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        String admin = adminToken();
        String planId = createPlan(admin, 800, "EUR");
        String buyer = userToken("careless");
        ApiClient.Response noKey = order(buyer, null, "{\"planId\":\"" + planId + "\"}");
        assertEquals(400, noKey.status(), noKey.toString());
        assertEquals("Idempotency-Key", noKey.json().getString("field"));
        assertEquals("Idempotency-Key", order(buyer, "has space", "{\"planId\":\"" + planId + "\"}").json().getString("field"));
        assertEquals("Idempotency-Key", order(buyer, "x".repeat(256), "{\"planId\":\"" + planId + "\"}").json().getString("field"));
        Map<String, String> bad = Map.of(
                "planId", "{}",
                "country", "{\"planId\":\"" + planId + "\",\"country\":\"ZZ\"}",
                "couponCode", "{\"planId\":\"" + planId + "\",\"couponCode\":\"" + "x".repeat(65) + "\"}");
        for (Map.Entry<String, String> c : bad.entrySet()) {
            ApiClient.Response r = order(buyer, UUID.randomUUID().toString(), c.getValue());
            assertEquals(400, r.status(), c.getKey() + ": " + r);
            assertEquals(c.getKey(), r.json().getString("field"), r.toString());
        }
        assertEquals(400, order(buyer, UUID.randomUUID().toString(), "{\"planId\":\"" + planId + "\",\"colour\":1}").status());
        assertEquals(404, order(buyer, UUID.randomUUID().toString(), "{\"planId\":\"nope\"}").status());
        assertEquals(404, order(buyer, UUID.randomUUID().toString(), "{\"planId\":\"" + planId + "\",\"couponCode\":\""
                + unique("NONE") + "\"}").status());
        String expired = unique("OLD");
        createCoupon(admin, expired, 1000, "\"validUntil\":\"2020-01-01T00:00:00Z\",");
        ApiClient.Response old = order(buyer, UUID.randomUUID().toString(), "{\"planId\":\"" + planId + "\",\"couponCode\":\""
                + expired + "\"}");
        assertEquals(422, old.status(), old.toString());
        assertEquals("expired", old.json().getString("reason"));
        assertEquals(0, api().get("/api/orders", buyer).json().getJsonObject("meta").getInt("total"), "nothing was stored");

        String id = placed(buyer, planId);
        assertEquals("paymentMethodId", api().post("/api/orders/" + id + "/checkout", "{}", buyer).json().getString("field"));
        assertEquals(404, api().post("/api/orders/" + id + "/checkout", "{\"paymentMethodId\":\"nope\"}", buyer).status());
        assertEquals("reference", api().post("/api/orders/" + id + "/mark-sent", "{}", buyer).json().getString("field"));
        assertEquals("reference", api().post("/api/admin/orders/" + id + "/confirm-payment", "{}", admin).json().getString("field"));
        assertEquals("reason", api().post("/api/admin/orders/" + id + "/reject-payment", "{\"reason\":\" \"}", admin).json()
                .getString("field"));
        assertEquals("state", api().get("/api/admin/orders?state=paid", admin).json().getString("field"));
        assertEquals("from", api().get("/api/admin/orders?from=yesterday", admin).json().getString("field"));
        assertEquals("sort", api().get("/api/orders?sort=total", buyer).json().getString("field"));
        assertEquals("kind", api().post("/api/admin/payment-methods", "{\"kind\":\"cash\",\"name\":\"x\",\"active\":true}",
                admin).json().getString("field"));
        assertEquals("active", api().post("/api/admin/payment-methods", "{\"kind\":\"other\",\"name\":\"x\"}", admin).json()
                .getString("field"));
        assertEquals("name", api().post("/api/admin/payment-methods", "{\"kind\":\"other\",\"name\":\"\",\"active\":true}",
                admin).json().getString("field"));
        assertEquals("pending", api().get("/api/orders/" + id, buyer).json().getString("state"));
    }

    @Test
    void theNewestActiveOrderIsTheSubjectsSubscription() {
        String admin = adminToken();
        String buyer = userToken("subscriber");
        JsonObject none = api().get("/api/billing/subscription", buyer).json();
        assertTrue(none.getBoolean("free"), none.toString());
        assertEquals("free", none.getString("tier"));
        assertEquals("account", none.getString("subjectType"));
        assertEquals(2, none.getJsonObject("limits").getInt("servers"));
        assertFalse(none.containsKey("plan"));

        String monthly = createPlan(admin, 1200, "EUR");
        String method = createMethod(admin, "bank_transfer", true);
        String first = placed(buyer, monthly);
        assertTrue(api().get("/api/billing/subscription", buyer).json().getBoolean("free"), "a pending order grants nothing");
        assertEquals(200, api().post("/api/orders/" + first + "/checkout", "{\"paymentMethodId\":\"" + method + "\"}", buyer).status());
        assertEquals(200, api().post("/api/admin/orders/" + first + "/confirm-payment", "{\"reference\":\"SEPA-1\"}", admin).status());
        JsonObject paid = api().get("/api/billing/subscription", buyer).json();
        assertFalse(paid.getBoolean("free"), paid.toString());
        assertEquals("paid", paid.getString("tier"));
        assertEquals(first, paid.getString("orderId"));
        assertEquals(monthly, paid.getJsonObject("plan").getString("id"));
        assertEquals(4096, paid.getJsonObject("limits").getInt("memoryMib"));
        java.time.Instant since = java.time.Instant.parse(paid.getString("since"));
        java.time.Instant until = java.time.Instant.parse(paid.getString("until"));
        assertEquals(since.atZone(java.time.ZoneOffset.UTC).plusMonths(1).toInstant(), until, "one calendar month");

        // A newer active order (a lifetime plan, free) supersedes it: the older one expires.
        ApiClient.Response lifetimePlan = api().post("/api/admin/plans", plan(unique("Forever"), 0, "EUR")
                .replace("\"monthly\"", "\"lifetime\"").replace("\"servers\":2", "\"servers\":9"), admin);
        String lifetime = lifetimePlan.json().getString("id");
        String second = placed(buyer, lifetime);
        JsonObject now = api().get("/api/billing/subscription", buyer).json();
        assertEquals(second, now.getString("orderId"), now.toString());
        assertEquals(9, now.getJsonObject("limits").getInt("servers"));
        assertEquals("lifetime", now.getJsonObject("plan").getString("period"));
        assertFalse(now.containsKey("until"), "a lifetime plan has no end");
        JsonObject older = api().get("/api/orders/" + first, buyer).json();
        assertEquals("expired", older.getString("state"));
        JsonArray history = older.getJsonArray("history");
        assertEquals("superseded by order " + second, history.getJsonObject(history.size() - 1).getString("reason"));

        // An organisation's subscription is its own; only its members see it.
        String org = api().post("/api/organisations", "{\"name\":\"Guild\",\"handle\":\"" + unique("guild") + "\"}", buyer)
                .json().getString("id");
        assertTrue(api().get("/api/billing/subscription?organisationId=" + org, buyer).json().getBoolean("free"));
        ApiClient.Response forOrg = order(buyer, UUID.randomUUID().toString(), "{\"planId\":\"" + lifetime
                + "\",\"organisationId\":\"" + org + "\"}");
        assertEquals("active", forOrg.json().getString("state"), forOrg.toString());
        JsonObject orgSubscription = api().get("/api/billing/subscription?organisationId=" + org, buyer).json();
        assertEquals("organisation", orgSubscription.getString("subjectType"));
        assertEquals(forOrg.json().getString("id"), orgSubscription.getString("orderId"));
        assertEquals(second, api().get("/api/billing/subscription", buyer).json().getString("orderId"), "the account's stays");
        assertEquals("active", api().get("/api/orders/" + second, buyer).json().getString("state"));
        assertEquals(404, api().get("/api/billing/subscription?organisationId=" + org, userToken("nosy")).status());
    }

    @Test
    void theBillingFlagGatesTheOrderEndpoints() {
        String admin = adminToken();
        String planId = createPlan(admin, 300, "EUR");
        String buyer = userToken("flagged");
        String id = placed(buyer, planId);
        assertEquals(200, api().put("/api/admin/features", "{\"billing\":false}", admin).status());
        try {
            for (ApiClient.Response r : new ApiClient.Response[] {
                    order(buyer, UUID.randomUUID().toString(), "{\"planId\":\"" + planId + "\"}"),
                    api().get("/api/orders", buyer), api().get("/api/orders/" + id, buyer),
                    api().post("/api/orders/" + id + "/cancel", null, buyer),
                    api().post("/api/orders/" + id + "/checkout", "{}", buyer),
                    api().post("/api/orders/" + id + "/mark-sent", "{}", buyer),
                    api().get("/api/billing/payment-methods", buyer), api().get("/api/billing/subscription", buyer),
                    api().get("/api/admin/orders", admin), api().get("/api/admin/orders/" + id, admin),
                    api().post("/api/admin/orders/" + id + "/confirm-payment", "{}", admin),
                    api().post("/api/admin/orders/" + id + "/reject-payment", "{}", admin),
                    api().get("/api/admin/payment-methods", admin), api().post("/api/admin/payment-methods", "{}", admin),
                    api().put("/api/admin/payment-methods/x", "{}", admin), api().delete("/api/admin/payment-methods/x", admin)}) {
                assertEquals(503, r.status(), r.toString());
                assertEquals("{\"error\":\"Feature 'billing' is disabled\"}", r.body());
            }
        } finally {
            api().put("/api/admin/features", "{\"billing\":true}", admin);
        }
        assertEquals("pending", api().get("/api/orders/" + id, buyer).json().getString("state"));
        assertNotNull(api().get("/api/orders/" + id, buyer).json().getString("id"));
    }
}
