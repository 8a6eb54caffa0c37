package dev.wingman.app;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.api.FakeCloudflare;
import dev.wingman.testkit.api.FakeDns;
import dev.wingman.testkit.api.FakeWings;
import jakarta.json.JsonObject;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;

import javax.crypto.spec.SecretKeySpec;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.wingman.app.NodeTest.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What ships is what is tested: the packaged jar with its {@code libs/}, started as its own
 * process (see {@link PackagedPanel}), driven through one journey over HTTP. A library the jar
 * does not carry fails here, either as an error answer on the path that needs it or as a
 * NoClassDefFoundError/ClassNotFoundException in the process's log. Run by Failsafe in
 * {@code ./mvnw verify}, after the jar is built.
 */
class PackagedJarIT {
    private static final String ADMIN_PASSWORD = "packaged admin 42";
    private static final String PASSWORD = "correct horse 42";
    private static final Duration START = Duration.ofSeconds(90);

    @Test
    void aJourneyThroughThePackagedPanel() throws Exception {
        String adminEmail = "admin-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        FakeDns dns = FakeDns.start();
        FakeCloudflare cloudflare = FakeCloudflare.start("panel-token");
        PackagedPanel panel = PackagedPanel.start("packaged-journey", Map.of(
                "WINGMAN_ADMIN_EMAIL", adminEmail,
                "WINGMAN_ADMIN_PASSWORD", ADMIN_PASSWORD,
                "WINGMAN_DNS_VERIFICATION_RESOLVERS", dns.address(),
                "WINGMAN_DNS_CLOUDFLARE_API_BASE", cloudflare.baseUrl(),
                "WINGMAN_DNS_CLOUDFLARE_API_TOKEN", "panel-token"));
        try (FakeWings wings = FakeWings.start(NodeTest.TOKEN); dns; cloudflare) {
            panel.awaitReady(START);
            journey(new ApiClient(panel.uri()), panel, wings, dns, adminEmail);
        } finally {
            panel.close();
        }
        List<String> missing = panel.missingClasses();
        assertTrue(missing.isEmpty(), "classes missing from the jar's class path (" + panel.log() + "):\n" + String.join("\n", missing));
    }

    @Test
    void anAdministratorThatCannotBeCreatedStopsStartUp() {
        PackagedPanel panel = PackagedPanel.start("packaged-refused-admin", Map.of(
                "WINGMAN_ADMIN_EMAIL", "admin@example.com",
                "WINGMAN_ADMIN_PASSWORD", "short1"));
        try {
            assertEquals(1, panel.awaitExit(START), "the exit status (" + panel.log() + ")");
            assertThat(panel.logText(), containsString("Wingman did not start: WINGMAN_ADMIN_PASSWORD: must be 10 to 256 characters long"));
        } finally {
            panel.close();
        }
    }

