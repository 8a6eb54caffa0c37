package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.api.FakeWings;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.wingman.app.NodeTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client API's schedules against FakeWings: CRUD with Pterodactyl's shapes, cron and time zone
 * checks, and runs (by hand and at their due time) whose commands and power actions FakeWings
 * records, in order, with their offsets, skipped when the schedule only runs while the server is
 * online and it is not.
 */
@HelidonTest
class ClientSchedulesTest extends PanelTest {
    private static final int MAX_SCHEDULES = 3;
    private static final int MAX_TASKS = 3;

    @AddConfigSource
    static ConfigSource config() {
        Map<String, String> config = new HashMap<>(NodeTestSupport.fastNodes());
        config.put("wingman.wings.read-timeout", "PT3S");
        config.put("wingman.schedules.max-per-server", String.valueOf(MAX_SCHEDULES));
        config.put("wingman.schedules.max-tasks", String.valueOf(MAX_TASKS));
        config.put("wingman.schedules.tick", "PT0.2S");
        return panelConfig(config);
    }

    private record Owned(String owner, String key, String identifier, String uuid, String nodeId, FakeWings wings) {
        String base() {
            return "/api/client/servers/" + identifier + "/schedules";
        }

        FakeWings.Server node() {
            return wings.server(uuid);
        }
    }

    private Owned server(int ports) {
        String admin = adminToken();
        FakeWings wings = startWings();
        String node = attachedNode(admin, wings, "\"nodeType\":\"free_and_paid\",\"portRangeStart\":" + ports
                + ",\"portRangeEnd\":" + (ports + 50));
        String owner = userToken("schedules");
        JsonObject server = installedServer(owner, importEgg(admin), node, "Scheduled");
        return new Owned(owner, apiKey(owner, "*"), server.getString("identifier"), server.getString("uuid"), node, wings);
    }

    private static String schedule(String name, String minute, String hour, String timezone, boolean active, boolean online) {
        return "{\"name\":\"" + name + "\",\"minute\":\"" + minute + "\",\"hour\":\"" + hour + "\",\"day_of_month\":\"*\","
                + "\"month\":\"*\",\"day_of_week\":\"*\",\"is_active\":" + active + ",\"only_when_online\":" + online
                + (timezone == null ? "" : ",\"timezone\":\"" + timezone + "\"") + "}";
    }

    private static String task(String action, String payload, int offset, boolean continueOnFailure) {
        return "{\"action\":\"" + action + "\",\"payload\":\"" + payload + "\",\"time_offset\":" + offset
                + ",\"continue_on_failure\":" + continueOnFailure + "}";
    }

    private JsonObject created(Owned o, String body) {
        ApiClient.Response created = api().post(o.base(), body, o.key);
        assertEquals(200, created.status(), created.toString());
        return created.json().getJsonObject("attributes");
    }

    private JsonObject addTask(Owned o, long schedule, String body) {
        ApiClient.Response added = api().post(o.base() + "/" + schedule + "/tasks", body, o.key);
        assertEquals(200, added.status(), added.toString());
        assertEquals("schedule_task", added.json().getString("object"));
        return added.json().getJsonObject("attributes");
    }

    private JsonObject fetch(Owned o, long schedule) {
        ApiClient.Response got = api().get(o.base() + "/" + schedule, o.key);
        assertEquals(200, got.status(), got.toString());
        return got.json().getJsonObject("attributes");
    }

    private List<JsonObject> activity(Owned o, String event) {
        return api().get("/api/client/servers/" + o.identifier + "/activity?per_page=100&filter[event]=" + event, o.owner)
                .json().getJsonArray("data").getValuesAs(JsonObject.class).stream()
                .map(e -> e.getJsonObject("attributes")).toList();
    }

    private List<JsonObject> taskRuns(Owned o, long schedule) {
        return activity(o, "server:task.run").stream()
                .filter(e -> e.getJsonObject("properties").get("schedule").toString().replace("\"", "")
                        .equals(String.valueOf(schedule))).toList();
    }

