package dev.wingman.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Programs outside the JVM that some tests drive (kubectl, node), and the repository they read files from. */
final class ExternalTools {
    private ExternalTools() {
    }

    /** What a program printed (stdout and stderr together) and its exit status. */
    record Run(int status, String output) {
    }

    /** Runs {@code command} with {@code input} on its stdin (or none), failing the test if it outlives {@code limit}. */
    static Run run(List<String> command, String input, Map<String, String> environment, Duration limit) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (input != null) {
            process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        // Read on a thread of its own, so a tool that hangs fails the test after the limit instead of blocking it.
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output unreadable: " + e.getMessage() + ")";
            }
        });
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + limit.toSeconds() + " s");
        }
        return new Run(process.exitValue(), output.join());
    }

    static Run run(List<String> command, String input) throws Exception {
        return run(command, input, Map.of(), Duration.ofSeconds(60));
    }

    static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    /** The repository's root: the first folder above the working directory that holds {@code etc/}. */
    static Path repository() {
        Path at = Path.of("").toAbsolutePath();
        while (at != null && !Files.isDirectory(at.resolve("etc/kubernetes"))) {
            at = at.getParent();
        }
        assertNotNull(at, "the repository root (with etc/kubernetes) above " + Path.of("").toAbsolutePath());
        return at;
    }
}
