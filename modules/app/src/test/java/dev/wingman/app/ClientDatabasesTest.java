package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.api.FakeWings;
import dev.wingman.testkit.api.TcpProxy;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.wingman.app.NodeTest.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Database hosts and servers' databases against a real MariaDB (the machine's, on 127.0.0.1:3306
 * as root without a password, or {@code WINGMAN_TEST_MARIADB_URL} as
 * {@code mysql://user:password@host:port}). There is no skipping: without a MariaDB these tests
 * fail. Every database and user they make has a name of this run's own and is dropped afterwards.
 */
@HelidonTest
class ClientDatabasesTest extends PanelTest {
    /** This run's mark in every database name it makes. */
    private static final String RUN = "wt" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private static final MariaDb MARIADB = MariaDb.fromEnvironment();
    /** Everything made on MariaDB (database, user@host), dropped after the class. */
    private static final List<String[]> MADE = new CopyOnWriteArrayList<>();

    @Inject
    @Named("wingman")
    DataSource panelDatabase;

    @AddConfigSource
    static ConfigSource config() {
        Map<String, String> config = new HashMap<>(NodeTestSupport.fastNodes());
        config.put("wingman.wings.read-timeout", "PT3S");
        config.put("wingman.databases.connect-timeout", "PT2S");
        config.put("wingman.databases.socket-timeout", "PT5S");
        return panelConfig(config);
    }

    /** The MariaDB the tests use, as an administrator reaches it. */
    record MariaDb(String host, int port, String user, String password) {
        static MariaDb fromEnvironment() {
            String url = System.getenv().getOrDefault("WINGMAN_TEST_MARIADB_URL", "mysql://root@127.0.0.1:3306");
            URI uri = URI.create(url.contains("://") ? url : "mysql://root@" + url);
            String info = uri.getUserInfo() == null ? "root" : uri.getUserInfo();
            int colon = info.indexOf(':');
            return new MariaDb(uri.getHost(), uri.getPort() < 0 ? 3306 : uri.getPort(),
                    colon < 0 ? info : info.substring(0, colon), colon < 0 ? "" : info.substring(colon + 1));
        }

        Connection connect(String user, String password, String database) throws SQLException {
            Properties properties = new Properties();
            properties.setProperty("user", user);
            properties.setProperty("password", password);
            properties.setProperty("connectTimeout", "5000");
            return DriverManager.getConnection("jdbc:mariadb://" + host + ":" + port + "/" + (database == null ? "" : database),
                    properties);
        }

        Connection root() throws SQLException {
            return connect(user, password, null);
        }

        boolean databaseExists(String name) throws SQLException {
            try (Connection c = root(); PreparedStatement s = c.prepareStatement(
                    "select count(*) from information_schema.schemata where schema_name = ?")) {
                s.setString(1, name);
                try (ResultSet row = s.executeQuery()) {
                    row.next();
                    return row.getInt(1) > 0;
                }
            }
        }

        boolean userExists(String name) throws SQLException {
            try (Connection c = root(); PreparedStatement s = c.prepareStatement("select count(*) from mysql.user where user = ?")) {
                s.setString(1, name);
                try (ResultSet row = s.executeQuery()) {
                    row.next();
                    return row.getInt(1) > 0;
                }
            }
        }

        void execute(String sql) throws SQLException {
            try (Connection c = root(); Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }
    }

    @AfterAll
    static void dropWhatWasMade() throws SQLException {
        for (String[] made : MADE) {
            if (made[0] != null) {
                MARIADB.execute("DROP DATABASE IF EXISTS `" + made[0] + "`");
            }
            MARIADB.execute("DROP USER IF EXISTS " + made[1]);
        }
        MADE.clear();
    }

    private record Owned(String admin, String owner, String key, String serverId, String identifier, long internalId,
                         String nodeId) {
        String base() {
            return "/api/client/servers/" + identifier + "/databases";
        }
    }

    private Owned server(int ports, int databaseLimit) {
        String admin = adminToken();
        FakeWings wings = startWings();
        String node = attachedNode(admin, wings, "\"nodeType\":\"free_and_paid\",\"portRangeStart\":" + ports
                + ",\"portRangeEnd\":" + (ports + 50));
        String egg = importEgg(admin);
        String owner = userToken("databases");
        ApiClient.Response created = api().post("/api/servers", "{\"name\":\"Databases\",\"eggId\":\"" + egg
                + "\",\"memory\":512,\"disk\":1024,\"nodeId\":\"" + node + "\"}", owner);
        assertEquals(201, created.status(), created.toString());
        String id = created.json().getString("id");
        String identifier = created.json().getString("identifier");
        await("installed", () -> NodeTest.absent(api().get("/api/servers/" + id, owner).json(), "status"));
        ApiClient.Response limited = api().send("PATCH", "/api/servers/" + id, "{\"databaseLimit\":" + databaseLimit + "}",
                admin, Map.of());
        assertEquals(200, limited.status(), limited.toString());
        JsonObject attributes = api().get("/api/client/servers/" + identifier, owner).json().getJsonObject("attributes");
        assertEquals(databaseLimit, attributes.getJsonObject("feature_limits").getInt("databases"));
        ApiClient.Response key = api().post("/api/apikeys", "{\"name\":\"k\",\"permissions\":[\"*\"]}", owner);
        return new Owned(admin, owner, key.json().getString("key"), id, identifier,
                attributes.getJsonNumber("internal_id").longValue(), node);
    }

    /** Registers the test MariaDB as a host serving {@code nodeId}, as its administrator account. */
    private String host(String admin, String nodeId) {
        return host(admin, nodeId, MARIADB.host(), MARIADB.port());
    }

    private String host(String admin, String nodeId, String address, int port) {
        ApiClient.Response host = api().post("/api/admin/database-hosts", "{\"name\":\"" + RUN + "-" + UUID.randomUUID()
                + "\",\"host\":\"" + address + "\",\"port\":" + port + ",\"username\":\"" + MARIADB.user()
                + "\",\"password\":\"" + MARIADB.password() + "\"" + (nodeId == null ? "" : ",\"nodeId\":\"" + nodeId + "\"")
                + "}", admin);
        assertEquals(201, host.status(), host.toString());
        return host.json().getString("id");
    }

    private JsonObject create(Owned o, String name, String remote, String token) {
        ApiClient.Response created = api().post(o.base(), "{\"database\":\"" + name + "\",\"remote\":\"" + remote + "\"}", token);
        assertEquals(200, created.status(), created.toString());
        JsonObject attributes = created.json().getJsonObject("attributes");
        MADE.add(new String[]{attributes.getString("name"), "'" + attributes.getString("username") + "'@'" + remote + "'"});
        return created.json();
    }

    private static String password(JsonObject database) {
        return database.getJsonObject("attributes").getJsonObject("relationships").getJsonObject("password")
                .getJsonObject("attributes").getString("password");
    }

    private List<String> events(Owned o) {
        return api().get("/api/client/servers/" + o.identifier + "/activity?per_page=100", o.owner).json().getJsonArray("data")
                .getValuesAs(JsonObject.class).stream().map(e -> e.getJsonObject("attributes").getString("event")).toList();
    }

    private static List<String> databasesSeenBy(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("SHOW DATABASES")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    @Test
    void aDatabaseIsCreatedForItsUserOnlyRotatedAndDropped() throws Exception {
        Owned o = server(34000, 2);
        host(o.admin, o.nodeId);
        Owned other = server(34100, 1);
        host(other.admin, other.nodeId);
        JsonObject neighbour = create(other, RUN + "n", "%", other.key);
        String neighbourName = neighbour.getJsonObject("attributes").getString("name");

        JsonObject database = create(o, RUN + "-main", "%", o.key);
        assertEquals("server_database", database.getString("object"));
        JsonObject attributes = database.getJsonObject("attributes");
        String name = attributes.getString("name");
        String username = attributes.getString("username");
        assertEquals("s" + o.internalId + "_" + RUN + "-main", name, "prefixed as Pterodactyl names it");
        assertTrue(username.startsWith("u" + o.internalId + "_"), username);
        assertEquals("%", attributes.getString("connections_from"));
        assertEquals(MARIADB.host(), attributes.getJsonObject("host").getString("address"));
        assertEquals(MARIADB.port(), attributes.getJsonObject("host").getInt("port"));
        assertEquals(0, attributes.getInt("max_connections"));
        String password = password(database);
        assertEquals("database_password", attributes.getJsonObject("relationships").getJsonObject("password").getString("object"));

        try (Connection c = MARIADB.connect(username, password, name); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE players (name varchar(32) PRIMARY KEY, score int)");
            s.execute("INSERT INTO players VALUES ('alex', 7)");
            try (ResultSet row = s.executeQuery("SELECT score FROM players WHERE name = 'alex'")) {
                assertTrue(row.next());
                assertEquals(7, row.getInt(1));
            }
            assertEquals(List.of("information_schema", name), databasesSeenBy(c).stream().sorted().toList(),
                    "the user sees its own database only");
            assertThrows(SQLException.class, () -> s.execute("USE test"), "not the test database");
            assertThrows(SQLException.class, () -> s.execute("CREATE TABLE `" + neighbourName + "`.x (a int)"),
                    "not another server's database");
            assertThrows(SQLException.class, () -> s.execute("CREATE DATABASE `" + name + "_more`"), "no new databases");
            assertThrows(SQLException.class, () -> s.executeQuery("SELECT user FROM mysql.user"), "no system tables");
        }

        ApiClient.Response listed = api().get(o.base(), o.key);
        assertEquals(200, listed.status(), listed.toString());
        assertEquals("list", listed.json().getString("object"));
        JsonObject shown = listed.json().getJsonArray("data").getJsonObject(0);
        assertEquals(name, shown.getJsonObject("attributes").getString("name"));
        assertFalse(shown.getJsonObject("attributes").containsKey("relationships"), "no password unless included");
        assertEquals(password, password(api().get(o.base() + "?include=password", o.key).json().getJsonArray("data")
                .getJsonObject(0)), "included for callers holding database.view_password");

        String id = attributes.getString("id");
        ApiClient.Response rotated = api().post(o.base() + "/" + id + "/rotate-password", "", o.key);
        assertEquals(200, rotated.status(), rotated.toString());
        String newPassword = password(rotated.json());
        assertThat(newPassword, not(password));
        assertThrows(SQLException.class, () -> MARIADB.connect(username, password, name).close(), "the old password fails");
        try (Connection c = MARIADB.connect(username, newPassword, name); Statement s = c.createStatement();
             ResultSet row = s.executeQuery("SELECT count(*) FROM players")) {
            assertTrue(row.next());
            assertEquals(1, row.getInt(1), "same database, new password");
        }
        assertEquals(newPassword, password(api().get(o.base() + "?include=password", o.key).json().getJsonArray("data")
                .getJsonObject(0)));

        try (Connection c = panelDatabase.getConnection();
             PreparedStatement s = c.prepareStatement("select password from server_databases where id = ?")) {
            s.setString(1, id);
            try (ResultSet row = s.executeQuery()) {
                assertTrue(row.next());
                assertThat(row.getString(1), startsWith("v1:"));
                assertThat(row.getString(1), not(containsString(newPassword)));
            }
        }

        assertEquals(204, api().delete(o.base() + "/" + id, o.key).status());
        assertFalse(MARIADB.databaseExists(name), "dropped");
        assertFalse(MARIADB.userExists(username), "its user too");
        assertThrows(SQLException.class, () -> MARIADB.connect(username, newPassword, null).close());
        assertEquals(0, api().get(o.base(), o.key).json().getJsonArray("data").size());
        assertEquals(404, api().delete(o.base() + "/" + id, o.key).status(), "gone");
        assertTrue(MARIADB.databaseExists(neighbourName), "the other server's database is untouched");

        assertEquals(List.of("server:database.delete", "server:database.rotate-password", "server:database.create"),
                events(o).stream().filter(e -> e.startsWith("server:database.")).toList());
    }

    @Test
    void theLimitKeysTenantsAndNamesAreEnforcedAndChangeNothing() throws Exception {
        Owned o = server(34200, 1);
        host(o.admin, o.nodeId);
        JsonObject first = create(o, RUN + "a", "127.0.0.1", o.key);
        ApiClient.Response over = api().post(o.base(), "{\"database\":\"" + RUN + "b\",\"remote\":\"%\"}", o.key);
        assertEquals(409, over.status(), "feature_limits.databases is 1: " + over);
        assertThat(over.json().getString("error"), containsString("limit"));
        assertFalse(MARIADB.databaseExists("s" + o.internalId + "_" + RUN + "b"));

        String readerEmail = register("reader");
        assertEquals(200, api().post("/api/client/servers/" + o.identifier + "/users", "{\"email\":\"" + readerEmail
                + "\",\"permissions\":[\"database.read\"]}", o.owner).status());
        String reader = token(readerEmail);
        ApiClient.Response seen = api().get(o.base() + "?include=password", reader);
        assertEquals(200, seen.status(), seen.toString());
        assertFalse(seen.json().getJsonArray("data").getJsonObject(0).getJsonObject("attributes").containsKey("relationships"),
                "no password without database.view_password");
        assertThat(seen.body(), not(containsString(password(first))));
        String firstId = first.getJsonObject("attributes").getString("id");
        assertEquals(403, api().post(o.base(), "{\"database\":\"" + RUN + "c\",\"remote\":\"%\"}", reader).status(),
                "creating needs database.create");
        assertEquals(403, api().post(o.base() + "/" + firstId + "/rotate-password", "", reader).status(), "database.update");
        assertEquals(403, api().delete(o.base() + "/" + firstId, reader).status(), "database.delete");

        String rotatorEmail = register("rotator");
        assertEquals(200, api().post("/api/client/servers/" + o.identifier + "/users", "{\"email\":\"" + rotatorEmail
                + "\",\"permissions\":[\"database.read\",\"database.update\"]}", o.owner).status());
        ApiClient.Response rotated = api().post(o.base() + "/" + firstId + "/rotate-password", "", token(rotatorEmail));
        assertEquals(200, rotated.status(), rotated.toString());
        assertFalse(rotated.json().getJsonObject("attributes").containsKey("relationships"),
                "the new password is shown only with database.view_password");

        ApiClient.Response readOnlyKey = api().post("/api/apikeys", "{\"name\":\"ro\",\"permissions\":[\"database.read\"]}",
                o.owner);
        String scoped = readOnlyKey.json().getString("key");
        assertEquals(200, api().get(o.base(), scoped).status());
        assertEquals(403, api().delete(o.base() + "/" + firstId, scoped).status(), "the key's scope lacks database.delete");

        String stranger = userToken("stranger");
        assertEquals(404, api().get(o.base(), stranger).status(), "another tenant's server is not found");
        assertEquals(404, api().post(o.base(), "{\"database\":\"x\",\"remote\":\"%\"}", stranger).status());
        assertEquals(404, api().delete(o.base() + "/" + firstId, stranger).status());
        Owned other = server(34300, 1);
        assertEquals(404, api().delete(other.base() + "/" + firstId, other.key).status(), "not another server's database");

        assertEquals(204, api().delete(o.base() + "/" + firstId, o.key).status());
        for (String body : List.of("{\"remote\":\"%\"}", "{\"database\":\"\",\"remote\":\"%\"}",
                "{\"database\":\"has space\",\"remote\":\"%\"}", "{\"database\":\"x`; DROP DATABASE test; --\",\"remote\":\"%\"}",
                "{\"database\":\"quote'd\",\"remote\":\"%\"}", "{\"database\":\"" + "a".repeat(49) + "\",\"remote\":\"%\"}",
                "{\"database\":\"caf\u00e9\",\"remote\":\"%\"}")) {
            ApiClient.Response bad = api().post(o.base(), body, o.key);
            assertEquals(422, bad.status(), body + ": " + bad);
            assertEquals("database", bad.json().getString("field"), body);
        }
        for (String remote : List.of("", "a'@'%", "10.0.0.1; DROP USER root", "x\\\\y")) {
            ApiClient.Response bad = api().post(o.base(), "{\"database\":\"" + RUN + "r\",\"remote\":\"" + remote + "\"}", o.key);
            assertEquals(422, bad.status(), remote + ": " + bad);
            assertEquals("remote", bad.json().getString("field"), remote);
        }
        assertEquals(0, api().get(o.base(), o.key).json().getJsonArray("data").size(), "nothing was created");
        assertTrue(MARIADB.databaseExists("test"), "the test database survived");

        ApiClient.Response none = api().send("PATCH", "/api/servers/" + o.serverId, "{\"databaseLimit\":0}", o.admin, Map.of());
        assertEquals(200, none.status(), none.toString());
        assertEquals(409, api().post(o.base(), "{\"database\":\"" + RUN + "z\",\"remote\":\"%\"}", o.key).status(),
                "a limit of 0 allows none");
        assertEquals(403, api().send("PATCH", "/api/servers/" + o.serverId, "{\"databaseLimit\":5}", o.owner, Map.of()).status(),
                "owners do not raise their own limit");
    }

    @Test
    void hostsAreAdministeredWithTheirPasswordSealedAndNeverShown() throws Exception {
        String admin = adminToken();
        String user = RUN + "adm";
        String secret = "Sealed" + UUID.randomUUID().toString().replace("-", "");
        MARIADB.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + secret + "'");
        MADE.add(new String[]{null, "'" + user + "'@'%'"});
        MARIADB.execute("GRANT ALL PRIVILEGES ON *.* TO '" + user + "'@'%' WITH GRANT OPTION");
        String name = RUN + "-admin-host";
        String body = "{\"name\":\"" + name + "\",\"host\":\"" + MARIADB.host() + "\",\"port\":" + MARIADB.port()
                + ",\"username\":\"" + user + "\",\"password\":\"%s\",\"maxDatabases\":1}";

        ApiClient.Response wrong = api().post("/api/admin/database-hosts", body.formatted("not-" + secret), admin);
        assertEquals(400, wrong.status(), wrong.toString());
        assertThat(wrong.json().getString("error"), containsString("Could not log in to the database host"));
        ApiClient.Response closed = api().post("/api/admin/database-hosts", "{\"name\":\"" + name + "\",\"host\":\"127.0.0.1\","
                + "\"port\":1,\"username\":\"root\",\"password\":\"\"}", admin);
        assertEquals(400, closed.status(), "nothing listens on port 1: " + closed);
        assertEquals(400, api().post("/api/admin/database-hosts", "{\"name\":\"x\",\"host\":\"db/evil?allowLoadLocalInfile=true\","
                + "\"username\":\"root\"}", admin).status(), "a host is a name or an address");
        assertEquals(403, api().post("/api/admin/database-hosts", body.formatted(secret), userToken("curious")).status());
        assertEquals(403, api().get("/api/admin/database-hosts", userToken("curious")).status());

        ApiClient.Response created = api().post("/api/admin/database-hosts", body.formatted(secret), admin);
        assertEquals(201, created.status(), created.toString());
        String id = created.json().getString("id");
        assertEquals(409, api().post("/api/admin/database-hosts", body.formatted(secret), admin).status(), "names are unique");
        ApiClient.Response listed = api().get("/api/admin/database-hosts", admin);
        ApiClient.Response one = api().get("/api/admin/database-hosts/" + id, admin);
        assertEquals(user, one.json().getString("username"));
        assertEquals(1, one.json().getInt("maxDatabases"));
        ApiClient.Response renamed = api().put("/api/admin/database-hosts/" + id, "{\"name\":\"" + name + "-2\",\"host\":\""
                + MARIADB.host() + "\",\"port\":" + MARIADB.port() + ",\"username\":\"" + user + "\",\"maxDatabases\":1}", admin);
        assertEquals(200, renamed.status(), "a password left out is kept: " + renamed);
        ApiClient.Response badChange = api().put("/api/admin/database-hosts/" + id, body.formatted("wrong"), admin);
        assertEquals(400, badChange.status(), badChange.toString());
        assertEquals(name + "-2", api().get("/api/admin/database-hosts/" + id, admin).json().getString("name"), "unchanged");
        for (ApiClient.Response response : List.of(created, listed, one, renamed, badChange)) {
            assertThat(response.body(), not(containsString(secret)));
            assertFalse(response.body().contains("\"password\""), response.body());
        }
        try (Connection c = panelDatabase.getConnection();
             PreparedStatement s = c.prepareStatement("select password from database_hosts where id = ?")) {
            s.setString(1, id);
            try (ResultSet row = s.executeQuery()) {
                assertTrue(row.next());
                assertThat(row.getString(1), startsWith("v1:"));
                assertThat(row.getString(1), not(containsString(secret)));
            }
        }

        // The only host serving this server's node, full after one database; deleting it waits for that database.
        Owned o = server(34400, 3);
        assertEquals(200, api().put("/api/admin/database-hosts/" + id, "{\"name\":\"" + name + "-2\",\"host\":\""
                + MARIADB.host() + "\",\"port\":" + MARIADB.port() + ",\"username\":\"" + user + "\",\"maxDatabases\":1,"
                + "\"nodeId\":\"" + o.nodeId + "\"}", admin).status());
        JsonObject database = create(o, RUN + "h", "%", o.key);
        assertEquals(409, api().delete("/api/admin/database-hosts/" + id, admin).status(), "it holds a database");
        assertEquals(1, api().get("/api/admin/database-hosts/" + id, admin).json().getInt("databases"));
        assertEquals(204, api().delete(o.base() + "/" + database.getJsonObject("attributes").getString("id"), o.key).status());
        assertEquals(204, api().delete("/api/admin/database-hosts/" + id, admin).status());
        assertEquals(404, api().get("/api/admin/database-hosts/" + id, admin).status());
    }

    @Test
    void deletingAServerDropsItsDatabases() throws Exception {
        Owned o = server(34500, 2);
        host(o.admin, o.nodeId);
        JsonObject database = create(o, RUN + "gone", "%", o.key);
        String name = database.getJsonObject("attributes").getString("name");
        String username = database.getJsonObject("attributes").getString("username");
        assertTrue(MARIADB.databaseExists(name));
        assertEquals(204, api().delete("/api/servers/" + o.serverId, o.owner).status());
        awaitDropped(name, username);
    }

    /**
     * In a database-level GRANT, MySQL reads {@code _} as a wildcard: server A's
     * {@code s<a>_1_<x>} would cover server B's {@code s<a>01_<x>}. B's internal id is made
     * {@code a * 100 + 1} (the identity restarted there: ids only grow, in this run's own panel
     * database) so that the two names line up.
     */
    @Test
    void aGrantCoversItsOwnDatabaseOnlyNotTheNamesItsUnderscoresWouldMatch() throws Exception {
        Owned a = server(34700, 1);
        host(a.admin, a.nodeId);
        long b = a.internalId * 100 + 1;
        try (Connection c = panelDatabase.getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE servers ALTER COLUMN internal_id RESTART WITH " + b);
        }
        Owned other = server(34800, 1);
        assertEquals(b, other.internalId);
        host(other.admin, other.nodeId);
        String theirs = create(other, RUN + "w", "%", other.key).getJsonObject("attributes").getString("name");
        JsonObject mine = create(a, "1_" + RUN + "w", "%", a.key);
        String name = mine.getJsonObject("attributes").getString("name");
        assertEquals("s" + a.internalId + "_1_" + RUN + "w", name);
        assertEquals("s" + a.internalId + "01_" + RUN + "w", theirs);
        assertTrue(theirs.matches(name.replace("_", ".")), "with _ as a wildcard, " + name + " covers " + theirs);

        try (Connection c = MARIADB.connect(mine.getJsonObject("attributes").getString("username"), password(mine), name);
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE own (a int)");
            assertEquals(List.of("information_schema", name), databasesSeenBy(c).stream().sorted().toList(),
                    "the user sees its own database only");
            assertThrows(SQLException.class, () -> s.execute("CREATE TABLE `" + theirs + "`.x (a int)"),
                    "not the other server's database its name would match as a pattern");
            assertThrows(SQLException.class, () -> s.execute("USE `" + theirs + "`"));
        }
    }

    /**
     * The drop jobs are stored in the deletion's own transaction: while the server's row cannot be
     * deleted yet (this test holds it), the job is already there; once the deletion commits, it drops.
     */
    @Test
    void aServersDropJobsAreStoredBeforeItsDeletionCommits() throws Exception {
        Owned o = server(34900, 1);
        host(o.admin, o.nodeId);
        JsonObject database = create(o, RUN + "tx", "%", o.key);
        String id = database.getJsonObject("attributes").getString("id");
        String name = database.getJsonObject("attributes").getString("name");
        String username = database.getJsonObject("attributes").getString("username");
        ApiClient.Response[] deleted = new ApiClient.Response[1];
        Thread deleting;
        try (Connection c = panelDatabase.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("select id from servers where id = ? for no key update")) {
                s.setString(1, o.serverId);
                s.executeQuery().close();
            }
            deleting = Thread.ofVirtual().start(() -> deleted[0] = api().delete("/api/servers/" + o.serverId, o.owner));
            await("the drop job stored while the deletion waits", () -> dropJobs(id) == 1);
            assertTrue(MARIADB.databaseExists(name), "nothing dropped before the deletion commits");
            c.rollback();
        }
        deleting.join(30_000);
        assertEquals(204, deleted[0].status(), String.valueOf(deleted[0]));
        awaitDropped(name, username);
    }

    private static void awaitDropped(String name, String username) {
        await("the database dropped", () -> {
            try {
                return !MARIADB.databaseExists(name) && !MARIADB.userExists(username);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private long dropJobs(String databaseId) {
        try (Connection c = panelDatabase.getConnection(); PreparedStatement s = c.prepareStatement(
                "select count(*) from scheduled_tasks where task_name = 'servers.database-drop' and task_instance = ?")) {
            s.setString(1, databaseId);
            try (ResultSet row = s.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aHostThatIsDownChangesNothingAndADeletedServersDatabasesAreDroppedOnceItIsBack() throws Exception {
        Owned o = server(34600, 3);
        try (TcpProxy proxy = TcpProxy.to(MARIADB.host(), MARIADB.port())) {
            // Deleted at the end: no other test's database may land on a host whose proxy is gone.
            String host = host(o.admin, o.nodeId, "127.0.0.1", proxy.port());
            try {
                hostGoesDownAndComesBack(o, proxy);
            } finally {
                assertEquals(204, api().delete("/api/admin/database-hosts/" + host, o.admin).status());
            }
        }
    }

    private void hostGoesDownAndComesBack(Owned o, TcpProxy proxy) throws Exception {
        JsonObject database = create(o, RUN + "kept", "%", o.key);
        String id = database.getJsonObject("attributes").getString("id");
        String name = database.getJsonObject("attributes").getString("name");
        String username = database.getJsonObject("attributes").getString("username");
        String password = password(database);

        proxy.cut();
        ApiClient.Response creating = api().post(o.base(), "{\"database\":\"" + RUN + "down\",\"remote\":\"%\"}", o.key);
        assertEquals(502, creating.status(), creating.toString());
        assertThat(creating.json().getString("error"), containsString("could not create the database"));
        assertFalse(creating.json().containsKey("upstream"), "the host's own error is for database-hosts:read only");
        ApiClient.Response rotating = api().post(o.base() + "/" + id + "/rotate-password", "", o.key);
        assertEquals(502, rotating.status(), rotating.toString());
        assertEquals(502, api().delete(o.base() + "/" + id, o.key).status());
        assertEquals(List.of(name), api().get(o.base(), o.key).json().getJsonArray("data").getValuesAs(JsonObject.class)
                .stream().map(d -> d.getJsonObject("attributes").getString("name")).toList(), "nothing changed");
        assertFalse(MARIADB.databaseExists("s" + o.internalId + "_" + RUN + "down"));
        try (Connection c = MARIADB.connect(username, password, name)) {
            assertTrue(c.isValid(5), "the password was not changed");
        }

        assertEquals(204, api().delete("/api/servers/" + o.serverId, o.owner).status(), "the server goes at once");
        Thread.sleep(2_000); // the drop job's first run finds the host down
        assertTrue(MARIADB.databaseExists(name), "kept while the host cannot be reached");
        proxy.restore();
        long deadline = System.currentTimeMillis() + 60_000;
        while ((MARIADB.databaseExists(name) || MARIADB.userExists(username)) && System.currentTimeMillis() < deadline) {
            Thread.sleep(250);
        }
        assertFalse(MARIADB.databaseExists(name), "dropped by the job's retry once the host is back");
        assertFalse(MARIADB.userExists(username));
    }
}
