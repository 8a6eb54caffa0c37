package dev.wingman.app;

import dev.wingman.app.ExternalTools.Run;
import dev.wingman.testkit.api.FakeWings;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.wingman.app.ExternalTools.onPath;
import static dev.wingman.app.ExternalTools.repository;
import static dev.wingman.app.ExternalTools.run;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Pterodactyl client libraries people script panels with (jspteroapi, Nodeactyl; pinned in
 * {@code etc/compat/pterodactyl-clients}) call their own file and backup functions, unchanged,
 * against this panel and FakeWings: {@code check.cjs} asserts what they answer, this class what
 * reached the node's disk. Needs node and {@code npm ci} in that folder ({@code .ci/run} does it);
 * without them it is skipped, saying so.
 */
@HelidonTest
class PterodactylClientLibrariesTest extends PanelTest {
    private static Path libraries;

    @AddConfigSource
    static ConfigSource config() {
        Map<String, String> config = new HashMap<>(NodeTestSupport.fastNodes());
        // Archives and backups do real work on FakeWings; a loaded two-core machine can be slow.
        config.put("wingman.wings.read-timeout", "PT3S");
        return panelConfig(config);
    }

    @BeforeAll
    static void librariesInstalled() {
        libraries = repository().resolve("etc/compat/pterodactyl-clients");
        Assumptions.assumeTrue(onPath("node") && Files.isDirectory(libraries.resolve("node_modules")),
                "node or the client libraries are missing (npm ci --prefix etc/compat/pterodactyl-clients): not run");
    }

    private record Owned(String key, String identifier, Path disk) {
    }

    private Owned server(int ports) {
        String admin = adminToken();
        FakeWings wings = startWings();
        String node = attachedNode(admin, wings, "\"nodeType\":\"free_and_paid\",\"portRangeStart\":" + ports
                + ",\"portRangeEnd\":" + (ports + 50));
        String egg = importEgg(admin);
        String owner = userToken("compat");
        JsonObject server = installedServer(owner, egg, node, "Compat");
        return new Owned(apiKey(owner, "*"), server.getString("identifier"),
                wings.server(server.getString("uuid")).files());
    }

    private Run suite(Owned o, String suite) throws Exception {
        return suite(o, suite, Map.of());
    }

    private Run suite(Owned o, String suite, Map<String, String> more) throws Exception {
        Map<String, String> environment = new HashMap<>(more);
        environment.putAll(Map.of("PANEL_URL", target.getUri().toString(), "API_KEY", o.key, "SERVER", o.identifier));
        Run run = run(List.of("node", libraries.resolve("check.cjs").toString(), suite), null, environment, Duration.ofSeconds(120));
        assertEquals(0, run.status(), run.output());
        assertThat(run.output(), containsString("done " + suite));
        return run;
    }

    @Test
    void jspteroapiFileFunctionsWorkUnchanged() throws Exception {
        Owned o = server(35000);
        suite(o, "files");
        assertEquals("hello from jspteroapi\n", Files.readString(o.disk.resolve("compat/hello.txt")));
        assertEquals("hello from jspteroapi\n", Files.readString(o.disk.resolve("compat/world/level.dat")),
                "copied, moved, archived, deleted and unpacked again");
        assertEquals("uploaded through the signed link\n", Files.readString(o.disk.resolve("compat/uploaded.txt")));
    }

    @Test
    void jspteroapiAndNodeactylBackupFunctionsWorkUnchanged() throws Exception {
        Owned o = server(35200);
        suite(o, "backups");
        assertEquals("kept by a backup\n", Files.readString(o.disk.resolve("backed-up.txt")),
                "deleted, then restored from the backup jspteroapi made");
    }

    @Test
    void nodeactylAccountFunctionsWorkUnchanged() throws Exception {
        Owned o = server(35100);
        String email = uniqueEmail("moved");
        suite(o, "account", Map.of("PASSWORD", PASSWORD, "NEW_EMAIL", email));
        assertEquals(200, login(email, PASSWORD).status(), "the e-mail nodeactyl set is the one to log in with");
    }
}
