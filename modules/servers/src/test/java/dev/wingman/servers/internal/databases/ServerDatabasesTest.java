package dev.wingman.servers.internal.databases;

import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.Jobs;
import dev.wingman.platform.api.OneOffJob;
import dev.wingman.platform.api.SecretBox;
import dev.wingman.servers.internal.FeatureLimits;
import dev.wingman.servers.internal.Server;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A server deleted while its database is being created, and a drop job for a deletion that rolled back. */
class ServerDatabasesTest {
    private final Map<String, ServerDatabase> rows = new HashMap<>();
    private final List<String> scheduled = new ArrayList<>();
    private final List<String> dropped = new ArrayList<>();
    private final DatabaseHost host = new DatabaseHost();

    private ServerDatabases databases(Runnable duringCreate) {
        host.id = "h1";
        host.name = "main";
        host.host = "127.0.0.1";
        host.port = 3306;
        host.username = "root";
        ServerDatabases databases = new ServerDatabases();
        databases.store = new DatabaseStore() {
            @Override
            public List<DatabaseHost> hosts() {
                return List.of(host);
            }

            @Override
            public Map<String, Long> databaseCounts() {
                return Map.of();
            }

            @Override
            public Optional<DatabaseHost> host(String id) {
                return Optional.of(host);
            }

            @Override
            public Reserved reserve(ServerDatabase database, int limit, List<String> hostIds) {
                database.id = "d1";
                database.hostId = host.id;
                rows.put(database.id, database);
                return new Reserved(database, host);
            }

            @Override
            public Optional<ServerDatabase> database(String serverId, String id) {
                return Optional.ofNullable(rows.get(id)).filter(d -> d.serverId.equals(serverId));
            }

            @Override
            public void removeDatabase(String id) {
                rows.remove(id);
            }

            @Override
            public boolean stillHeld(String serverId, String id) {
                return rows.containsKey(id);
            }
        };
        HostConnection connection = new HostConnection(Duration.ofSeconds(1), Duration.ofSeconds(1)) {
            @Override
            void create(Target target, Account account, String password, int maxConnections) {
                duringCreate.run();
            }

            @Override
            void drop(Target target, Account account) {
                dropped.add(account.database());
            }
        };
        databases.hosts = new DatabaseHosts() {
            @Override
            HostConnection connection() {
                return connection;
            }

            @Override
            HostConnection.Target target(DatabaseHost h) {
                return h.target("");
            }
        };
        databases.secrets = new SecretBox() {
            @Override
            public String seal(String plaintext) {
                return "sealed";
            }

            @Override
            public String open(String sealed) {
                return "";
            }
        };
        databases.jobs = new Jobs() {
            @Override
            public boolean schedule(String job, String id, String data, Duration delay) {
                scheduled.add(job + " " + id + " " + data);
                return true;
            }

            @Override
            public void scheduleAfterCommit(String job, String id, String data) {
                schedule(job, id, data, Duration.ZERO);
            }
        };
        return databases;
    }

    private static Server server() {
        Server server = new Server();
        server.id = "srv";
        server.internalId = 7L;
        server.featureLimits = new FeatureLimits(1, 0, null);
        return server;
    }

    @Test
    void aCreateThatFinishesAfterItsServerWasDeletedDropsWhatItMade() throws Exception {
        // The deletion (rows gone, cascade) commits while the host is creating the database.
        ServerDatabases databases = databases(rows::clear);
        ApiException gone = assertThrows(ApiException.class, () -> databases.create(server(), "world", "%", true));
        assertEquals(404, gone.status());
        assertEquals(1, scheduled.size(), scheduled.toString());
        assertTrue(scheduled.getFirst().startsWith(DatabaseDrop.JOB + " created-d1 "), scheduled.toString());
        assertTrue(scheduled.getFirst().contains("\"database\":\"s7_world\"") && scheduled.getFirst().contains("\"server\":\"srv\""),
                scheduled.toString());

        DatabaseDrop job = new DatabaseDrop();
        job.databases = databases;
        String data = scheduled.getFirst().substring(scheduled.getFirst().indexOf('{'));
        assertEquals(OneOffJob.Outcome.done(), job.run("created-d1", data));
        assertEquals(List.of("s7_world"), dropped, "the job drops it: its row is gone");
    }

    @Test
    void aCreateWhoseServerStaysIsKept() {
        ServerDatabases databases = databases(() -> { });
        assertEquals("s7_world", databases.create(server(), "world", "%", true).database().name);
        assertEquals(List.of(), scheduled);
    }

    @Test
    void aDropJobDropsNothingWhileTheRowIsStillThere() throws Exception {
        ServerDatabases databases = databases(() -> { });
        databases.create(server(), "world", "%", true);
        DatabaseDrop job = new DatabaseDrop();
        job.databases = databases;
        job.run("d1", "{\"id\":\"d1\",\"server\":\"srv\",\"host\":\"h1\",\"database\":\"s7_world\",\"username\":\"u7_x\","
                + "\"remote\":\"%\"}");
        assertEquals(List.of(), dropped, "the server's deletion rolled back");
        rows.clear();
        job.run("d1", "{\"id\":\"d1\",\"server\":\"srv\",\"host\":\"h1\",\"database\":\"s7_world\",\"username\":\"u7_x\","
                + "\"remote\":\"%\"}");
        assertEquals(List.of("s7_world"), dropped, "dropped once the deletion committed");
    }
}