    private List<Long> ids(JsonObject schedule) {
        return schedule.getJsonObject("relationships").getJsonObject("tasks").getJsonArray("data")
                .getValuesAs(JsonObject.class).stream().map(t -> t.getJsonObject("attributes").getJsonNumber("id").longValue())
                .toList();
    }

    @Test
    void schedulesAndTasksAreCreatedShownChangedAndDeletedInPterodactylsShapes() {
        Owned o = server(34000);
        JsonObject s = created(o, schedule("Nightly", "*/15", "3", null, true, false));
        long id = s.getJsonNumber("id").longValue();
        assertEquals("Nightly", s.getString("name"));
        JsonObject cron = s.getJsonObject("cron");
        assertEquals("*/15", cron.getString("minute"));
        assertEquals("3", cron.getString("hour"));
        assertEquals("*", cron.getString("day_of_week"));
        assertEquals("UTC", s.getString("timezone"), "the default zone");
        assertTrue(s.getBoolean("is_active"));
        assertFalse(s.getBoolean("is_processing"));
        assertFalse(s.getBoolean("only_when_online"));
        assertTrue(s.isNull("last_run_at"));
        OffsetDateTime next = OffsetDateTime.parse(s.getString("next_run_at"));
        assertEquals(3, next.getHour());
        assertEquals(0, next.getMinute() % 15);
        assertTrue(next.toInstant().isAfter(Instant.now()) && next.toInstant().isBefore(Instant.now().plus(Duration.ofDays(1))));

        JsonObject first = addTask(o, id, task("command", "say one", 0, false));
        assertEquals(1, first.getInt("sequence_id"));
        assertEquals("command", first.getString("action"));
        assertEquals("say one", first.getString("payload"));
        assertEquals(0, first.getInt("time_offset"));
        assertFalse(first.getBoolean("is_queued"));
        assertFalse(first.getBoolean("continue_on_failure"));
        JsonObject restart = addTask(o, id, task("power", "restart", 60, true));
        assertEquals(2, restart.getInt("sequence_id"));
        JsonObject inserted = addTask(o, id, "{\"action\":\"command\",\"payload\":\"say zero\",\"time_offset\":0,"
                + "\"sequence_id\":1}");
        assertEquals(1, inserted.getInt("sequence_id"), "placed first; the others move down");
        long one = first.getJsonNumber("id").longValue();
        long zero = inserted.getJsonNumber("id").longValue();
        long power = restart.getJsonNumber("id").longValue();
        assertEquals(List.of(zero, one, power), ids(fetch(o, id)));

        ApiClient.Response moved = api().post(o.base() + "/" + id + "/tasks/" + zero, "{\"action\":\"command\","
                + "\"payload\":\"say last\",\"time_offset\":5,\"sequence_id\":3}", o.key);
        assertEquals(200, moved.status(), moved.toString());
        assertEquals(3, moved.json().getJsonObject("attributes").getInt("sequence_id"));
        assertEquals("say last", moved.json().getJsonObject("attributes").getString("payload"));
        assertEquals(List.of(one, power, zero), ids(fetch(o, id)));
        assertEquals(204, api().delete(o.base() + "/" + id + "/tasks/" + one, o.key).status());
        JsonObject after = fetch(o, id);
        assertEquals(List.of(power, zero), ids(after));
        List<Integer> sequences = after.getJsonObject("relationships").getJsonObject("tasks").getJsonArray("data")
                .getValuesAs(JsonObject.class).stream().map(t -> t.getJsonObject("attributes").getInt("sequence_id")).toList();
        assertEquals(List.of(1, 2), sequences, "renumbered after the removal");

        ApiClient.Response changed = api().post(o.base() + "/" + id, schedule("Hourly", "30", "*", "UTC", false, true), o.key);
        assertEquals(200, changed.status(), changed.toString());
        JsonObject c = changed.json().getJsonObject("attributes");
        assertEquals("Hourly", c.getString("name"));
        assertFalse(c.getBoolean("is_active"));
        assertTrue(c.getBoolean("only_when_online"));
        assertEquals(30, OffsetDateTime.parse(c.getString("next_run_at")).getMinute());

        ApiClient.Response list = api().get(o.base(), o.key);
        assertEquals(200, list.status(), list.toString());
        assertEquals("list", list.json().getString("object"));
        assertEquals("server_schedule", list.json().getJsonArray("data").getJsonObject(0).getString("object"));
        assertEquals(1, list.json().getJsonArray("data").size());

        assertEquals(204, api().delete(o.base() + "/" + id, o.key).status());
        assertEquals(404, api().get(o.base() + "/" + id, o.key).status());
        assertEquals(404, api().get(o.base() + "/not-a-number", o.key).status());
        assertEquals(0, api().get(o.base(), o.key).json().getJsonArray("data").size());
        for (String event : List.of("server:schedule.create", "server:schedule.update", "server:schedule.delete",
                "server:task.create", "server:task.update", "server:task.delete")) {
            assertFalse(activity(o, event).isEmpty(), event + " is in the activity log");
        }
    }