    /**
     * SIGTERM as Kubernetes sends it: readiness goes DOWN at once, a request in flight (its body
     * still arriving) is answered normally after new requests are already refused, and the process
     * exits within the grace with 143, the JVM's status for a SIGTERM whose shutdown hooks ended.
     */
    @Test
    void aSigtermDrainsTheRequestInFlightAndExits() throws Exception {
        Duration preStop = Duration.ofSeconds(2);
        PackagedPanel panel = PackagedPanel.start("packaged-sigterm", Map.of(
                "WINGMAN_SHUTDOWN_PRE_STOP_DELAY", preStop.toString(),
                "WINGMAN_SHUTDOWN_GRACE", "PT20S"));
        try {
            panel.awaitReady(START);
            ApiClient api = new ApiClient(panel.uri());
            String email = "drained-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
            byte[] body = ("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"Drained\"}")
                    .getBytes(StandardCharsets.UTF_8);
            try (Socket socket = new Socket(panel.uri().getHost(), panel.uri().getPort())) {
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/users/register HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, 0, 10);
                out.flush();
                Thread.sleep(500); // the panel has routed the request and waits for the rest of its body

                long signalled = System.nanoTime();
                panel.terminate();
                await("readiness is DOWN", () -> api.get("/health/ready", null).status() == 503);
                assertTrue(System.nanoTime() - signalled < preStop.toNanos(), "before the pre-stop delay ended");
                await("new requests are refused", () -> api.get("/api/public/features", null).status() == 503);
                assertTrue(panel.alive(), "still draining");

                out.write(body, 10, body.length - 10);
                out.flush();
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(answer, startsWith("HTTP/1.1 201"));
                assertThat(answer, containsString(email));
            }
            assertEquals(143, panel.awaitExit(Duration.ofSeconds(30)), "exit status (" + panel.log() + ")");
            assertThat(panel.logText(), containsString("Shutting down: no request in flight"));
        } finally {
            panel.close();
        }
    }

    private static void journey(ApiClient api, PackagedPanel panel, FakeWings wings, FakeDns dns, String adminEmail) throws Exception {
        // Anyone registers and logs in.
        String email = "player-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        ApiClient.Response registered = api.post("/api/users/register",
                "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"Player\"}", null);
        assertEquals(201, registered.status(), registered.toString());
        String player = login(api, email, PASSWORD).getString("token");
        assertEquals(email, api.get("/api/users/me", player).json().getString("email"));

        // The administrator WINGMAN_ADMIN_* created turns on two-factor login, with real TOTP codes
        // (java-otp must be in the jar's libs/).
        String session = login(api, adminEmail, ADMIN_PASSWORD).getString("token");
        ApiClient.Response setup = api.post("/api/auth/2fa/setup", null, session);
        assertEquals(200, setup.status(), setup + " (log: " + panel.log() + ")");
        String secret = setup.json().getString("secret");
        // An earlier step than now, so the login below can use the current one: each step counts once.
        ApiClient.Response enabled = api.post("/api/auth/2fa/verify",
                "{\"code\":\"" + totp(secret, Instant.now().minusSeconds(30)) + "\"}", session);
        assertEquals(200, enabled.status(), enabled.toString());
        JsonObject challenge = login(api, adminEmail, ADMIN_PASSWORD);
        assertTrue(challenge.getBoolean("twoFactorRequired"), challenge.toString());
        ApiClient.Response verified = api.post("/api/auth/2fa/verify-login", "{\"tempToken\":\"" + challenge.getString("tempToken")
                + "\",\"code\":\"" + totp(secret, Instant.now()) + "\"}", null);
        assertEquals(200, verified.status(), verified.toString());
        String admin = verified.json().getString("token");
        assertTrue(api.get("/api/users/me", admin).json().getBoolean("twoFactorEnabled"));

        // An API key with every permission the administrator holds; it does the rest.
        ApiClient.Response created = api.post("/api/apikeys", "{\"name\":\"scripts\",\"permissions\":[\"*\"]}", admin);
        assertEquals(201, created.status(), created.toString());
        String key = created.json().getString("key");

        String handle = "acme-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.Response organisation = api.post("/api/organisations", "{\"name\":\"Acme\",\"handle\":\"" + handle + "\"}", key);
        assertEquals(201, organisation.status(), organisation.toString());
        assertEquals("owner", organisation.json().getString("role"));

        // The organisation takes a DNS zone by publishing a TXT record (dnsjava must be in libs/).
        String zones = "/api/organisations/" + organisation.json().getString("id") + "/dns/zones";
        ApiClient.Response claim = api.post(zones, "{\"name\":\"" + handle + ".example.com\"}", key);
        assertEquals(201, claim.status(), claim.toString());
        JsonObject proof = claim.json().getJsonObject("verification");
        dns.publishTxt(proof.getString("name"), proof.getString("value"));
        ApiClient.Response zone = api.post(zones + "/" + claim.json().getString("id") + "/verify", "", key);
        assertEquals(200, zone.status(), zone + " (log: " + panel.log() + ")");
        assertEquals(2, zone.json().getJsonArray("nameServers").size());

        // A node on FakeWings, pointed back at the panel as config.yml would, and an egg.
        ApiClient.Response node = api.post("/api/nodes", NodeTest.nodeBody(NodeTest.uniqueName("node"), wings,
                "\"nodeType\":\"free_and_paid\",\"portRangeStart\":30000,\"portRangeEnd\":30010"), key);
        assertEquals(201, node.status(), node.toString());
        String nodeId = node.json().getString("id");
        wings.panel(panel.uri().toString(), api.get("/api/nodes/" + nodeId + "/credentials", key).json().getString("tokenId"));
        ApiClient.Response egg = api.post("/api/admin/eggs/import", EggTest.paperEgg("Paper " + UUID.randomUUID().toString().substring(0, 8)), key);
        assertEquals(201, egg.status(), egg.toString());

        // A server in the organisation, installed by Wings, then Pterodactyl's client API.
        ApiClient.Response made = api.post("/api/servers", "{\"name\":\"Survival\",\"eggId\":\"" + egg.json().getString("id")
                + "\",\"memory\":1024,\"disk\":4096,\"nodeId\":\"" + nodeId + "\",\"organisationId\":\""
                + organisation.json().getString("id") + "\"}", key);
        assertEquals(201, made.status(), made.toString());
        JsonObject server = made.json();
        assertTrue(wings.servers().containsKey(server.getString("uuid")), "Wings was asked to create it");
        await("installed", () -> NodeTest.absent(api.get("/api/servers/" + server.getString("id"), key).json(), "status"));

        ApiClient.Response console = api.get("/api/client/servers/" + server.getString("identifier") + "/websocket", key);
        assertEquals(200, console.status(), console.toString());
        assertEquals(wings.url().replace("http://", "ws://") + "/api/servers/" + server.getString("uuid") + "/ws",
                console.json().getString("socket"));
        assertEquals(3, console.json().getString("token").split("\\.").length, "a JWT");

        ApiClient.Response list = api.get("/api/client", key);
        assertEquals(200, list.status(), list.toString());
        assertEquals(List.of(server.getString("identifier")), list.json().getJsonArray("data").getValuesAs(JsonObject.class).stream()
                .map(s -> s.getJsonObject("attributes").getString("identifier")).toList());

        // A database for the server on the machine's MariaDB (MariaDB Connector/J must be in libs/).
        ClientDatabasesTest.MariaDb mariadb = ClientDatabasesTest.MariaDb.fromEnvironment();
        ApiClient.Response host = api.post("/api/admin/database-hosts", "{\"name\":\"local-" + UUID.randomUUID() + "\",\"host\":\""
                + mariadb.host() + "\",\"port\":" + mariadb.port() + ",\"username\":\"" + mariadb.user() + "\",\"password\":\""
                + mariadb.password() + "\"}", key);
        assertEquals(201, host.status(), host + " (log: " + panel.log() + ")");
        assertEquals(200, api.send("PATCH", "/api/servers/" + server.getString("id"), "{\"databaseLimit\":1}", key, Map.of()).status());
        String databases = "/api/client/servers/" + server.getString("identifier") + "/databases";
        ApiClient.Response database = api.post(databases, "{\"database\":\"journey\",\"remote\":\"%\"}", key);
        assertEquals(200, database.status(), database + " (log: " + panel.log() + ")");
        JsonObject attributes = database.json().getJsonObject("attributes");
        try {
            try (var c = mariadb.connect(attributes.getString("username"), attributes.getJsonObject("relationships")
                    .getJsonObject("password").getJsonObject("attributes").getString("password"), attributes.getString("name"))) {
                assertTrue(c.isValid(5));
            }
        } finally {
            assertEquals(204, api.delete(databases + "/" + attributes.getString("id"), key).status());
            assertEquals(204, api.delete("/api/admin/database-hosts/" + host.json().getString("id"), key).status());
        }
    }

    private static JsonObject login(ApiClient api, String email, String password) {
        ApiClient.Response login = api.post("/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}", null);
        assertEquals(200, login.status(), login.toString());
        return login.json();
    }

    /** What an authenticator app shows for the secret at that time. */
    private static String totp(String secret, Instant at) throws Exception {
        TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator();
        int code = generator.generateOneTimePassword(new SecretKeySpec(new Base32().decode(secret), generator.getAlgorithm()), at);
        return String.format("%06d", code);
    }
}
