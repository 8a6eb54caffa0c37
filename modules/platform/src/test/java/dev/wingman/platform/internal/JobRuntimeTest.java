package dev.wingman.platform.internal;

import dev.wingman.platform.api.OneOffJob;
import dev.wingman.platform.api.RecurringJob;
import dev.wingman.testkit.api.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The jobs wiring against PostgreSQL: two schedulers share one database, as two panel instances do. */
class JobRuntimeTest {
    private static final JobRuntime.Settings FAST = new JobRuntime.Settings(Duration.ofMillis(50), Duration.ofSeconds(1),
            4, 4, Duration.ofSeconds(2));
    private static final JobRuntime.Meter QUIET = new JobRuntime.Meter() {
        @Override
        public void ran(String job, Duration lag) {
        }

        @Override
        public void failed(String job) {
        }
    };
    private static PGSimpleDataSource dataSource;

    @BeforeAll
    static void schema() throws Exception {
        dataSource = new PGSimpleDataSource();
        dataSource.setURL(TestServices.get().jdbcUrl());
        String ddl = Files.readString(Path.of("src/main/resources/db/migration/platform/V202612011250__platform_scheduled_tasks.sql"));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("drop table if exists scheduled_tasks");
            s.execute(ddl);
        }
    }

    @AfterAll
    static void drop() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("drop table if exists scheduled_tasks");
        }
    }

    @Test
    void aRecurringJobRunsOnOneOfTwoSchedulersAtATimeAndNotAfterTheyStop() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        List<String> ranOn = new CopyOnWriteArrayList<>();
        Duration interval = Duration.ofMillis(200);
        List<JobRuntime> instances = new ArrayList<>();
        for (String name : new String[] {"a", "b"}) {
            RecurringJob tick = new RecurringJob() {
                @Override
                public String name() {
                    return "test.tick";
                }

                @Override
                public Duration interval() {
                    return interval;
                }

                @Override
                public void run() throws Exception {
                    if (running.incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                    }
                    ranOn.add(name);
                    Thread.sleep(50); // a run that takes a while: the other scheduler must not start one meanwhile
                    running.decrementAndGet();
                }
            };
            instances.add(new JobRuntime(dataSource, List.of(tick), List.of(), FAST, QUIET, "test-" + name));
        }
        Instant started = Instant.now();
        instances.forEach(JobRuntime::start);
        Thread.sleep(3_000);
        instances.forEach(JobRuntime::stop);
        long elapsed = Duration.between(started, Instant.now()).toMillis();
        int runs = ranOn.size();
        assertEquals(0, overlaps.get(), "never two runs at once");
        assertTrue(runs >= 5, "it ran: " + ranOn);
        // Each run is due one interval after the previous one ended, whichever scheduler ran it; had
        // both schedulers run every execution, there would be about twice as many.
        assertTrue(runs <= elapsed / (interval.toMillis() + 50) + 2, runs + " runs in " + elapsed + " ms: " + ranOn);

        Thread.sleep(600);
        assertEquals(runs, ranOn.size(), "stopped schedulers run nothing more");
    }

    @Test
    void aOneOffJobThatFailsIsRetriedWithBackOffThenRemoved() throws Exception {
        List<Instant> attempts = new CopyOnWriteArrayList<>();
        List<String> seen = new CopyOnWriteArrayList<>();
        Duration firstDelay = Duration.ofMillis(400);
        OneOffJob flaky = new OneOffJob() {
            @Override
            public String name() {
                return "test.flaky";
            }

            @Override
            public Outcome run(String id, String data) {
                attempts.add(Instant.now());
                seen.add(id + "/" + data);
                if (attempts.size() == 1) {
                    throw new IllegalStateException("the first attempt fails");
                }
                return Outcome.done();
            }

            @Override
            public Retry retry() {
                return new Retry(5, firstDelay, 2.0);
            }
        };
        JobRuntime a = new JobRuntime(dataSource, List.of(), List.of(flaky), FAST, QUIET, "test-a");
        JobRuntime b = new JobRuntime(dataSource, List.of(), List.of(flaky), FAST, QUIET, "test-b");
        a.start();
        b.start();
        try {
            assertTrue(a.schedule("test.flaky", "x1", "payload ü", Duration.ZERO));
            await(() -> attempts.size() >= 2 && rows("test.flaky") == 0);
            Thread.sleep(1_000);
            assertEquals(2, attempts.size(), "retried once, then done: " + attempts);
            assertTrue(Duration.between(attempts.get(0), attempts.get(1)).compareTo(firstDelay) >= 0,
                    "the retry waited the back-off: " + attempts);
            assertEquals(List.of("x1/payload ü", "x1/payload ü"), seen);
        } finally {
            a.stop();
            b.stop();
        }
    }

    @Test
    void aOneOffJobCanWaitWithoutFailingAndIsScheduledOncePerId() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        OneOffJob waiting = new OneOffJob() {
            @Override
            public String name() {
                return "test.waiting";
            }

            @Override
            public Outcome run(String id, String data) {
                return calls.incrementAndGet() < 3 ? Outcome.againIn(Duration.ofMillis(100)) : Outcome.done();
            }
        };
        JobRuntime a = new JobRuntime(dataSource, List.of(), List.of(waiting), FAST, QUIET, "test-a");
        a.start();
        try {
            assertTrue(a.schedule("test.waiting", "w", null, Duration.ofMillis(300)));
            assertTrue(!a.schedule("test.waiting", "w", null, Duration.ZERO), "an id already scheduled is not scheduled twice");
            await(() -> calls.get() >= 3 && rows("test.waiting") == 0);
            assertEquals(3, calls.get());
        } finally {
            a.stop();
        }
        assertTrue(a.schedule("test.waiting", "after-stop", null, Duration.ZERO), "a stopped scheduler still writes the row");
        Thread.sleep(300);
        assertEquals(1, rows("test.waiting"), "...and runs nothing: another instance will");
    }

    @Test
    void aRunStillGoingAtStopKeepsItsClaimSoNoOtherInstanceRunsItAtTheSameTime() throws Exception {
        // Heartbeats so rare that a takeover through dead-execution detection would take 40 s.
        JobRuntime.Settings rareHeartbeats = new JobRuntime.Settings(Duration.ofMillis(50), Duration.ofSeconds(10), 4, 4,
                Duration.ofMillis(300));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> ranOnB = new CopyOnWriteArrayList<>();
        OneOffJob slowOnA = job("test.long", id -> {
            started.countDown();
            release.await(20, TimeUnit.SECONDS); // outlives a's shutdown wait
        });
        OneOffJob quickOnB = job("test.long", ranOnB::add);
        String aName = unique("test-a");
        JobRuntime a = new JobRuntime(dataSource, List.of(), List.of(slowOnA), rareHeartbeats, QUIET, aName);
        JobRuntime b = new JobRuntime(dataSource, List.of(), List.of(quickOnB), rareHeartbeats, QUIET, unique("test-b"));
        a.start();
        try {
            assertTrue(a.schedule("test.long", "l1", "", Duration.ZERO));
            assertTrue(started.await(10, TimeUnit.SECONDS), "a runs it");
            b.start();

            a.stop(); // waits twice 300 ms for the run, which goes on
            assertEquals("true/" + aName, pickedBy("test.long", "l1"), "a still runs it, so the row stays a's");
            Thread.sleep(1000);
            assertEquals(List.of(), ranOnB, "b does not run it beside a (it takes it over once a's heartbeat is stale)");

            // a's run ends; it completes as usual and nothing is left to run.
            release.countDown();
            await(() -> rows("test.long") == 0);
            assertEquals(List.of(), ranOnB);
        } finally {
            release.countDown();
            a.stop();
            b.stop();
        }
    }

    @Test
    void aRunThatEndsWithinTheWaitCompletesAndNothingIsHandedBack() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        List<String> done = new CopyOnWriteArrayList<>();
        OneOffJob shortRun = job("test.short", id -> {
            started.countDown();
            Thread.sleep(300); // shorter than the 2 s shutdown wait
            done.add(id);
        });
        JobRuntime a = new JobRuntime(dataSource, List.of(), List.of(shortRun), FAST, QUIET, unique("test-a"));
        a.start();
        assertTrue(a.schedule("test.short", "s1", "", Duration.ZERO));
        assertTrue(started.await(10, TimeUnit.SECONDS));
        a.stop();
        assertEquals(List.of("s1"), done, "stop waited for the run");
        assertEquals(0, rows("test.short"), "which completed as usual");
        assertEquals(0, a.handBack(), "nothing left to hand back");
    }

    /** An instance name of its own, as every panel start has (what a test leaves behind is not its business). */
    private static String unique(String name) {
        return name + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    /** A one-off job that runs {@code body} with the execution's id. */
    private static OneOffJob job(String name, Body body) {
        return new OneOffJob() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Outcome run(String id, String data) throws Exception {
                body.run(id);
                return Outcome.done();
            }
        };
    }

    private interface Body {
        void run(String id) throws Exception;
    }

    private static String pickedBy(String task, String id) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select picked, picked_by from scheduled_tasks where task_name = '" + task
                     + "' and task_instance = '" + id + "'")) {
            return r.next() ? r.getBoolean(1) + "/" + r.getString(2) : "no row";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int rows(String task) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select count(*) from scheduled_tasks where task_name = '" + task + "'")) {
            r.next();
            return r.getInt(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(15);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not reached in time");
            }
            Thread.sleep(50);
        }
    }
}