    @Test
    void badCronFieldsZonesAndTasksAre422NamingTheFieldAndChangeNothing() {
        Owned o = server(34100);
        Map<String, String> bad = Map.of(
                "minute", schedule("x", "61", "*", null, true, false),
                "hour", schedule("x", "0", "25", null, true, false),
                "timezone", schedule("x", "0", "3", "Mars/Olympus", true, false),
                "name", schedule("", "0", "3", null, true, false));
        bad.forEach((field, body) -> {
            ApiClient.Response refused = api().post(o.base(), body, o.key);
            assertEquals(422, refused.status(), field + ": " + refused);
            assertEquals(field, refused.json().getString("field"), refused.toString());
        });
        ApiClient.Response steps = api().post(o.base(), "{\"name\":\"x\",\"minute\":\"*/a\",\"hour\":\"*\","
                + "\"day_of_month\":\"*\",\"month\":\"*\",\"day_of_week\":\"*\"}", o.key);
        assertEquals(422, steps.status(), steps.toString());
        assertEquals("minute", steps.json().getString("field"));
        ApiClient.Response never = api().post(o.base(), "{\"name\":\"x\",\"minute\":\"0\",\"hour\":\"0\","
                + "\"day_of_month\":\"31\",\"month\":\"2\",\"day_of_week\":\"*\"}", o.key);
        assertEquals(422, never.status(), "31 February never comes: " + never);
        assertEquals("cron", never.json().getString("field"));
        ApiClient.Response missing = api().post(o.base(), "{\"name\":\"x\",\"minute\":\"0\"}", o.key);
        assertEquals(422, missing.status(), missing.toString());
        assertEquals("hour", missing.json().getString("field"));
        assertEquals(0, api().get(o.base(), o.key).json().getJsonArray("data").size(), "nothing was created");

        JsonObject s = created(o, schedule("Lists", "0,30", "1-5", "Europe/Berlin", true, false));
        long id = s.getJsonNumber("id").longValue();
        ApiClient.Response unchanged = api().post(o.base() + "/" + id, schedule("Lists", "0", "3", "Nowhere", true, false),
                o.key);
        assertEquals(422, unchanged.status());
        assertEquals("Europe/Berlin", fetch(o, id).getString("timezone"), "a refused change changes nothing");

        Map<String, String> badTasks = Map.of(
                "action", task("delete-files", "x", 0, false),
                "payload", task("power", "explode", 0, false),
                "time_offset", task("command", "say", 901, false));
        badTasks.forEach((field, body) -> {
            ApiClient.Response refused = api().post(o.base() + "/" + id + "/tasks", body, o.key);
            assertEquals(422, refused.status(), field + ": " + refused);
            assertEquals(field, refused.json().getString("field"));
        });
        // PostgreSQL cannot store a NUL: refused as bad input, never a 500.
        ApiClient.Response nulName = api().post(o.base(), schedule("a\\u0000b", "0", "3", null, true, false), o.key);
        assertEquals(422, nulName.status(), nulName.toString());
        assertEquals("name", nulName.json().getString("field"));
        ApiClient.Response nulCommand = api().post(o.base() + "/" + id + "/tasks", task("command", "say\\u0000x", 0, false), o.key);
        assertEquals(422, nulCommand.status(), nulCommand.toString());
        assertEquals("payload", nulCommand.json().getString("field"));
        assertTrue(ids(fetch(o, id)).isEmpty(), "no task was added");
    }

