package dev.wingman.testkit.internal.wings;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The calls the node makes to the panel's remote API ({@code /api/remote/...}), authorised with
 * {@code Bearer <token id>.<token>} and Wings' headers, as config.yml's {@code remote} points it.
 */
public final class PanelClient {
    private final NodeToken node;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile String url;

    public PanelClient(NodeToken node) {
        this.node = node;
    }

    /** Points the node at a panel: {@code url} is config.yml's {@code remote}, {@code tokenId} its {@code token_id}. */
    public void attach(String panelUrl, String tokenId) {
        this.url = panelUrl.endsWith("/") ? panelUrl.substring(0, panelUrl.length() - 1) : panelUrl;
        node.tokenId(tokenId);
    }

    boolean attached() {
        return url != null;
    }

    /** The node's HTTP client, also used to reach other nodes (transfers). */
    HttpClient http() {
        return http;
    }

    /**
     * What Wings does when it boots: {@code POST /api/remote/servers/reset}, then every page of
     * {@code GET /api/remote/servers} (starting at page 0, as Go Wings does). Answers the server
     * configurations the panel listed.
     */
    public List<JsonObject> boot() {
        call("POST", "/api/remote/servers/reset", "");
        List<JsonObject> loaded = new ArrayList<>();
        int page = 0;
        int lastPage = 1;
        do {
            JsonObject answer = call("GET", "/api/remote/servers?page=" + page + "&per_page=2", null);
            loaded.addAll(answer.getJsonArray("data").getValuesAs(JsonObject.class));
            lastPage = answer.getJsonObject("meta").getInt("last_page");
            page = answer.getJsonObject("meta").getInt("current_page") + 1;
        } while (page <= lastPage);
        return loaded;
    }

    /** One activity batch as Wings' activity cron sends it ({@code POST /api/remote/activity}). */
    public void sendActivity(List<JsonObject> entries) {
        JsonArrayBuilder data = Json.createArrayBuilder();
        entries.forEach(data::add);
        call("POST", "/api/remote/activity", Json.createObjectBuilder().add("data", data).build().toString());
    }

    /** A server's configuration ({@code GET /api/remote/servers/{uuid}}); throws when the panel does not answer it. */
    JsonObject server(String uuid) {
        return call("GET", "/api/remote/servers/" + uuid, null);
    }

    /** Reports an install or reinstall ({@code POST .../install}); throws when the panel does not take it. */
    void reportInstall(String uuid, boolean successful, boolean reinstall) {
        call("POST", "/api/remote/servers/" + uuid + "/install",
                Json.createObjectBuilder().add("successful", successful).add("reinstall", reinstall).build().toString());
    }

    /** Reports a transfer's outcome ({@code POST .../transfer/success|failure}); a failed report is only logged. */
    void reportTransfer(String uuid, boolean successful) {
        try {
            call("POST", "/api/remote/servers/" + uuid + "/transfer/" + (successful ? "success" : "failure"), "");
        } catch (RuntimeException e) {
            System.err.println("FakeWings: transfer report for " + uuid + " failed: " + e.getMessage());
        }
    }

    /** Reports a finished backup ({@code POST /api/remote/backups/{uuid}}); a failed report is only logged. */
    void reportBackup(String backupUuid, boolean successful, String checksum, long size) {
        try {
            call("POST", "/api/remote/backups/" + backupUuid, ServerBackups.report(successful, checksum, size).toString());
        } catch (RuntimeException e) {
            System.err.println("FakeWings: backup report for " + backupUuid + " failed: " + e.getMessage());
        }
    }

    /** Reports a finished restore ({@code POST /api/remote/backups/{uuid}/restore}); a failed report is only logged. */
    void reportRestore(String backupUuid, boolean successful) {
        try {
            call("POST", "/api/remote/backups/" + backupUuid + "/restore",
                    Json.createObjectBuilder().add("successful", successful).build().toString());
        } catch (RuntimeException e) {
            System.err.println("FakeWings: restore report for " + backupUuid + " failed: " + e.getMessage());
        }
    }

    /** One call to the panel's remote API; throws when it does not answer 2xx. */
    private JsonObject call(String method, String path, String body) {
        if (url == null) {
            throw new IllegalStateException("FakeWings is not attached to a panel");
        }
        String tokenId = node.tokenId();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + tokenId + "." + node.token())
                .header("Accept", "application/vnd.pterodactyl.v1+json")
                .header("Content-Type", "application/json")
                .header("User-Agent", "Pterodactyl Wings/v1.11.11 (id:" + tokenId + ")")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("panel answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().isBlank() ? JsonValue.EMPTY_JSON_OBJECT : Answers.read(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
