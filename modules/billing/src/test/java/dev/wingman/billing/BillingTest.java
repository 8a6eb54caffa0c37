package dev.wingman.billing;

import dev.wingman.billing.internal.Coupons;
import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.panel.PanelTest;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@HelidonTest
class BillingTest extends PanelTest {
    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(Map.of("wingman.rate-limits.coupon-validate.limit", "1000"));
    }

    @Inject
    Coupons coupons;

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String plan(String name, long amount, String currency, boolean visible, boolean active) {
        return "{\"name\":\"" + name + "\",\"description\":\"For small servers\",\"tier\":\"paid\","
                + "\"price\":{\"amount\":" + amount + ",\"currency\":\"" + currency + "\"},\"period\":\"monthly\","
                + "\"limits\":{\"servers\":2,\"memoryMib\":4096,\"diskMib\":20480,\"cpuPercent\":200,\"allocations\":4,"
                + "\"databases\":2,\"backups\":3,\"tunnelPorts\":5,\"aiTokens\":100000},"
                + "\"visible\":" + visible + ",\"active\":" + active + "}";
    }

    private String createPlan(String admin, String body) {
        ApiClient.Response created = api().post("/api/admin/plans", body, admin);
        assertEquals(201, created.status(), created.toString());
        return created.json().getString("id");
    }

    private static String coupon(String code, String kindFields, String extra) {
        return "{\"code\":\"" + code + "\"," + kindFields + ",\"duration\":\"once\",\"planIds\":[]," + extra
                + "\"active\":true}";
    }

    private String createCoupon(String admin, String body) {
        ApiClient.Response created = api().post("/api/admin/coupons", body, admin);
        assertEquals(201, created.status(), created.toString());
        return created.json().getString("id");
    }

    private List<String> publicIds() {
        ApiClient.Response list = api().get("/api/plans", null);
        assertEquals(200, list.status(), list.toString());
        return list.array().getValuesAs(JsonObject.class).stream().map(p -> p.getString("id")).toList();
    }

    @Test
    void plansAreManagedByAdministratorsAndOfferedToEveryone() {
        String admin = adminToken();
        String name = unique("Starter");
        String id = createPlan(admin, plan(name, 1999, "EUR", true, true));
        String hidden = createPlan(admin, plan(unique("Hidden"), 999, "EUR", false, true));
        String inactive = createPlan(admin, plan(unique("Old"), 499, "EUR", true, false));

        JsonObject got = api().get("/api/admin/plans/" + id, admin).json();
        assertEquals(name, got.getString("name"));
        assertEquals("paid", got.getString("tier"));
        assertEquals("monthly", got.getString("period"));
        assertEquals(1999, got.getJsonObject("price").getInt("amount"));
        assertEquals("EUR", got.getJsonObject("price").getString("currency"));
        assertEquals("19.99", got.getJsonObject("price").getString("formatted"));
        assertEquals(4096, got.getJsonObject("limits").getInt("memoryMib"));
        assertEquals(100000, got.getJsonObject("limits").getInt("aiTokens"));

        // The public catalogue: no authentication, only active and visible plans.
        List<String> offered = publicIds();
        assertTrue(offered.contains(id), offered.toString());
        assertFalse(offered.contains(hidden));
        assertFalse(offered.contains(inactive));
        assertEquals(200, api().get("/api/plans/" + id, null).status());
        assertEquals(404, api().get("/api/plans/" + hidden, null).status());

        // Cacheable: an ETag that a client sends back gets 304, until the catalogue changes.
        ApiClient.Response first = api().get("/api/plans", null);
        String tag = first.header("ETag");
        assertTrue(tag != null && !tag.isBlank(), first.headers().toString());
        assertTrue(first.header("Cache-Control").contains("max-age=60"), first.headers().toString());
        assertEquals(304, api().send("GET", "/api/plans", null, null, Map.of("If-None-Match", tag)).status());
        String another = createPlan(admin, plan(unique("Later"), 2999, "EUR", true, true));
        ApiClient.Response changed = api().send("GET", "/api/plans", null, null, Map.of("If-None-Match", tag));
        assertEquals(200, changed.status(), "a new plan is a new list");
        assertTrue(changed.body().contains(another));
        assertFalse(tag.equals(changed.header("ETag")));
        assertEquals(404, api().get("/api/plans/" + inactive, null).status());
        JsonObject publicPlan = api().get("/api/plans/" + id, null).json();
        assertFalse(publicPlan.containsKey("visible"), "buyers do not see admin fields");

        // A change is seen by buyers at once (the cache is dropped on commit).
        ApiClient.Response hiddenNow = api().put("/api/admin/plans/" + id, plan(name, 2499, "JPY", false, true), admin);
        assertEquals(200, hiddenNow.status(), hiddenNow.toString());
        assertEquals("2499", hiddenNow.json().getJsonObject("price").getString("formatted"), "JPY has no fraction");
        assertFalse(publicIds().contains(id));
        assertEquals(200, api().put("/api/admin/plans/" + inactive, plan(unique("Back"), 499, "KWD", true, true), admin).status());
        assertTrue(publicIds().contains(inactive));
        assertEquals("0.499", api().get("/api/plans/" + inactive, null).json().getJsonObject("price").getString("formatted"));

        ApiClient.Response page = api().get("/api/admin/plans?q=" + name + "&sort=name", admin);
        assertEquals(200, page.status(), page.toString());
        assertEquals(1, page.json().getJsonObject("meta").getInt("total"));
        assertEquals(400, api().get("/api/admin/plans?sort=colour", admin).status());

        // Every admin mutation is in the audit trail.
        JsonObject trail = api().get("/api/admin/audit?action=plan.update&targetId=" + id, admin).json();
        assertEquals(1, trail.getJsonObject("meta").getInt("total"), trail.toString());

        assertEquals(204, api().delete("/api/admin/plans/" + hidden, admin).status());
        assertEquals(404, api().get("/api/admin/plans/" + hidden, admin).status());
        assertEquals(404, api().delete("/api/admin/plans/" + hidden, admin).status());
        assertEquals(1, api().get("/api/admin/audit?action=plan.delete&targetId=" + hidden, admin).json()
                .getJsonObject("meta").getInt("total"));
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndChangesNothing() {
        String admin = adminToken();
        String name = unique("Solid");
        String id = createPlan(admin, plan(name, 1000, "EUR", true, true));
        String before = api().get("/api/admin/plans/" + id, admin).body();
        Map<String, String> bad = Map.of(
                "name", plan("", 1000, "EUR", true, true),
                "price.amount", plan(name, -1, "EUR", true, true),
                "price.currency", plan(name, 1000, "EURO", true, true),
                "tier", plan(name, 1000, "EUR", true, true).replace("\"paid\"", "\"gold\""),
                "period", plan(name, 1000, "EUR", true, true).replace("\"monthly\"", "\"weekly\""),
                "limits.servers", plan(name, 1000, "EUR", true, true).replace("\"servers\":2", "\"servers\":-2"),
                "limits.aiTokens", plan(name, 1000, "EUR", true, true).replace(",\"aiTokens\":100000", ""),
                "visible", plan(name, 1000, "EUR", true, true).replace("\"visible\":true,", ""),
                "colour", plan(name, 1000, "EUR", true, true).replace("{\"name\"", "{\"colour\":\"red\",\"name\""));
        for (Map.Entry<String, String> c : bad.entrySet()) {
            ApiClient.Response refused = api().put("/api/admin/plans/" + id, c.getValue(), admin);
            assertEquals(400, refused.status(), c.getKey() + ": " + refused);
            assertEquals(c.getKey(), refused.json().getString("field"), refused.toString());
            ApiClient.Response notCreated = api().post("/api/admin/plans", c.getValue(), admin);
            assertEquals(400, notCreated.status(), c.getKey() + ": " + notCreated);
        }
        assertEquals(400, api().put("/api/admin/plans/" + id, plan(name, 1000, "XAU", true, true), admin).status(),
                "a currency without a minor unit");
        assertEquals(before, api().get("/api/admin/plans/" + id, admin).body());
        assertEquals(1, api().get("/api/admin/plans?q=" + name, admin).json().getJsonObject("meta").getInt("total"),
                "none of the refused creates stored a plan");

        ApiClient.Response noCountry = api().post("/api/admin/regional-prices/" + id,
                "{\"countryCode\":\"XZ\",\"price\":{\"amount\":100,\"currency\":\"EUR\"}}", admin);
        assertEquals(400, noCountry.status(), noCountry.toString());
        assertEquals("countryCode", noCountry.json().getString("field"));
        assertEquals(0, api().get("/api/admin/regional-prices/" + id, admin).array().size());
        assertEquals(400, api().put("/api/admin/tax-rates/DE", "{\"name\":\"VAT\",\"basisPoints\":10001,\"inclusive\":true}",
                admin).status());
        assertEquals(400, api().put("/api/admin/tax-rates/EU", "{\"name\":\"VAT\",\"basisPoints\":1900,\"inclusive\":true}",
                admin).status());
        assertEquals(400, api().post("/api/admin/coupons", coupon(unique("C"), "\"kind\":\"percentage\","
                + "\"percentBasisPoints\":0", ""), admin).status());
        ApiClient.Response fixedWithPercent = api().post("/api/admin/coupons", coupon(unique("C"), "\"kind\":\"fixed\","
                + "\"fixed\":{\"amount\":500,\"currency\":\"EUR\"},\"percentBasisPoints\":10", ""), admin);
        assertEquals("percentBasisPoints", fixedWithPercent.json().getString("field"), fixedWithPercent.toString());
        ApiClient.Response unknownPlan = api().post("/api/admin/coupons", coupon(unique("C"), "\"kind\":\"percentage\","
                + "\"percentBasisPoints\":10", "").replace("\"planIds\":[]", "\"planIds\":[\"nope\"]"), admin);
        assertEquals("planIds", unknownPlan.json().getString("field"), unknownPlan.toString());
        ApiClient.Response backwards = api().post("/api/admin/coupons", coupon(unique("C"), "\"kind\":\"percentage\","
                + "\"percentBasisPoints\":10", "\"validFrom\":\"2027-02-01T00:00:00Z\",\"validUntil\":\"2027-01-01T00:00:00Z\","),
                admin);
        assertEquals("validUntil", backwards.json().getString("field"), backwards.toString());
    }

    @Test
    void permissionsAndKeyScopesDecide() {
        String admin = adminToken();
        String id = createPlan(admin, plan(unique("Guarded"), 1000, "EUR", true, true));
        String user = userToken("buyer");
        String body = plan(unique("Mine"), 1, "EUR", true, true);
        for (ApiClient.Response r : new ApiClient.Response[] {
                api().get("/api/admin/plans", user), api().post("/api/admin/plans", body, user),
                api().put("/api/admin/plans/" + id, body, user), api().delete("/api/admin/plans/" + id, user),
                api().get("/api/admin/coupons", user), api().get("/api/admin/tax-rates", user),
                api().get("/api/admin/regional-prices/" + id, user)}) {
            assertEquals(403, r.status(), r.toString());
        }
        for (ApiClient.Response r : new ApiClient.Response[] {
                api().get("/api/admin/plans", null), api().post("/api/admin/plans", body, null),
                api().post("/api/coupons/validate", "{\"code\":\"x\",\"planId\":\"" + id + "\"}", null)}) {
            assertEquals(401, r.status(), r.toString());
        }

        // plans:read without plans:manage: reads, cannot write.
        String role = api().post("/api/roles", "{\"name\":\"" + unique("catalogue") + "\",\"description\":\"r\","
                + "\"permissions\":[\"plans:read\"]}", admin).json().getString("id");
        String reader = userToken("reader");
        assertEquals(200, api().post("/api/users/" + userId(reader) + "/roles", "{\"roleId\":\"" + role + "\"}", admin).status());
        assertEquals(200, api().get("/api/admin/plans/" + id, reader).status());
        ApiClient.Response noManage = api().post("/api/admin/plans", body, reader);
        assertEquals(403, noManage.status());
        assertEquals("Missing permission plans:manage", noManage.json().getString("error"));

        // An administrator's key scoped to plans:read is narrowed to reading.
        String key = api().post("/api/apikeys", "{\"name\":\"catalogue\",\"permissions\":[\"plans:read\"]}", admin)
                .json().getString("key");
        assertEquals(200, api().get("/api/admin/plans/" + id, key).status());
        assertEquals(403, api().put("/api/admin/plans/" + id, body, key).status());
        assertEquals(403, api().get("/api/admin/coupons", key).status());

        // account:billing is any account's to give; a key without it cannot check coupons.
        ApiClient.Response billingKey = api().post("/api/apikeys", "{\"name\":\"shop\",\"permissions\":[\"account:billing\"]}", user);
        assertEquals(201, billingKey.status(), billingKey.toString());
        String emptyKey = api().post("/api/apikeys", "{\"name\":\"none\",\"permissions\":[]}", user).json().getString("key");
        String check = "{\"code\":\"" + unique("NOPE") + "\",\"planId\":\"" + id + "\"}";
        assertEquals(404, api().post("/api/coupons/validate", check, billingKey.json().getString("key")).status());
        assertEquals(403, api().post("/api/coupons/validate", check, emptyKey).status());
    }

    @Test
    void theBillingFlagGatesEveryEndpoint() {
        String admin = adminToken();
        String id = createPlan(admin, plan(unique("Flagged"), 1000, "EUR", true, true));
        assertEquals(200, api().put("/api/admin/features", "{\"billing\":false}", admin).status());
        try {
            for (ApiClient.Response r : new ApiClient.Response[] {
                    api().get("/api/plans", null), api().get("/api/plans/" + id, null),
                    api().get("/api/admin/plans", admin), api().post("/api/admin/plans", "{}", admin),
                    api().delete("/api/admin/plans/" + id, admin), api().get("/api/admin/regional-prices/" + id, admin),
                    api().get("/api/admin/tax-rates", admin), api().get("/api/admin/coupons", admin),
                    api().post("/api/coupons/validate", "{}", null)}) {
                assertEquals(503, r.status(), r.toString());
                assertEquals("{\"error\":\"Feature 'billing' is disabled\"}", r.body());
            }
        } finally {
            api().put("/api/admin/features", "{\"billing\":true}", admin);
        }
        assertEquals(200, api().get("/api/admin/plans/" + id, admin).status(), "nothing was deleted while off");
    }

    @Test
    void regionalPricesTaxAndCouponsMakeTheQuote() {
        String admin = adminToken();
        String id = createPlan(admin, plan(unique("Quoted"), 1000, "USD", true, true));
        String other = createPlan(admin, plan(unique("Other"), 1000, "USD", true, true));
        ApiClient.Response regional = api().post("/api/admin/regional-prices/" + id,
                "{\"countryCode\":\"de\",\"price\":{\"amount\":1190,\"currency\":\"EUR\"}}", admin);
        assertEquals(200, regional.status(), regional.toString());
        assertEquals("DE", regional.json().getString("countryCode"));
        assertEquals(200, api().post("/api/admin/regional-prices/" + id,
                "{\"countryCode\":\"JP\",\"price\":{\"amount\":1480,\"currency\":\"JPY\"}}", admin).status());
        assertEquals(2, api().get("/api/admin/regional-prices/" + id, admin).array().size());
        assertEquals(200, api().put("/api/admin/tax-rates/DE", "{\"name\":\"VAT\",\"basisPoints\":1900,\"inclusive\":true}",
                admin).status());
        assertEquals(200, api().put("/api/admin/tax-rates/JP", "{\"name\":\"JCT\",\"basisPoints\":1000,\"inclusive\":false}",
                admin).status());
        assertTrue(api().get("/api/admin/tax-rates", admin).array().getValuesAs(JsonObject.class).stream()
                .anyMatch(t -> t.getString("countryCode").equals("DE") && t.getInt("basisPoints") == 1900));

        String code = unique("SAVE20");
        createCoupon(admin, coupon(code, "\"kind\":\"percentage\",\"percentBasisPoints\":2000", ""));
        assertEquals(409, api().post("/api/admin/coupons", coupon(code.toLowerCase(), "\"kind\":\"percentage\","
                + "\"percentBasisPoints\":10", ""), admin).status(), "codes are unique regardless of case");
        String buyer = userToken("buyer");

        // Germany: 11.90 EUR containing 19 % VAT, 20 % off: 9.52, of which 1.52 VAT.
        ApiClient.Response de = api().post("/api/coupons/validate", "{\"code\":\"" + code.toLowerCase() + "\",\"planId\":\""
                + id + "\",\"country\":\"DE\"}", buyer);
        assertEquals(200, de.status(), de.toString());
        JsonObject quote = de.json().getJsonObject("quote");
        assertTrue(de.json().getBoolean("regionalPrice"));
        assertEquals("11.90", quote.getJsonObject("listPrice").getString("formatted"));
        assertEquals(238, quote.getJsonObject("discount").getInt("amount"));
        assertEquals(152, quote.getJsonObject("tax").getInt("amount"));
        assertEquals(800, quote.getJsonObject("net").getInt("amount"));
        assertEquals("9.52", quote.getJsonObject("total").getString("formatted"));
        assertEquals("EUR", quote.getJsonObject("total").getString("currency"));
        // Japan: 1,480 yen, 20 % off = 296, 1,184 + 10 % = 118.4 -> 118: 1,302 yen.
        JsonObject jp = api().post("/api/coupons/validate", "{\"code\":\"" + code + "\",\"planId\":\"" + id
                + "\",\"country\":\"JP\"}", buyer).json().getJsonObject("quote");
        assertEquals(1302, jp.getJsonObject("total").getInt("amount"));
        assertEquals("1302", jp.getJsonObject("total").getString("formatted"));
        // No country: the plan's own price, no tax.
        JsonObject plain = api().post("/api/coupons/validate", "{\"code\":\"" + code + "\",\"planId\":\"" + id + "\"}", buyer)
                .json().getJsonObject("quote");
        assertEquals(800, plain.getJsonObject("total").getInt("amount"));
        assertEquals("USD", plain.getJsonObject("total").getString("currency"));

        // Refusals say why.
        String onlyOther = unique("OTHER");
        createCoupon(admin, coupon(onlyOther, "\"kind\":\"percentage\",\"percentBasisPoints\":1000", "")
                .replace("\"planIds\":[]", "\"planIds\":[\"" + other + "\"]"));
        assertRefused(buyer, onlyOther, id, null, "not_for_plan");
        String expired = unique("OLD");
        createCoupon(admin, coupon(expired, "\"kind\":\"percentage\",\"percentBasisPoints\":1000",
                "\"validUntil\":\"2020-01-01T00:00:00Z\","));
        assertRefused(buyer, expired, id, null, "expired");
        String unlaunched = unique("SOON");
        createCoupon(admin, coupon(unlaunched, "\"kind\":\"percentage\",\"percentBasisPoints\":1000",
                "\"validFrom\":\"2999-01-01T00:00:00Z\","));
        assertEquals(404, api().post("/api/coupons/validate", "{\"code\":\"" + unlaunched + "\",\"planId\":\"" + id + "\"}",
                buyer).status(), "a code not launched yet is not confirmed to exist");
        String dollars = unique("FIVE");
        createCoupon(admin, coupon(dollars, "\"kind\":\"fixed\",\"fixed\":{\"amount\":500,\"currency\":\"USD\"}", ""));
        assertRefused(buyer, dollars, id, "DE", "currency");
        assertEquals(500, api().post("/api/coupons/validate", "{\"code\":\"" + dollars + "\",\"planId\":\"" + id + "\"}", buyer)
                .json().getJsonObject("quote").getJsonObject("total").getInt("amount"));
        assertEquals(404, api().post("/api/coupons/validate", "{\"code\":\"" + code + "\",\"planId\":\"nope\"}", buyer).status());
        assertEquals("country", api().post("/api/coupons/validate", "{\"code\":\"" + code + "\",\"planId\":\"" + id
                + "\",\"country\":\"ZZ\"}", buyer).json().getString("field"));

        // A plan a coupon names cannot be deleted; the regional price can go.
        assertEquals(409, api().delete("/api/admin/plans/" + other, admin).status());
        assertEquals(204, api().delete("/api/admin/regional-prices/" + id + "/DE", admin).status());
        assertEquals(404, api().delete("/api/admin/regional-prices/" + id + "/DE", admin).status());
        assertEquals(1, api().get("/api/admin/audit?action=plan.regional-price.delete&targetId=" + id, admin).json()
                .getJsonObject("meta").getInt("total"));
        assertEquals(204, api().delete("/api/admin/tax-rates/JP", admin).status());
        assertEquals(404, api().get("/api/admin/tax-rates/JP", admin).status());
    }

    private void assertRefused(String buyer, String code, String planId, String country, String reason) {
        ApiClient.Response r = api().post("/api/coupons/validate", "{\"code\":\"" + code + "\",\"planId\":\"" + planId + "\""
                + (country == null ? "" : ",\"country\":\"" + country + "\"") + "}", buyer);
        assertEquals(422, r.status(), r.toString());
        assertEquals(reason, r.json().getString("reason"), r.toString());
    }

    @Test
    void fiftyConcurrentRedemptionsOfATenUseCouponRedeemTen() throws Exception {
        String admin = adminToken();
        String planId = createPlan(admin, plan(unique("Popular"), 1000, "EUR", true, true));
        String code = unique("TEN");
        String couponId = createCoupon(admin, coupon(code, "\"kind\":\"percentage\",\"percentBasisPoints\":5000",
                "\"maxUses\":10,"));
        String account = userId(userToken("rush"));
        assertEquals(10, redeemAtOnce(50, code, planId, account));
        JsonObject after = api().get("/api/admin/coupons/" + couponId, admin).json();
        assertEquals(10, after.getInt("uses"));
        assertRefused(userToken("late"), code, planId, null, "used_up");
        assertEquals(409, api().delete("/api/admin/coupons/" + couponId, admin).status(), "a redeemed coupon is kept");
        ApiClient.Response lowered = api().put("/api/admin/coupons/" + couponId, coupon(code, "\"kind\":\"percentage\","
                + "\"percentBasisPoints\":5000", "\"maxUses\":5,"), admin);
        assertEquals("maxUses", lowered.json().getString("field"), lowered.toString());

        // Per account: 2 each, however many at once.
        String perAccount = unique("TWICE");
        String perAccountId = createCoupon(admin, coupon(perAccount, "\"kind\":\"percentage\",\"percentBasisPoints\":1000",
                "\"maxUsesPerAccount\":2,"));
        assertEquals(2, redeemAtOnce(12, perAccount, planId, account));
        String second = userToken("second");
        assertEquals(2, redeemAtOnce(3, perAccount, planId, userId(second)));
        assertRefused(second, perAccount, planId, null, "account_used_up");
        // A redemption refused for the account's limit took its increment of the total back.
        assertEquals(4, api().get("/api/admin/coupons/" + perAccountId, admin).json().getInt("uses"));
    }

    /** Redeems {@code times} at once on as many threads; answers how many were counted (the others must be 422). */
    private int redeemAtOnce(int times, String code, String planId, String account) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(times);
        try {
            List<Callable<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < times; i++) {
                calls.add(() -> {
                    try {
                        coupons.redeem(code, planId, account, null);
                        return true;
                    } catch (dev.wingman.platform.api.ApiException e) {
                        assertEquals(422, e.status(), e.getMessage());
                        return false;
                    }
                });
            }
            int counted = 0;
            for (Future<Boolean> result : pool.invokeAll(calls)) {
                counted += result.get() ? 1 : 0;
            }
            return counted;
        } finally {
            pool.shutdownNow();
        }
    }
}