    @Test
    void theNextRunIsTheCronsTimeInTheSchedulesZone() {
        Owned o = server(34200);
        for (String zone : List.of("Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC")) {
            JsonObject s = created(o, schedule(zone, "30", "3", zone, true, false));
            Instant next = OffsetDateTime.parse(s.getString("next_run_at")).toInstant();
            ZonedDateTime local = next.atZone(ZoneId.of(zone));
            assertEquals(3, local.getHour(), zone + ": " + s);
            assertEquals(30, local.getMinute(), zone + ": " + s);
            assertTrue(next.isAfter(Instant.now()) && next.isBefore(Instant.now().plus(Duration.ofHours(25))), s.toString());
            assertEquals(zone, s.getString("timezone"));
            assertEquals(204, api().delete(o.base() + "/" + s.getJsonNumber("id").longValue(), o.key).status());
        }
    }

    @Test
    void runNowSendsTheTasksToWingsInOrderWithTheirOffsets() {
        Owned o = server(34300);
        o.node().state("running");
        JsonObject s = created(o, schedule("Restart", "0", "4", null, false, true));
        long id = s.getJsonNumber("id").longValue();
        addTask(o, id, task("command", "say restarting soon", 0, false));
        addTask(o, id, task("command", "save-all", 2, false));
        addTask(o, id, task("power", "restart", 1, false));

        ApiClient.Response started = api().post(o.base() + "/" + id + "/execute", null, o.key);
        assertEquals(202, started.status(), started.toString());
        assertEquals(409, api().post(o.base() + "/" + id + "/execute", null, o.key).status(), "already running");
        await("the first command", () -> o.node().commands().contains("say restarting soon"));
        assertTrue(fetch(o, id).getBoolean("is_processing"), "waiting for the second task's offset");
        await("the restart", () -> o.node().powerLog().contains("restart"));
        await("the run ended", () -> !fetch(o, id).getBoolean("is_processing"));

        assertEquals(List.of("say restarting soon", "save-all"), o.node().commands());
        List<Instant> commands = o.wings.requestTimes("POST /api/servers/" + o.uuid + "/commands");
        List<Instant> power = o.wings.requestTimes("POST /api/servers/" + o.uuid + "/power");
        assertEquals(2, commands.size());
        assertTrue(Duration.between(commands.get(0), commands.get(1)).toMillis() >= 1900,
                "the second command waited its 2 s offset: " + commands);
        assertTrue(Duration.between(commands.get(1), power.getLast()).toMillis() >= 900,
                "the restart waited its 1 s offset: " + commands + " " + power);

        JsonObject after = fetch(o, id);
        assertNotNull(after.getString("last_run_at"));
        assertEquals("4", after.getJsonObject("cron").getString("hour"));
        List<JsonObject> runs = taskRuns(o, id);
        assertEquals(3, runs.size(), runs.toString());
        runs.forEach(r -> assertEquals("ok", r.getJsonObject("properties").getString("result"), r.toString()));
        JsonObject execute = activity(o, "server:schedule.execute").getFirst();
        assertEquals("manual", execute.getJsonObject("properties").getString("trigger"));
        assertFalse(execute.getJsonObject("properties").containsKey("skipped"));
    }

    @Test
    void aBackupTaskStartsABackupOnTheNode() {
        Owned o = server(34350);
        JsonObject s = created(o, schedule("Nightly backup", "0", "4", null, true, false));
        long id = s.getJsonNumber("id").longValue();
        JsonObject backup = addTask(o, id, task("backup", "*.log", 0, false));
        assertEquals("backup", backup.getString("action"));
        assertEquals("*.log", backup.getString("payload"));
        assertEquals(202, api().post(o.base() + "/" + id + "/execute", null, o.key).status());
        await("the run ended", () -> !fetch(o, id).getBoolean("is_processing"));
        List<JsonObject> runs = taskRuns(o, id);
        assertEquals(1, runs.size(), runs.toString());
        assertEquals("ok", runs.getFirst().getJsonObject("properties").getString("result"), runs.toString());
        ApiClient.Response backups = api().get("/api/client/servers/" + o.identifier + "/backups", o.key);
        assertEquals(200, backups.status(), backups.toString());
        assertEquals(1, backups.json().getJsonArray("data").size(), "the node was asked for a backup: " + backups);
    }

