package dev.wingman.app;

import dev.wingman.app.ExternalTools.Run;
import dev.wingman.testkit.api.ApiClient;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static dev.wingman.app.ExternalTools.onPath;
import static dev.wingman.app.ExternalTools.repository;
import static dev.wingman.app.ExternalTools.run;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code etc/kubernetes/} agrees with the application it deploys: the probes and the scrape path
 * answer on a running panel, every environment variable is a documented setting, the labels,
 * selectors, ports and names hold together, the termination grace outlasts the shutdown, and no
 * secret value is committed. Where {@code kubectl} is installed the kustomization must render,
 * and where {@code node} and the validator's packages are (`npm ci --prefix
 * etc/kubernetes/validate`, which .ci/run does) every object must pass the Kubernetes and
 * Prometheus Operator schemas; otherwise those two checks are skipped, saying why.
 */
@HelidonTest
@SuppressWarnings("unchecked") // YAML read as maps and lists
class KubernetesManifestsTest extends PanelTest {
    private static Path dir;
    private static Map<String, Map<String, Object>> byKind;
    private static Map<String, Object> secretExample;

    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(Map.of());
    }

    @BeforeAll
    static void load() throws IOException {
        dir = repository().resolve("etc/kubernetes");
        Map<String, Object> kustomization = single(dir.resolve("kustomization.yaml"));
        byKind = new HashMap<>();
        for (Object resource : list(kustomization, "resources")) {
            for (Map<String, Object> object : all(dir.resolve((String) resource))) {
                assertEquals(null, byKind.put((String) object.get("kind"), object), "one object of each kind");
            }
        }
        secretExample = single(dir.resolve("secret.example.yaml"));
    }

    @Test
    void everyPartTheScaleOutIssueAsksForIsThere() {
        assertEquals(Set.of("Deployment", "Service", "ConfigMap", "PodDisruptionBudget", "HorizontalPodAutoscaler", "ServiceMonitor"),
                byKind.keySet());
        assertEquals("Secret", secretExample.get("kind"));
        assertFalse(byKind.containsKey("Secret"), "the Secret is created by the operator, not applied from the repository");
    }

    @Test
    void theProbesAndTheScrapePathAnswerOnARunningPanel() {
        Map<String, Object> container = container();
        assertEquals("/health/started", path(map(container, "startupProbe")));
        assertEquals("/health/live", path(map(container, "livenessProbe")));
        assertEquals("/health/ready", path(map(container, "readinessProbe")));
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            Map<String, Object> get = map(map(container, probe), "httpGet");
            assertEquals("http", get.get("port"), probe + " uses the named port");
            ApiClient.Response answer = api().get((String) get.get("path"), null);
            assertEquals(200, answer.status(), probe + " " + get.get("path") + ": " + answer);
            assertThat(answer.body(), containsString("\"status\":\"UP\""));
        }
        Map<String, Object> endpoint = (Map<String, Object>) list(map(byKind.get("ServiceMonitor"), "spec"), "endpoints").get(0);
        ApiClient.Response metrics = api().get((String) endpoint.get("path"), null);
        assertEquals(200, metrics.status());
        assertThat(metrics.body(), containsString("# TYPE "));
    }

    @Test
    void portsNamesAndSelectorsHoldTogether() throws IOException {
        Map<String, Object> deployment = byKind.get("Deployment");
        Map<String, Object> podLabels = map(map(map(map(deployment, "spec"), "template"), "metadata"), "labels");
        assertEquals(map(map(map(deployment, "spec"), "selector"), "matchLabels"), subset(podLabels, map(map(map(deployment, "spec"), "selector"), "matchLabels")));
        Map<String, Object> service = byKind.get("Service");
        assertEquals(map(map(service, "spec"), "selector"), subset(podLabels, map(map(service, "spec"), "selector")), "the Service selects the pods");
        Map<String, Object> pdb = byKind.get("PodDisruptionBudget");
        Map<String, Object> pdbLabels = map(map(map(pdb, "spec"), "selector"), "matchLabels");
        assertEquals(pdbLabels, subset(podLabels, pdbLabels), "the budget covers the pods");

        // One named container port, the panel's own default port, which the Service targets by name.
        Map<String, Object> container = container();
        Map<String, Object> port = (Map<String, Object>) list(container, "ports").get(0);
        assertEquals("http", port.get("name"));
        Properties defaults = new Properties();
        try (InputStream in = Files.newInputStream(repository().resolve(
                "modules/platform/src/main/resources/META-INF/microprofile-config.properties"))) {
            defaults.load(in);
        }
        assertEquals(Integer.parseInt(defaults.getProperty("server.port")), port.get("containerPort"));
        assertEquals(String.valueOf(port.get("containerPort")), env(container).get("SERVER_PORT"));
        Map<String, Object> servicePort = (Map<String, Object>) list(map(service, "spec"), "ports").get(0);
        assertEquals("http", servicePort.get("targetPort"));

        Map<String, Object> monitor = byKind.get("ServiceMonitor");
        Map<String, Object> monitored = map(map(map(monitor, "spec"), "selector"), "matchLabels");
        assertEquals(monitored, subset(map(map(service, "metadata"), "labels"), monitored), "the ServiceMonitor selects the Service");
        Map<String, Object> endpoint = (Map<String, Object>) list(map(monitor, "spec"), "endpoints").get(0);
        assertEquals(servicePort.get("name"), endpoint.get("port"));

        Map<String, Object> hpa = byKind.get("HorizontalPodAutoscaler");
        Map<String, Object> target = map(map(hpa, "spec"), "scaleTargetRef");
        assertEquals("Deployment", target.get("kind"));
        assertEquals(map(deployment, "metadata").get("name"), target.get("name"));
        assertTrue((Integer) map(hpa, "spec").get("minReplicas") >= 2, "two replicas at least, so one can stop at a time");
        assertEquals(1, map(pdb, "spec").get("maxUnavailable"));

        // envFrom names the ConfigMap applied here and the Secret the example describes.
        List<String> from = list(container, "envFrom").stream().map(e -> (Map<String, Object>) e)
                .map(e -> e.containsKey("configMapRef") ? "configmap:" + map(e, "configMapRef").get("name")
                        : "secret:" + map(e, "secretRef").get("name")).toList();
        assertEquals(List.of("configmap:" + map(byKind.get("ConfigMap"), "metadata").get("name"),
                "secret:" + map(secretExample, "metadata").get("name")), from);
    }

    @Test
    void everyVariableIsADocumentedSetting() throws IOException {
        Set<String> documented = documentedVariables();
        Set<String> used = new HashSet<>(env(container()).keySet());
        used.addAll(map(byKind.get("ConfigMap"), "data").keySet());
        used.addAll(map(secretExample, "stringData").keySet());
        String example = Files.readString(dir.resolve("secret.example.yaml"));
        Matcher commented = Pattern.compile("#\\s*(WINGMAN_[A-Z0-9_]+):").matcher(example);
        while (commented.find()) {
            used.add(commented.group(1));
        }
        Set<String> unknown = used.stream().filter(v -> !documented.contains(v)).collect(Collectors.toSet());
        assertEquals(Set.of(), unknown, "variables docs/configuration.md does not list");
    }

    @Test
    void noSecretValueIsCommitted() {
        map(secretExample, "stringData").forEach((key, value) -> assertEquals("", value, key + " stays empty in the committed example: operators fill it in"));
        assertFalse(secretExample.containsKey("data"));
        map(byKind.get("ConfigMap"), "data").keySet().forEach(key ->
                assertFalse(key.contains("PASSWORD") || key.contains("SECRET") || key.contains("TOKEN") || key.equals("WINGMAN_REDIS_URL"),
                        key + " belongs in the Secret"));
    }

    @Test
    void theTerminationGraceOutlastsTheShutdownAndTheHeapFitsTheLimit() {
        Map<String, Object> data = map(byKind.get("ConfigMap"), "data");
        Duration preStop = Duration.parse((String) data.getOrDefault("WINGMAN_SHUTDOWN_PRE_STOP_DELAY", "PT0S"));
        Duration grace = Duration.parse((String) data.getOrDefault("WINGMAN_SHUTDOWN_GRACE", "PT20S"));
        Duration jobs = Duration.parse((String) data.getOrDefault("WINGMAN_JOBS_SHUTDOWN_WAIT", "PT5S"));
        long needed = preStop.plus(grace).plus(jobs.multipliedBy(2)).toSeconds() + 5;
        Map<String, Object> pod = map(map(map(byKind.get("Deployment"), "spec"), "template"), "spec");
        int termination = (Integer) pod.get("terminationGracePeriodSeconds");
        assertTrue(termination >= needed, "terminationGracePeriodSeconds " + termination + " < " + needed
                + " (pre-stop delay + grace + twice the jobs' wait + 5 s)");

        Map<String, Object> resources = map(container(), "resources");
        assertNotNull(map(resources, "requests").get("cpu"), "the autoscaler needs a CPU request");
        long limit = mebibytes((String) map(resources, "limits").get("memory"));
        assertTrue(limit >= mebibytes((String) map(resources, "requests").get("memory")));
        Matcher xmx = Pattern.compile("-Xmx(\\d+)m").matcher((String) data.get("JAVA_OPTS"));
        assertTrue(xmx.find(), "JAVA_OPTS sets the heap");
        // docs/benchmarks.md: about 470 MiB resident with a 256 MiB heap under load.
        assertTrue(Long.parseLong(xmx.group(1)) + 256 <= limit, "heap plus ~256 MiB off-heap fits the memory limit");
    }

    @Test
    void theKustomizationRenders() throws Exception {
        Assumptions.assumeTrue(onPath("kubectl"), "kubectl is not installed: the kustomization was not rendered");
        Run render = run(List.of("kubectl", "kustomize", dir.toString()), null);
        assertEquals(0, render.status(), render.output());
        Set<String> kinds = new HashSet<>();
        for (Object doc : new Yaml().loadAll(render.output())) {
            kinds.add((String) ((Map<String, Object>) doc).get("kind"));
        }
        assertEquals(byKind.keySet(), kinds);
        assertThat(render.output(), containsString("app.kubernetes.io/part-of: wingman"));
    }

    @Test
    void everyObjectPassesTheKubernetesSchemas() throws Exception {
        Path validator = dir.resolve("validate");
        Assumptions.assumeTrue(onPath("node") && Files.isDirectory(validator.resolve("node_modules")),
                "node or the validator's packages are missing (npm ci --prefix etc/kubernetes/validate): schemas not checked");
        String objects;
        if (onPath("kubectl")) {
            objects = run(List.of("kubectl", "kustomize", dir.toString()), null).output();
        } else {
            List<String> files = new ArrayList<>();
            for (Object resource : list(single(dir.resolve("kustomization.yaml")), "resources")) {
                files.add(Files.readString(dir.resolve((String) resource)));
            }
            objects = String.join("\n---\n", files);
        }
        Run validated = run(List.of("node", validator.resolve("validate.mjs").toString(), dir.resolve("secret.example.yaml").toString()), objects);
        assertEquals(0, validated.status(), validated.output());
        assertThat(validated.output(), containsString((byKind.size() + 1) + " valid, 0 invalid"));
    }

    /** Every variable docs/configuration.md names: its keys in their environment form, and the variables it spells out. */
    private static Set<String> documentedVariables() throws IOException {
        String docs = Files.readString(repository().resolve("docs/configuration.md"));
        Set<String> variables = new HashSet<>();
        Matcher code = Pattern.compile("`([^`]+)`").matcher(docs);
        while (code.find()) {
            String token = code.group(1).trim();
            if (token.matches("[A-Z][A-Z0-9_]+")) {
                variables.add(token);
            } else if (token.matches("[a-z][a-zA-Z0-9.-]+") && token.contains(".")) {
                variables.add(token.toUpperCase().replace('.', '_').replace('-', '_'));
            }
        }
        return variables;
    }

    private static long mebibytes(String quantity) {
        if (quantity.endsWith("Gi")) {
            return Long.parseLong(quantity.substring(0, quantity.length() - 2)) * 1024;
        }
        assertTrue(quantity.endsWith("Mi"), "a quantity in Mi or Gi: " + quantity);
        return Long.parseLong(quantity.substring(0, quantity.length() - 2));
    }

    private static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new HashMap<>();
        for (Object entry : list(container, "env")) {
            Map<String, Object> variable = (Map<String, Object>) entry;
            env.put((String) variable.get("name"), (String) variable.get("value"));
        }
        return env;
    }

    private static String path(Map<String, Object> probe) {
        return (String) map(probe, "httpGet").get("path");
    }

    private static Map<String, Object> container() {
        List<Object> containers = list(map(map(map(byKind.get("Deployment"), "spec"), "template"), "spec"), "containers");
        assertEquals(1, containers.size());
        return (Map<String, Object>) containers.get(0);
    }

    private static Map<String, Object> subset(Map<String, Object> labels, Map<String, Object> keys) {
        Map<String, Object> picked = new HashMap<>();
        keys.keySet().forEach(k -> {
            if (labels.containsKey(k)) {
                picked.put(k, labels.get(k));
            }
        });
        return picked;
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertTrue(value instanceof Map, key + " is an object in " + parent.keySet());
        return (Map<String, Object>) value;
    }

    private static List<Object> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertTrue(value instanceof List, key + " is a list in " + parent.keySet());
        return (List<Object>) value;
    }

    private static Map<String, Object> single(Path file) throws IOException {
        List<Map<String, Object>> docs = all(file);
        assertEquals(1, docs.size(), file + " holds one document");
        return docs.get(0);
    }

    private static List<Map<String, Object>> all(Path file) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(Files.readString(file))) {
            if (doc != null) {
                docs.add((Map<String, Object>) doc);
            }
        }
        return docs;
    }
}
