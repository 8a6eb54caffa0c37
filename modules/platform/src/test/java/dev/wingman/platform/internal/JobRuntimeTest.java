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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