    @Test
    void aDueScheduleFiresOnceAndMovesToItsNextTime() {
        Owned o = server(34400);
        o.node().state("running");
        JsonObject s = created(o, schedule("Every hour", "0", "*", null, true, false));
        long id = s.getJsonNumber("id").longValue();
        addTask(o, id, task("command", "say on the hour", 0, false));
        // Due now: as if the hour had come.
        sql("update server_schedules set next_run_at = now() where id = " + id);
        await("the command", () -> o.node().commands().contains("say on the hour"));
        await("the run ended", () -> !fetch(o, id).getBoolean("is_processing"));
        JsonObject after = fetch(o, id);
        OffsetDateTime next = OffsetDateTime.parse(after.getString("next_run_at"));
        assertEquals(0, next.getMinute(), "the next hour: " + after);
        assertTrue(next.toInstant().isAfter(Instant.now()), after.toString());
        JsonObject execute = activity(o, "server:schedule.execute").getFirst();
        assertEquals("cron", execute.getJsonObject("properties").getString("trigger"));
        assertTrue(execute.getJsonObject("properties").containsKey("due"));
        assertEquals(List.of("say on the hour"), o.node().commands(), "once");
    }

    @Test
    void onlyWhenOnlineSkipsAnOfflineServerAndFailuresStopTheRunUnlessTheyContinue() {
        Owned o = server(34500);
        o.node().state("offline");
        JsonObject online = created(o, schedule("Online only", "0", "4", null, true, true));
        long onlineId = online.getJsonNumber("id").longValue();
        addTask(o, onlineId, task("command", "say hello", 0, false));
        assertEquals(202, api().post(o.base() + "/" + onlineId + "/execute", null, o.key).status());
        await("skipped", () -> !fetch(o, onlineId).getBoolean("is_processing")
                && !fetch(o, onlineId).isNull("last_run_at"));
        JsonObject skipped = activity(o, "server:schedule.execute").getFirst().getJsonObject("properties");
        assertTrue(skipped.getString("skipped").contains("offline"), skipped.toString());
        assertTrue(taskRuns(o, onlineId).isEmpty(), "no task ran");
        assertTrue(o.node().commands().isEmpty());

        // Not only when online: the command fails on the stopped server; the next task continues only if allowed.
        JsonObject goesOn = created(o, schedule("Goes on", "0", "4", null, true, false));
        long goesOnId = goesOn.getJsonNumber("id").longValue();
        addTask(o, goesOnId, task("command", "say nobody hears", 0, true));
        addTask(o, goesOnId, task("power", "start", 0, false));
        assertEquals(202, api().post(o.base() + "/" + goesOnId + "/execute", null, o.key).status());
        await("started", () -> o.node().powerLog().contains("start"));
        await("the run ended", () -> !fetch(o, goesOnId).getBoolean("is_processing"));
        List<JsonObject> runs = taskRuns(o, goesOnId);
        assertEquals(2, runs.size(), runs.toString());

        o.node().state("offline");
        JsonObject stops = created(o, schedule("Stops", "0", "4", null, true, false));
        long stopsId = stops.getJsonNumber("id").longValue();
        addTask(o, stopsId, task("command", "say nobody hears", 0, false));
        addTask(o, stopsId, task("power", "kill", 0, false));
        assertEquals(202, api().post(o.base() + "/" + stopsId + "/execute", null, o.key).status());
        await("the run ended", () -> !fetch(o, stopsId).getBoolean("is_processing")
                && !fetch(o, stopsId).isNull("last_run_at"));
        List<JsonObject> stopped = taskRuns(o, stopsId);
        assertEquals(1, stopped.size(), "the failed command ended the run: " + stopped);
        assertEquals("failed", stopped.getFirst().getJsonObject("properties").getString("result"));
        assertFalse(o.node().powerLog().contains("kill"));
    }

