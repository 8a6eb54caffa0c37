package dev.wingman.nodes.internal;

import static dev.wingman.platform.api.JsonSupport.JSON;

import dev.wingman.nodes.api.WingsException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One HTTP exchange with a Wings agent, with Wings' authentication and error body
 * ({@code {"error": ...}}). A node that does not answer (refused, reset, timed out) is thrown as
 * {@link Failed}, so the caller's circuit breaker counts it; any HTTP answer, even a 500 about
 * one server, is returned: it proves the node is up and answering, and one broken server must not
 * cut the panel off from the healthy servers on the same node.
 */
@ApplicationScoped
public class WingsHttp {
    private HttpClient client;
    private ExecutorService executor;

    @Inject
    WingsSettings settings;

    /** An answer from Wings: the status and the parsed JSON body, if any. */
    public record Reply(int status, JsonStructure body, String requestId) {
        String error() {
            if (body instanceof JsonObject object && object.get("error") instanceof jakarta.json.JsonString s) {
                return s.getString();
            }
            return "HTTP " + status;
        }
    }

    /** A failure that counts against the node: no answer, or a 5xx answer. */
    public static final class Failed extends RuntimeException {
        final WingsException.Failure failure;
        final int status;

        Failed(WingsException.Failure failure, int status, String message) {
            super(message, null, false, false);
            this.failure = failure;
            this.status = status;
        }
    }

    @jakarta.annotation.PostConstruct
    void init() {
        executor = Executors.newVirtualThreadPerTaskExecutor();
        client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    @PreDestroy
    void close() {
        client.close();
        executor.shutdownNow();
    }

    /**
     * Sends one request. {@code baseUrl} is the node's Wings URL, {@code token} its plain token.
     *
     * @throws Failed when Wings did not answer in {@code timeout} or could not be reached
     */
    public Reply send(String baseUrl, String token, String method, String path, String jsonBody, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stripSlash(baseUrl) + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .header("User-Agent", "Wingman")
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody))
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw new Failed(WingsException.Failure.UNREACHABLE, 0, "connection timed out");
        } catch (HttpTimeoutException e) {
            throw new Failed(WingsException.Failure.TIMEOUT, 0, "no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            throw new Failed(WingsException.Failure.UNREACHABLE, 0, describe(e));
        } catch (InterruptedException e) {
            // The fault-tolerance timeout interrupts a call that overran; clear it so the request thread goes on.
            Thread.interrupted();
            throw new Failed(WingsException.Failure.TIMEOUT, 0, "no answer in time");
        }
        Reply reply = new Reply(response.statusCode(), parse(response.body()),
                response.headers().firstValue("X-Request-Id").orElse(null));
        return reply;
    }

    static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        if (e instanceof java.net.ConnectException || message == null || message.isBlank()) {
            return "connection refused";
        }
        return message;
    }

    private static JsonStructure parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try (var reader = JSON.createReader(new StringReader(body))) {
            return reader.read();
        } catch (JsonException e) {
            return null;
        }
    }

    Duration defaultTimeout() {
        return settings.readTimeout();
    }
}
