import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The scale-out benchmark's timeline client (bench/scale-out.sh runs it with the JDK's source
 * launcher): {@code CONNECTIONS} clients GET {@code URL} with the API key as fast as answers come,
 * for {@code SECONDS}, and it prints one line per second: answers 2xx, 5xx, other answers (4xx),
 * and requests that got no answer at all (connection refused or reset). wrk gives throughput and latency over a run;
 * this gives the shape of a run in which an instance behind the balancer is killed.
 *
 * <pre>
 *   BalancedLoad URL KEY CONNECTIONS SECONDS
 * </pre>
 */
public final class BalancedLoad {
    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        String key = args[1];
        int connections = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        AtomicLongArray ok = new AtomicLongArray(seconds + 1);
        AtomicLongArray serverErrors = new AtomicLongArray(seconds + 1);
        AtomicLongArray other = new AtomicLongArray(seconds + 1);
        AtomicLongArray broken = new AtomicLongArray(seconds + 1);
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(seconds).toNanos();
        Thread[] clients = new Thread[connections];
        for (int c = 0; c < connections; c++) {
            // One HTTP/1.1 client per connection, as wrk keeps one connection per client.
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + key).build();
            clients[c] = Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    int status;
                    try {
                        status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (IOException e) {
                        status = -1;
                    } catch (InterruptedException e) {
                        return;
                    }
                    int second = (int) Math.min(seconds, (System.nanoTime() - start) / 1_000_000_000L);
                    if (status >= 200 && status < 300) {
                        ok.incrementAndGet(second);
                    } else if (status >= 500) {
                        serverErrors.incrementAndGet(second);
                    } else if (status > 0) {
                        other.incrementAndGet(second);
                    } else {
                        broken.incrementAndGet(second);
                    }
                }
            });
        }
        for (Thread client : clients) {
            client.join();
        }
        System.out.println("second 2xx 5xx other no-answer");
        for (int s = 0; s < seconds; s++) {
            System.out.println(s + " " + ok.get(s) + " " + serverErrors.get(s) + " " + other.get(s) + " " + broken.get(s));
        }
    }
}