    @Test
    void eachEndpointNeedsItsKeyAndOtherTenantsSeeNothing() {
        Owned o = server(34600);
        JsonObject s = created(o, schedule("Mine", "0", "4", null, true, false));
        long id = s.getJsonNumber("id").longValue();
        String readerEmail = register("sched-reader");
        assertEquals(200, api().post("/api/client/servers/" + o.identifier + "/users", "{\"email\":\"" + readerEmail
                + "\",\"permissions\":[\"schedule.read\"]}", o.owner).status());
        String reader = token(readerEmail);
        assertEquals(200, api().get(o.base(), reader).status(), "schedule.read lists");
        assertEquals(200, api().get(o.base() + "/" + id, reader).status());
        assertEquals(403, api().post(o.base(), schedule("No", "0", "4", null, true, false), reader).status(),
                "creating needs schedule.create");
        assertEquals(403, api().post(o.base() + "/" + id, schedule("No", "0", "4", null, true, false), reader).status());
        assertEquals(403, api().post(o.base() + "/" + id + "/execute", null, reader).status());
        assertEquals(403, api().post(o.base() + "/" + id + "/tasks", task("command", "x", 0, false), reader).status());
        assertEquals(403, api().delete(o.base() + "/" + id, reader).status());

        String consoleEmail = register("sched-console");
        assertEquals(200, api().post("/api/client/servers/" + o.identifier + "/users", "{\"email\":\"" + consoleEmail
                + "\",\"permissions\":[\"control.console\"]}", o.owner).status());
        assertEquals(403, api().get(o.base(), token(consoleEmail)).status(), "listing needs schedule.read");

        String readKey = apiKey(o.owner, "schedule.read");
        assertEquals(200, api().get(o.base(), readKey).status());
        assertEquals(403, api().post(o.base(), schedule("No", "0", "4", null, true, false), readKey).status(),
                "the key's scope lacks schedule.create");

        String stranger = userToken("sched-stranger");
        assertEquals(404, api().get(o.base(), stranger).status(), "another tenant's server is not found");
        assertEquals(404, api().post(o.base() + "/" + id + "/execute", null, stranger).status());
        assertEquals(404, api().delete(o.base() + "/" + id, stranger).status());

        // schedule.update is no way round the keys the tasks need: a scheduler may only schedule what they may do.
        addTask(o, id, task("power", "restart", 0, false));
        String schedulerEmail = register("sched-scheduler");
        assertEquals(200, api().post("/api/client/servers/" + o.identifier + "/users", "{\"email\":\"" + schedulerEmail
                + "\",\"permissions\":[\"schedule.read\",\"schedule.create\",\"schedule.update\",\"control.start\"]}",
                o.owner).status());
        String scheduler = token(schedulerEmail);
        for (String[] refused : List.of(new String[] {"command", "op mallory"}, new String[] {"power", "kill"},
                new String[] {"backup", ""})) {
            assertEquals(403, api().post(o.base() + "/" + id + "/tasks", task(refused[0], refused[1], 0, false), scheduler)
                    .status(), refused[0] + " " + refused[1]);
        }
        assertEquals(403, api().post(o.base() + "/" + id + "/execute", null, scheduler).status(),
                "running a schedule that restarts needs control.restart");
        assertEquals(403, api().post(o.base() + "/" + id, schedule("Every minute", "*", "*", null, true, false), scheduler)
                .status(), "nor may it be made to run more often");
        assertEquals(200, api().post(o.base() + "/" + id + "/tasks", task("power", "start", 0, false), scheduler).status(),
                "a task within the scheduler's own keys");
        assertEquals(2, fetch(o, id).getJsonObject("relationships").getJsonObject("tasks").getJsonArray("data").size());

        Owned other = server(34650);
        assertEquals(404, api().get(other.base() + "/" + id, other.key).status(), "a schedule of another server");
        assertEquals(404, api().delete(other.base() + "/" + id, other.key).status());
        assertEquals(1, api().get(o.base(), o.key).json().getJsonArray("data").size(), "still there");
        assertEquals(1, activity(o, "server:schedule.create").size());
    }

