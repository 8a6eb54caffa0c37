package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.api.FakeWings;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Several packaged panels behind nginx, on one PostgreSQL and one Redis ({@link Fleet}): what
 * docs/operations.md promises of running more than one instance, checked with real processes.
 * A change made on one instance is asked for on another directly (not through the balancer), so
 * the test knows which instance answered. Run by Failsafe in {@code ./mvnw verify}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutIT {
    private static final String PASSWORD = "correct horse 42";
    /**
     * How long another instance may take to see a revocation: the invalidation's trip through Redis
     * (milliseconds), with room for two panels, PostgreSQL and nginx sharing two busy cores.
     */
    private static final Duration REVOCATION_BOUND = Duration.ofSeconds(3);
    /** Feature flags are re-read every wingman.features.refresh-seconds (5) besides the announcement. */
    private static final Duration FLAG_BOUND = Duration.ofSeconds(8);

    private static final String ADMIN = "fleet-admin-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    private static Fleet fleet;
    private static FakeWings wings;
    private static ApiClient one;
    private static ApiClient two;
    private static String adminKey;

    @BeforeAll
    static void startFleet() {
        wings = FakeWings.start(NodeTest.TOKEN);
        // Fleet-wide jobs on short clocks, so the test sees many due times and a quick takeover.
        fleet = Fleet.start("fleet", 2, ADMIN, Map.of(
                "WINGMAN_JOBS_HEARTBEAT_INTERVAL", "PT1S",
                "WINGMAN_JOBS_MISSED_HEARTBEATS", "4",
                "WINGMAN_JOBS_POLLING_INTERVAL", "PT0.2S",
                "WINGMAN_NODES_HEARTBEAT_INTERVAL", "PT1S",
                "WINGMAN_NODES_HEARTBEAT_TICK", "PT0.2S",
                // The other frequent jobs on a 1 s clock too, to count their runs fleet-wide.
                "WINGMAN_TRANSFERS_SWEEP_INTERVAL", "PT1S",
                "WINGMAN_NODES_OPERATIONS_SWEEP_INTERVAL", "PT1S",
                "WINGMAN_SERVERS_STATE_POLL_INTERVAL", "PT3S",
                // The one limit this test counts: 10 logins per e-mail per 10 minutes, across instances.
                "WINGMAN_RATE_LIMITS_LOGIN_ACCOUNT_LIMIT", "10"));
        one = new ApiClient(fleet.uri(0));
        two = new ApiClient(fleet.uri(1));
        String admin = login(one, ADMIN, Fleet.ADMIN_PASSWORD);
        ApiClient.Response key = one.post("/api/apikeys", "{\"name\":\"fleet\",\"permissions\":[\"*\"]}", admin);
        assertEquals(201, key.status(), key.toString());
        adminKey = key.json().getString("key");
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
        if (wings != null) {
            wings.close();
        }
    }

    @Test
    @Order(1)
    void panelsStartedTogetherOnAnEmptyDatabaseMigratedItOnceAndShareOneSetOfKeys() {
        assertEquals(0, fleet.count("select count(*) from (select version from flyway_schema_history "
                + "where version is not null group by version having count(*) > 1) twice"), "a migration ran twice");
        assertEquals(0, fleet.count("select count(*) from flyway_schema_history where not success"));
        assertEquals(1, fleet.count("select count(*) from signing_keys"), "one session signing key between them");
        assertEquals(1, fleet.count("select count(*) from users where email = '" + ADMIN + "'"), "one administrator");

        // A session from one instance is good on the other: they verify with the same key.
        String session = login(one, ADMIN, Fleet.ADMIN_PASSWORD);
        assertEquals(200, two.get("/api/users/me", session).status());
        // A node token sealed by one instance opens on the other: one secrets key between them.
        ApiClient.Response node = one.post("/api/nodes", NodeTest.nodeBody(NodeTest.uniqueName("fleet"), wings,
                "\"nodeType\":\"free_and_paid\",\"portRangeStart\":31000,\"portRangeEnd\":31010"), adminKey);
        assertEquals(201, node.status(), node + fleet.logs());
        ApiClient.Response credentials = two.get("/api/nodes/" + node.json().getString("id") + "/credentials", adminKey);
        assertEquals(200, credentials.status(), credentials.toString());
        assertEquals(wings.token(), credentials.json().getString("token"));
        assertEquals(1, fleet.count("select count(*) from platform_keys where name = 'secrets-key'"));
    }

    @Test
    @Order(2)
    void aRevocationOnOneInstanceTakesEffectOnTheOther() {
        // A session ended on one instance.
        Account account = Account.register(one);
        String session = login(one, account.email, PASSWORD);
        assertEquals(200, two.get("/api/users/me", session).status(), "the other instance knows the session (and caches it)");
        assertEquals(204, one.post("/api/auth/logout", null, session).status());
        within(REVOCATION_BOUND, "the ended session is refused by the other instance",
                () -> two.get("/api/users/me", session).status() == 401);

        // An API key deleted on one instance.
        String owner = login(one, account.email, PASSWORD);
        ApiClient.Response key = one.post("/api/apikeys", "{\"name\":\"k\",\"permissions\":[]}", owner);
        assertEquals(201, key.status(), key.toString());
        String secret = key.json().getString("key");
        assertEquals(200, two.get("/api/users/me", secret).status());
        assertEquals(204, one.delete("/api/apikeys/" + key.json().getString("id"), owner).status());
        within(REVOCATION_BOUND, "the deleted key is refused by the other instance", () -> two.get("/api/users/me", secret).status() == 401);

        // An account suspended on one instance.
        assertEquals(200, two.get("/api/users/me", owner).status());
        assertEquals(200, one.put("/api/admin/users/" + account.id, "{\"suspended\":true}", adminKey).status());
        within(REVOCATION_BOUND, "the suspended account is refused by the other instance",
                () -> two.get("/api/users/me", owner).status() == 403);
        assertEquals(200, one.put("/api/admin/users/" + account.id, "{\"suspended\":false}", adminKey).status());

        // A role losing a permission on one instance.
        Account staff = Account.register(one);
        ApiClient.Response role = one.post("/api/roles", "{\"name\":\"" + NodeTest.uniqueName("readers")
                + "\",\"description\":\"reads users\",\"permissions\":[\"users:read\"]}", adminKey);
        assertEquals(201, role.status(), role.toString());
        String roleId = role.json().getString("id");
        assertEquals(200, one.put("/api/admin/users/" + staff.id, "{\"roles\":[\"" + roleId + "\"]}", adminKey).status());
        String staffSession = login(one, staff.email, PASSWORD);
        within(REVOCATION_BOUND, "the other instance sees the role", () -> two.get("/api/admin/users", staffSession).status() == 200);
        ApiClient.Response narrowed = one.put("/api/roles/" + roleId, "{\"permissions\":[\"roles:read\"]}", adminKey);
        assertEquals(200, narrowed.status(), narrowed.toString());
        within(REVOCATION_BOUND, "the narrowed role is applied by the other instance",
                () -> two.get("/api/admin/users", staffSession).status() == 403);

        // A feature flag switched on one instance.
        assertTrue(two.get("/api/public/features", null).json().getBoolean("dns"));
        assertEquals(200, one.put("/api/admin/features", "{\"dns\":false}", adminKey).status());
        within(FLAG_BOUND, "the other instance serves the switched flag",
                () -> !two.get("/api/public/features", null).json().getBoolean("dns"));
        assertEquals(200, one.put("/api/admin/features", "{\"dns\":true}", adminKey).status());
        within(FLAG_BOUND, "the other instance serves the flag switched back",
                () -> two.get("/api/public/features", null).json().getBoolean("dns"));
    }

    @Test
    @Order(3)
    void aRevocationIsNotMissedWhileRedisIsUnreachableNorAfterItReturns() {
        Account account = Account.register(one);
        String first = login(one, account.email, PASSWORD);
        String second = login(one, account.email, PASSWORD);
        assertEquals(200, two.get("/api/users/me", first).status(), "cached on the other instance");
        assertEquals(200, two.get("/api/users/me", second).status(), "cached on the other instance");

        // The other instance loses Redis (its pub/sub connection with it): it cannot hear the
        // invalidation, so it must stop trusting its cache.
        int connectionsOne = fleet.redis(0).connections();
        int connectionsTwo = fleet.redis(1).connections();
        fleet.redis(1).cut();
        try {
            assertEquals(204, one.post("/api/auth/logout", null, first).status());
            within(REVOCATION_BOUND, "the instance without Redis refuses the ended session",
                    () -> two.get("/api/users/me", first).status() == 401);
            // Both lose it: the change cannot be announced at all.
            fleet.redis(0).cut();
            assertEquals(204, one.post("/api/auth/logout", null, second).status());
            within(REVOCATION_BOUND, "with Redis gone everywhere the ended session is refused",
                    () -> two.get("/api/users/me", second).status() == 401);
        } finally {
            fleet.redis(0).restore();
            fleet.redis(1).restore();
        }

        // Redis is back: caching resumes and invalidations arrive again.
        String third = login(one, account.email, PASSWORD);
        within(Duration.ofSeconds(15), "both instances have all their Redis connections again (commands and pub/sub)",
                () -> fleet.redis(0).connections() >= connectionsOne && fleet.redis(1).connections() >= connectionsTwo);
        assertEquals(200, two.get("/api/users/me", third).status());
        assertEquals(204, one.post("/api/auth/logout", null, third).status());
        within(REVOCATION_BOUND, "after Redis returned the ended session is refused by the other instance",
                () -> two.get("/api/users/me", third).status() == 401);
    }

    @Test
    @Order(4)
    void rateLimitsAreCountedOnceAcrossInstances() {
        Account account = Account.register(one);
        int allowed = 0;
        for (int i = 0; i < 30; i++) {
            ApiClient api = i % 2 == 0 ? one : two;
            int status = api.post("/api/auth/login", "{\"email\":\"" + account.email + "\",\"password\":\"wrong password 0\"}", null)
                    .status();
            if (status != 429) {
                assertEquals(401, status);
                allowed++;
            }
        }
        assertEquals(10, allowed, "10 tries per e-mail in all, whichever instance took them");
    }

    @Test
    @Order(4)
    void aPlanChangedOnOneInstanceIsOfferedAsChangedByTheOther() {
        String name = "fleet-plan-" + UUID.randomUUID().toString().substring(0, 8);
        String body = "{\"name\":\"" + name + "\",\"tier\":\"paid\",\"price\":{\"amount\":500,\"currency\":\"EUR\"},"
                + "\"period\":\"monthly\",\"limits\":{\"servers\":1,\"memoryMib\":1024,\"diskMib\":2048,\"cpuPercent\":100,"
                + "\"allocations\":1,\"databases\":0,\"backups\":0,\"tunnelPorts\":0,\"aiTokens\":0},\"visible\":true,";
        ApiClient.Response created = one.post("/api/admin/plans", body + "\"active\":true}", adminKey);
        assertEquals(201, created.status(), created.toString());
        String id = created.json().getString("id");
        // The other instance's public list is cached; the create dropped it everywhere.
        within(REVOCATION_BOUND, "the other instance offers the new plan", () -> two.get("/api/plans", null).body().contains(id));
        assertEquals(200, one.put("/api/admin/plans/" + id, body + "\"active\":false}", adminKey).status());
        within(REVOCATION_BOUND, "the other instance stops offering the deactivated plan",
                () -> !two.get("/api/plans", null).body().contains(id) && two.get("/api/plans/" + id, null).status() == 404);
    }

    @Test
    @Order(5)
    void aFleetWideJobRunsOncePerDueTimeAcrossInstances() {
        // The node from the first test is pinged once per second in all, not once per instance: no
        // two pings closer than the interval allows (a ping is due one interval after the last one,
        // claimed by one instance), and about one per second.
        int before = wings.requests("GET /api/system");
        sleep(Duration.ofSeconds(8));
        List<Instant> pings = wings.requestTimes("GET /api/system");
        pings = pings.subList(before, pings.size());
        assertTrue(pings.size() >= 5 && pings.size() <= 11, pings.size() + " heartbeats in 8 s with a 1 s interval" + fleet.logs());
        for (int i = 1; i < pings.size(); i++) {
            Duration gap = Duration.between(pings.get(i - 1), pings.get(i));
            assertTrue(gap.compareTo(Duration.ofMillis(500)) > 0, "two heartbeats " + gap.toMillis() + " ms apart: " + pings);
        }
    }

    @Test
    @Order(6)
    void everyRecurringJobRunsOncePerDueTimeFleetWide() {
        // Runs counted by each panel's own meter (wingman_jobs_runs_total{job}); summed over the
        // fleet they are what one instance alone would do, where every panel running each due
        // time would double them. A job added later is counted here as soon as it has a 1 s clock.
        Map<String, Double> before = jobRuns();
        sleep(Duration.ofSeconds(6));
        Map<String, Double> after = jobRuns();
        // 1 s intervals (the state poll runs at a third of its 3 s setting). The heartbeat round (every
        // 0.2 s after the previous round ended, which waits for its pings) is checked by the gaps
        // between pings instead (aFleetWideJobRunsOncePerDueTimeAcrossInstances).
        Map<String, Double> perSecond = Map.of("servers.transfer-sweep", 1.0, "nodes.operations-resume", 1.0,
                "servers.state-poll", 1.0);
        for (Map.Entry<String, Double> job : perSecond.entrySet()) {
            double runs = after.getOrDefault(job.getKey(), 0.0) - before.getOrDefault(job.getKey(), 0.0);
            double once = 6 * job.getValue();
            assertTrue(runs >= once * 0.4 && runs <= once * 1.3 + 2,
                    job.getKey() + " ran " + runs + " times in 6 s fleet-wide, once per due time would be about " + once);
            System.out.printf("scale-out jobs: %s ran %.0f times in 6 s on two panels (once per due time: about %.0f)%n",
                    job.getKey(), runs, once);
        }
    }

    /** Each recurring job's runs so far, summed over the fleet's panels. */
    private static Map<String, Double> jobRuns() {
        Map<String, Double> runs = new java.util.HashMap<>();
        java.util.regex.Pattern line = java.util.regex.Pattern.compile("^wingman_jobs_runs_total\\{.*job=\"([^\"]+)\".*\\}\\s+(\\S+)$");
        for (ApiClient api : List.of(one, two)) {
            ApiClient.Response metrics = api.send("GET", "/metrics?scope=application", null, null, Map.of("Accept", "text/plain"));
            assertEquals(200, metrics.status(), metrics.toString());
            metrics.body().lines().map(line::matcher).filter(java.util.regex.Matcher::matches)
                    .forEach(m -> runs.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum));
        }
        return runs;
    }

    @Test
    @Order(7)
    void aStoppedInstanceDrainsAndTheBalancerLosesNoRequest() throws Exception {
        // A steady read load through nginx; one panel gets SIGTERM, as Kubernetes stops a pod.
        ApiClient balanced = new ApiClient(fleet.balancer());
        ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();
        AtomicInteger answered = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        int clients = 8;
        ExecutorService load = Executors.newFixedThreadPool(clients);
        int exit;
        try {
            for (int c = 0; c < clients; c++) {
                load.submit(() -> {
                    while (running.get()) {
                        try {
                            ApiClient.Response me = balanced.get("/api/users/me", adminKey);
                            if (me.status() == 200) {
                                answered.incrementAndGet();
                            } else {
                                failed.add(me.status() + " " + me.body());
                            }
                        } catch (RuntimeException e) {
                            failed.add(e.toString());
                        }
                    }
                });
            }
            sleep(Duration.ofSeconds(2));
            exit = fleet.stop(1, Duration.ofSeconds(60));
            sleep(Duration.ofSeconds(1));
        } finally {
            running.set(false);
            load.shutdown();
            assertTrue(load.awaitTermination(60, TimeUnit.SECONDS), "the load stopped");
        }
        // Requests in flight were answered, new ones refused with 503 and tried on the other panel.
        assertEquals(List.of(), List.copyOf(failed), "requests without a 200 while a panel stopped");
        assertEquals(143, exit, "the JVM's status after SIGTERM");
        assertTrue(answered.get() > 0);
        System.out.printf("scale-out stop: %d reads through nginx, none failed, while one panel drained and exited%n",
                answered.get());
        fleet.restart(1);
    }

    @Test
    @Order(8)
    void aJobWhoseInstanceIsKilledIsFinishedByAnotherFromItsRecordedPhase() {
        int killed = -1;
        try (FakeWings node = FakeWings.start(NodeTest.TOKEN)) {
            // A slow node: each power action takes 400 ms to answer, so the stopping phase lasts seconds.
            node.powerReplyDelay(Duration.ofMillis(400)).transitionDelay(Duration.ofMillis(300));
            List<String> uuids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String uuid = UUID.randomUUID().toString();
                node.addServer(uuid).state("running");
                uuids.add(uuid);
            }
            ApiClient.Response created = one.post("/api/nodes", NodeTest.nodeBody(NodeTest.uniqueName("reboot"), node,
                    "\"nodeType\":\"free_and_paid\",\"portRangeStart\":32000,\"portRangeEnd\":32010"), adminKey);
            assertEquals(201, created.status(), created.toString());
            String nodeId = created.json().getString("id");
            ApiClient.Response started = one.post("/api/nodes/" + nodeId + "/reboot-all-servers", null, adminKey);
            assertEquals(202, started.status(), started.toString());
            String operationId = started.json().getString("operationId");
            String status = "/api/nodes/" + nodeId + "/reboot-status/" + operationId;

            // Kill the panel that runs the job while it is part-way through the stops.
            within(Duration.ofSeconds(15), "the servers are being stopped, some but not all",
                    () -> stopped(node, uuids) >= 2 && stopped(node, uuids) < uuids.size());
            String runner = fleet.text("select picked_by from scheduled_tasks where task_name = 'nodes.reboot-all' "
                    + "and task_instance = '" + operationId + "' and picked");
            killed = fleet.panelNamed(runner);
            assertTrue(killed >= 0, "the job runs on a panel of the fleet: " + runner);
            int survivor = 1 - killed;
            fleet.kill(killed);
            int stopsAtKill = stopped(node, uuids);
            long killedAt = System.nanoTime();

            ApiClient survivorApi = new ApiClient(fleet.uri(survivor));
            within(Duration.ofSeconds(90), "the other panel finishes the reboot",
                    () -> !survivorApi.get(status, adminKey).json().getString("status").equals("running"));
            double takeover = (System.nanoTime() - killedAt) / 1e9;
            JsonObject done = survivorApi.get(status, adminKey).json();
            assertEquals("completed", done.getString("status"), done + fleet.logs());
            assertTrue(stopsAtKill < uuids.size(), "the kill came during the stops");
            int stops = 0;
            for (String uuid : uuids) {
                List<String> log = node.server(uuid).powerLog();
                assertEquals("start", log.get(log.size() - 1), "server " + uuid + " ends started: " + log);
                assertEquals(1, log.stream().filter("start"::equals).count(), "server " + uuid + " started once: " + log);
                stops += (int) log.stream().filter("stop"::equals).count();
            }
            // Resumed after the last recorded server: only the stop in flight when the panel died may be sent twice.
            assertTrue(stops <= uuids.size() + 1, stops + " stops for " + uuids.size() + " servers in " + done);
            System.out.printf("scale-out takeover: reboot-all killed after %d of %d stops, finished %.1f s later by the other "
                    + "panel; %d stops in all%n", stopsAtKill, uuids.size(), takeover, stops);
        } finally {
            if (killed >= 0 && !fleet.panel(killed).alive()) {
                fleet.restart(killed);
            }
        }
    }

    @Test
    @Order(10)
    void aDueScheduleFiresOnceAcrossInstances() {
        try (FakeWings node = FakeWings.start(NodeTest.TOKEN)) {
            ApiClient.Response created = one.post("/api/nodes", NodeTest.nodeBody(NodeTest.uniqueName("cron"), node,
                    "\"nodeType\":\"free_and_paid\",\"portRangeStart\":32100,\"portRangeEnd\":32110"), adminKey);
            assertEquals(201, created.status(), created.toString());
            String nodeId = created.json().getString("id");
            node.panel(fleet.uri(0).toString(), one.get("/api/nodes/" + nodeId + "/credentials", adminKey).json()
                    .getString("tokenId"));
            ApiClient.Response egg = one.post("/api/admin/eggs/import",
                    EggTest.paperEgg("Paper " + UUID.randomUUID().toString().substring(0, 8)), adminKey);
            assertEquals(201, egg.status(), egg.toString());
            ApiClient.Response made = one.post("/api/servers", "{\"name\":\"Cron\",\"eggId\":\"" + egg.json().getString("id")
                    + "\",\"memory\":512,\"disk\":1024,\"nodeId\":\"" + nodeId + "\"}", adminKey);
            assertEquals(201, made.status(), made.toString());
            JsonObject server = made.json();
            within(Duration.ofSeconds(30), "the server is installed",
                    () -> NodeTest.absent(one.get("/api/servers/" + server.getString("id"), adminKey).json(), "status"));
            node.server(server.getString("uuid")).state("running");

            // Ten schedules due at the same moment, each sending one command: yearly, then made due now.
            String schedules = "/api/client/servers/" + server.getString("identifier") + "/schedules";
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ApiClient.Response schedule = one.post(schedules, "{\"name\":\"Once " + i + "\",\"minute\":\"0\","
                        + "\"hour\":\"0\",\"day_of_month\":\"1\",\"month\":\"1\",\"day_of_week\":\"*\",\"is_active\":true}",
                        adminKey);
                assertEquals(200, schedule.status(), schedule.toString());
                long id = schedule.json().getJsonObject("attributes").getJsonNumber("id").longValue();
                ApiClient.Response task = one.post(schedules + "/" + id + "/tasks", "{\"action\":\"command\",\"payload\":"
                        + "\"say once " + i + "\",\"time_offset\":0}", adminKey);
                assertEquals(200, task.status(), task.toString());
                ids.add(id);
            }
            fleet.text("update server_schedules set next_run_at = now() where server_id = '" + server.getString("id")
                    + "' returning id");
            FakeWings.Server target = node.server(server.getString("uuid"));
            within(Duration.ofSeconds(20), "every schedule fired", () -> target.commands().size() >= ids.size());
            sleep(Duration.ofSeconds(3));
            List<String> commands = target.commands();
            for (int i = 0; i < ids.size(); i++) {
                String command = "say once " + i;
                assertEquals(1, commands.stream().filter(command::equals).count(), command + " once: " + commands + fleet.logs());
            }
            assertEquals(ids.size(), commands.size(), commands.toString());
            for (long id : ids) {
                JsonObject seen = two.get(schedules + "/" + id, adminKey).json().getJsonObject("attributes");
                assertTrue(!seen.getBoolean("is_processing") && !seen.isNull("last_run_at"), "seen through the other "
                        + "instance as run: " + seen);
                assertTrue(java.time.OffsetDateTime.parse(seen.getString("next_run_at")).toInstant().isAfter(Instant.now()),
                        "moved to next year: " + seen);
            }
            System.out.printf("scale-out schedules: %d schedules due at once on two panels, %d commands sent%n", ids.size(),
                    commands.size());
        }
    }

    private static int stopped(FakeWings node, List<String> uuids) {
        return (int) uuids.stream().filter(u -> node.server(u).powerLog().contains("stop")).count();
    }

    @Test
    @Order(9)
    void killingAnInstanceUnderLoadLosesNoAcknowledgedWrite() throws Exception {
        ApiClient balanced = new ApiClient(fleet.balancer());
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        AtomicInteger serverErrors = new AtomicInteger();
        AtomicInteger transportErrors = new AtomicInteger();
        AtomicInteger requests = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        int clients = 8;
        ExecutorService load = Executors.newFixedThreadPool(clients);
        int whileDown;
        int afterRestart;
        double restart;
        try {
            for (int c = 0; c < clients; c++) {
                load.submit(() -> {
                    while (running.get()) {
                        String handle = "load-" + UUID.randomUUID().toString().substring(0, 12);
                        requests.incrementAndGet();
                        try {
                            ApiClient.Response created = balanced.post("/api/organisations",
                                    "{\"name\":\"Load\",\"handle\":\"" + handle + "\"}", adminKey);
                            if (created.status() == 201) {
                                acknowledged.add(created.json().getString("id"));
                            } else if (created.status() >= 500) {
                                serverErrors.incrementAndGet();
                            } else {
                                unexpected.add(created.toString());
                            }
                        } catch (UncheckedIOException e) {
                            transportErrors.incrementAndGet();
                        } catch (RuntimeException e) {
                            unexpected.add(e.toString());
                        }
                    }
                });
            }
            sleep(Duration.ofSeconds(3));
            int beforeKill = acknowledged.size();
            fleet.kill(1);
            sleep(Duration.ofSeconds(3));
            whileDown = acknowledged.size() - beforeKill;
            long restarting = System.nanoTime();
            fleet.restart(1);
            restart = (System.nanoTime() - restarting) / 1e9;
            afterRestart = acknowledged.size();
            sleep(Duration.ofSeconds(3));
        } finally {
            running.set(false);
            load.shutdown();
            assertTrue(load.awaitTermination(60, TimeUnit.SECONDS), "the load stopped");
        }

        assertEquals(List.of(), List.copyOf(unexpected), "answers other than 201 or 5xx");
        assertTrue(whileDown > 0, "the surviving instance took the writes while the other was down");
        assertTrue(acknowledged.size() > afterRestart, "writes went on after the restart");
        // At most the requests that were in flight on the killed process fail; nginx sends the
        // rest to the survivor (a request it could not deliver is tried on the next upstream).
        assertTrue(serverErrors.get() + transportErrors.get() <= clients,
                serverErrors + " 5xx and " + transportErrors + " broken connections of " + requests + " requests" + fleet.logs());
        // Every acknowledged write is there, whichever instance wrote it.
        for (String id : acknowledged) {
            ApiClient.Response read = balanced.get("/api/organisations/" + id, adminKey);
            assertEquals(200, read.status(), "acknowledged organisation " + id + ": " + read);
        }
        System.out.printf("scale-out kill: %d requests, %d acknowledged and read back (%d while one instance was down), "
                        + "%d 5xx, %d broken; the killed instance was ready again %.1f s after its restart began%n",
                requests.get(), acknowledged.size(), whileDown, serverErrors.get(), transportErrors.get(), restart);
    }

    private record Account(String id, String email) {
        static Account register(ApiClient api) {
            String email = "fleet-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
            ApiClient.Response registered = api.post("/api/users/register",
                    "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"Fleet\"}", null);
            assertEquals(201, registered.status(), registered.toString());
            JsonObject user = registered.json().containsKey("user") ? registered.json().getJsonObject("user") : registered.json();
            return new Account(user.getString("id"), email);
        }
    }

    private static String login(ApiClient api, String email, String password) {
        ApiClient.Response login = api.post("/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}", null);
        assertEquals(200, login.status(), login.toString());
        return login.json().getString("token");
    }

    private static void within(Duration bound, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("Not within " + bound + ": " + what);
            }
            sleep(Duration.ofMillis(50));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
