package dev.wingman.app;

import dev.wingman.testkit.api.Nginx;
import dev.wingman.testkit.api.TcpProxy;
import dev.wingman.testkit.api.TestServices;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Several packaged panels as an operator runs them behind a load balancer: one PostgreSQL database
 * and one Redis (with one key prefix) shared by all, Debian's nginx in front. Each panel reaches
 * Redis through a {@link TcpProxy} of its own, so a test can cut one panel's Redis (its pub/sub
 * connection with it) while the others keep theirs. A panel can be killed ({@code SIGKILL}) and
 * started again on its port with the same settings; nginx sends new requests to the others
 * meanwhile.
 */
final class Fleet implements AutoCloseable {
    static final String ADMIN_PASSWORD = "fleet admin password 42";
    private static final Duration START = Duration.ofSeconds(120);

    private final String name;
    private final String databaseUrl;
    private final List<Member> members = new ArrayList<>();
    private final Nginx balancer;

    private static final class Member {
        final int port;
        final TcpProxy redis;
        final Map<String, String> env;
        PackagedPanel panel;
        int starts;

        Member(int port, TcpProxy redis, Map<String, String> env) {
            this.port = port;
            this.redis = redis;
            this.env = env;
        }
    }

    private Fleet(String name, String databaseUrl, List<Member> members) {
        this.name = name;
        this.databaseUrl = databaseUrl;
        this.members.addAll(members);
        this.balancer = Nginx.balancing(members.stream().map(m -> m.port).toList());
    }

    /**
     * Starts {@code size} panels at the same moment on an empty database (so they race for its
     * migrations and generated keys, as a fresh deployment's replicas do) and waits until all are
     * ready. {@code settings} are added to every panel's environment; the administrator
     * {@code adminEmail} is created by whichever panel gets there first.
     */
    static Fleet start(String name, int size, String adminEmail, Map<String, String> settings) {
        TestServices services = TestServices.get();
        String databaseUrl = services.freshDatabaseUrl();
        URI redis = URI.create(services.redisUrl());
        String prefix = "wingman-fleet:" + UUID.randomUUID().toString().substring(0, 8) + ":";
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            TcpProxy proxy = TcpProxy.to(redis.getHost(), redis.getPort());
            Map<String, String> env = new HashMap<>();
            env.put("WINGMAN_DATABASE_URL", databaseUrl);
            env.put("WINGMAN_REDIS_URL", "redis://" + (redis.getUserInfo() == null ? "" : redis.getUserInfo() + "@")
                    + "127.0.0.1:" + proxy.port() + (redis.getPath() == null ? "" : redis.getPath()));
            env.put("WINGMAN_REDIS_KEY_PREFIX", prefix);
            env.put("WINGMAN_ADMIN_EMAIL", adminEmail);
            env.put("WINGMAN_ADMIN_PASSWORD", ADMIN_PASSWORD);
            // Every test request comes from 127.0.0.1: lift the limits that count per address.
            env.put("WINGMAN_RATE_LIMITS_MINIMUM", "100000");
            // So scheduled_tasks.picked_by tells which panel runs an execution.
            env.put("WINGMAN_JOBS_INSTANCE_NAME", name + "-" + i);
            env.putAll(settings);
            members.add(new Member(PackagedPanel.freePort(), proxy, env));
        }
        Fleet fleet;
        try {
            fleet = new Fleet(name, databaseUrl, members);
        } catch (RuntimeException e) {
            members.forEach(m -> m.redis.close());
            throw e;
        }
        try {
            for (int i = 0; i < size; i++) {
                fleet.launch(i);
            }
            List<CompletableFuture<Void>> starting = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                int index = i;
                starting.add(CompletableFuture.runAsync(() -> fleet.panel(index).awaitReady(START)));
            }
            CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException e) {
            fleet.close();
            if (e.getCause() instanceof AssertionError failed) {
                throw failed;
            }
            throw e;
        }
        return fleet;
    }

    private void launch(int index) {
        Member member = members.get(index);
        member.starts++;
        member.panel = PackagedPanel.launch(name + "-" + index + (member.starts > 1 ? "-start" + member.starts : ""),
                member.port, member.env);
    }

    /** The panel whose jobs sign as {@code instanceName} ({@code scheduled_tasks.picked_by}: its name and a suffix per start), or -1. */
    int panelNamed(String instanceName) {
        for (int i = 0; i < members.size(); i++) {
            if (instanceName != null && instanceName.startsWith(name + "-" + i + "-")) {
                return i;
            }
        }
        return -1;
    }

    PackagedPanel panel(int index) {
        return members.get(index).panel;
    }

    /** The panel itself, bypassing the balancer: to make a change on one instance and look on another. */
    URI uri(int index) {
        return panel(index).uri();
    }

    URI balancer() {
        return balancer.uri();
    }

    TcpProxy redis(int index) {
        return members.get(index).redis;
    }

    /** SIGKILL: the panel ends mid-whatever, as a crashed machine's would. */
    void kill(int index) {
        panel(index).kill();
    }

    /** SIGTERM, as Kubernetes stops a pod; waits until the panel has drained and exited. */
    int stop(int index, Duration within) {
        panel(index).terminate();
        return panel(index).awaitExit(within);
    }

    /** Starts a killed (or stopped) panel again on its port, with the same settings; waits until it is ready. */
    void restart(int index) {
        if (panel(index).alive()) {
            throw new IllegalStateException("Panel " + index + " is still running");
        }
        launch(index);
        panel(index).awaitReady(START);
    }

    /** One row of one column of a query on the fleet's database. */
    long count(String sql) {
        String value = text(sql);
        return value == null ? 0 : Long.parseLong(value);
    }

    /** The first column of the first row of a query on the fleet's database, as text; null without a row. */
    String text(String sql) {
        try (Connection c = DriverManager.getConnection(databaseUrl); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The logs of every panel, for a failure message. */
    String logs() {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < members.size(); i++) {
            all.append("\n--- panel ").append(i).append(" (").append(panel(i).log()).append(")\n").append(panel(i).tail());
        }
        return all.append("\n--- nginx\n").append(balancer.errorLog()).toString();
    }

    @Override
    public void close() {
        balancer.close();
        for (Member member : members) {
            if (member.panel != null) {
                member.panel.close();
            }
            member.redis.close();
        }
    }
}