    @Test
    void schedulesPerServerAndTasksPerScheduleAreLimited() {
        Owned o = server(34700);
        long id = 0;
        for (int i = 0; i < MAX_SCHEDULES; i++) {
            id = created(o, schedule("S" + i, "0", "4", null, true, false)).getJsonNumber("id").longValue();
        }
        ApiClient.Response over = api().post(o.base(), schedule("One more", "0", "4", null, true, false), o.key);
        assertEquals(409, over.status(), over.toString());
        assertEquals(MAX_SCHEDULES, api().get(o.base(), o.key).json().getJsonArray("data").size());
        for (int i = 0; i < MAX_TASKS; i++) {
            addTask(o, id, task("command", "say " + i, 0, false));
        }
        ApiClient.Response tooMany = api().post(o.base() + "/" + id + "/tasks", task("command", "say more", 0, false), o.key);
        assertEquals(409, tooMany.status(), tooMany.toString());
        assertEquals(MAX_TASKS, ids(fetch(o, id)).size());
    }

    @Test
    void aHungNodeFailsTheTaskNamingTheNodeAndEndsTheRun() {
        Owned o = server(34800);
        o.node().state("running");
        JsonObject s = created(o, schedule("Hung", "0", "4", null, true, false));
        long id = s.getJsonNumber("id").longValue();
        addTask(o, id, task("command", "say into the void", 0, false));
        o.wings.mode(FakeWings.Mode.HANG);
        try {
            assertEquals(202, api().post(o.base() + "/" + id + "/execute", null, o.key).status(),
                    "running needs no call to the node");
            await("the run ended", () -> !fetch(o, id).getBoolean("is_processing"));
        } finally {
            o.wings.mode(FakeWings.Mode.UP);
        }
        List<JsonObject> runs = taskRuns(o, id);
        assertEquals(1, runs.size(), runs.toString());
        JsonObject result = runs.getFirst().getJsonObject("properties");
        assertEquals("failed", result.getString("result"));
        assertTrue(result.getString("error").startsWith("Node '"), "the error names the node: " + result);
        assertEquals(o.nodeId, result.getString("node"));
        assertTrue(o.node().commands().isEmpty());
    }

    @Test
    void tasksAddedAtOnceTakeDistinctPlaces() throws Exception {
        Owned o = server(34900);
        long id = created(o, schedule("Crowded", "0", "4", null, true, false)).getJsonNumber("id").longValue();
        // Three at once, each asking for the first place: one after the other under the schedule's
        // lock, each pushing the earlier ones up a place, so no two share one (and none is a 500).
        List<java.util.concurrent.Callable<ApiClient.Response>> adds = new java.util.ArrayList<>();
        for (int i = 0; i < MAX_TASKS; i++) {
            String body = "{\"action\":\"command\",\"payload\":\"say " + i + "\",\"time_offset\":0,\"sequence_id\":1}";
            adds.add(() -> api().post(o.base() + "/" + id + "/tasks", body, o.key));
        }
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(MAX_TASKS)) {
            for (var added : pool.invokeAll(adds)) {
                assertEquals(200, added.get().status(), added.get().toString());
            }
        }
        List<Integer> places = fetch(o, id).getJsonObject("relationships").getJsonObject("tasks").getJsonArray("data")
                .getValuesAs(JsonObject.class).stream().map(t -> t.getJsonObject("attributes").getInt("sequence_id")).toList();
        assertEquals(List.of(1, 2, 3), places);
    }

    @Test
    void aRunStartedAgainWhileItsTaskIsInFlightRunsTheTaskOnce() {
        Owned o = server(34950);
        o.node().state("running");
        long id = created(o, schedule("Twice", "0", "4", null, true, false)).getJsonNumber("id").longValue();
        addTask(o, id, task("command", "say once", 0, false));
        addTask(o, id, task("command", "say after", 1, false));
        // Each call to the node takes 1.5 s, so the first task is still out when the second job comes.
        o.wings.slowDelay(Duration.ofMillis(1500)).mode(FakeWings.Mode.SLOW);
        try {
            sql("update server_schedules set next_run_at = now() where id = " + id);
            await("the first task is out", () -> scalar("select run_lease_until from server_schedules where id = " + id) != null);
            // The same run handed to the fleet as a job while its first task is on the node (as the
            // quiet check does for a run it took for lost): the job waits for the task's lease.
            String run = scalar("select run_id from server_schedules where id = " + id);
            assertNotNull(run, "the run is in progress");
            assertTrue(jakarta.enterprise.inject.spi.CDI.current().select(dev.wingman.platform.api.Jobs.class).get()
                    .schedule("servers.schedule-run", run, ""), "no job of that run yet: it runs here");
            await("the run ended", () -> !fetch(o, id).getBoolean("is_processing"));
        } finally {
            o.wings.mode(FakeWings.Mode.UP);
        }
        assertEquals(List.of("say once", "say after"), o.node().commands(), "each task once");
        assertEquals(2, taskRuns(o, id).size());
    }

    @Test
    void aLongPayloadIsShortenedInTheActivityLog() {
        Owned o = server(34980);
        long id = created(o, schedule("Big ignore list", "0", "4", null, true, false)).getJsonNumber("id").longValue();
        String ignored = "x".repeat(5000);
        JsonObject backup = addTask(o, id, task("backup", ignored, 0, false));
        assertEquals(ignored, backup.getString("payload"), "the task keeps it whole");
        String logged = activity(o, "server:task.create").getFirst().getJsonObject("properties").getString("payload");
        assertTrue(logged.length() < 300 && logged.endsWith("(5000 characters)"), logged);
    }

    @Test
    void resultsArrivingTogetherAreRecordedTogetherEachOnceAndInOrder() {
        Owned o = server(35100);
        o.node().state("running");
        long template = created(o, schedule("Template", "0", "4", null, false, false)).getJsonNumber("id").longValue();
        addTask(o, template, task("command", "first", 0, false));
        addTask(o, template, task("command", "second", 0, false));
        int copies = 30;
        // Copies of it (beyond the per-server limit, as in the schedule benchmark), due at once
        // once their tasks are in; each node call takes 300 ms, so their results arrive together.
        sql("insert into server_schedules (server_id, name, cron_minute, cron_hour, cron_day_of_month, cron_month, "
                + "cron_day_of_week, timezone, is_active, only_when_online, is_processing, next_run_at, created_at, updated_at) "
                + "select server_id, 'batch-' || i, cron_minute, cron_hour, cron_day_of_month, cron_month, cron_day_of_week, "
                + "timezone, true, false, false, now() + interval '1 hour', now(), now() "
                + "from server_schedules, generate_series(1, " + copies + ") i where id = " + template);
        sql("insert into server_schedule_tasks (schedule_id, sequence_id, action, payload, time_offset, is_queued, "
                + "continue_on_failure, created_at, updated_at) select c.id, t.sequence_id, t.action, "
                + "t.payload || ' ' || c.name, 0, false, false, now(), now() from server_schedules c "
                + "join server_schedule_tasks t on t.schedule_id = " + template + " where c.name like 'batch-%'");
        o.wings.slowDelay(Duration.ofMillis(300)).mode(FakeWings.Mode.SLOW);
        try {
            sql("update server_schedules set next_run_at = now() where name like 'batch-%'");
            await("every run ended", () -> "0".equals(scalar(
                    "select count(*) from server_schedules where name like 'batch-%' and (is_processing or last_run_at is null)")));
        } finally {
            o.wings.mode(FakeWings.Mode.UP);
        }
        List<String> commands = o.node().commands();
        for (int i = 1; i <= copies; i++) {
            int first = commands.indexOf("first batch-" + i);
            int second = commands.indexOf("second batch-" + i);
            assertTrue(first >= 0 && second > first, "batch-" + i + " ran its tasks in order: " + commands);
        }
        assertEquals(2 * copies, commands.size(), "each task once: " + commands);
        assertEquals(String.valueOf(2 * copies), scalar("select count(*) from audit_log where action = "
                + "'server.task.run' and details->>'result' = 'ok' and details->>'name' like 'batch-%'"),
                "one result entry a task");
        assertEquals("0", scalar("select count(*) from server_schedule_tasks t join server_schedules s "
                + "on s.id = t.schedule_id where s.name like 'batch-%' and t.is_queued"), "no task left queued");
    }
}
