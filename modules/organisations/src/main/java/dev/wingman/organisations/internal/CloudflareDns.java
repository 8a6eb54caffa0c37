package dev.wingman.organisations.internal;

import static dev.wingman.platform.api.JsonSupport.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Cloudflare v4 API: {@code /zones} and {@code /zones/{id}/dns_records} with a Bearer API
 * token. The panel's token and account come from {@code wingman.dns.cloudflare.*}; a zone may carry
 * its organisation's own token instead.
 */
@ApplicationScoped
public class CloudflareDns implements DnsProvider {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    @ConfigProperty(name = "wingman.dns.cloudflare.api-base", defaultValue = "https://api.cloudflare.com/client/v4")
    String apiBase;

    @Inject
    @ConfigProperty(name = "wingman.dns.cloudflare.api-token")
    Optional<String> panelToken;

    @Inject
    @ConfigProperty(name = "wingman.dns.cloudflare.account-id")
    Optional<String> accountId;

    @Override
    public String name() {
        return "cloudflare";
    }

    @Override
    public CreatedZone createZone(String zoneName, String apiToken) {
        JsonObjectBuilder body = JSON.createObjectBuilder().add("name", zoneName).add("type", "full");
        accountId.ifPresent(id -> body.add("account", JSON.createObjectBuilder().add("id", id)));
        JsonObject zone = call("POST", "/zones", body.build(), apiToken).asJsonObject();
        List<String> nameServers = zone.containsKey("name_servers")
                ? zone.getJsonArray("name_servers").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList()
                : List.of();
        return new CreatedZone(zone.getString("id"), zone.getString("status", "pending"), nameServers);
    }

    @Override
    public void deleteZone(String externalZoneId, String apiToken) {
        call("DELETE", "/zones/" + encode(externalZoneId), null, apiToken);
    }

    @Override
    public List<DnsRecord> listRecords(String externalZoneId, String apiToken) {
        List<DnsRecord> all = new ArrayList<>();
        for (int page = 1; page <= 50; page++) {
            JsonObject envelope = send("GET", "/zones/" + encode(externalZoneId) + "/dns_records?per_page=100&page=" + page, null, apiToken);
            JsonArray result = envelope.getJsonArray("result");
            result.getValuesAs(JsonObject.class).stream().filter(r -> isSupported(r.getString("type", ""))).map(CloudflareDns::record)
                    .forEach(all::add);
            JsonObject info = envelope.getJsonObject("result_info");
            if (info == null || page >= info.getInt("total_pages", 1)) {
                break;
            }
        }
        return all;
    }

    @Override
    public DnsRecord createRecord(String externalZoneId, DnsRecord record, String apiToken) {
        return record(call("POST", "/zones/" + encode(externalZoneId) + "/dns_records", body(record), apiToken).asJsonObject());
    }

    @Override
    public DnsRecord updateRecord(String externalZoneId, String recordId, DnsRecord record, String apiToken) {
        return record(call("PUT", "/zones/" + encode(externalZoneId) + "/dns_records/" + encode(recordId), body(record), apiToken)
                .asJsonObject());
    }

    @Override
    public void deleteRecord(String externalZoneId, String recordId, String apiToken) {
        call("DELETE", "/zones/" + encode(externalZoneId) + "/dns_records/" + encode(recordId), null, apiToken);
    }

    private static boolean isSupported(String type) {
        return DnsService.TYPES.contains(type);
    }

    private static JsonObject body(DnsRecord r) {
        JsonObjectBuilder body = JSON.createObjectBuilder().add("type", r.type()).add("name", r.name()).add("ttl", r.ttl());
        if (r.type().equals("SRV")) {
            body.add("data", JSON.createObjectBuilder().add("priority", r.priority()).add("weight", r.weight())
                    .add("port", r.port()).add("target", r.target()));
        } else {
            body.add("content", r.content());
        }
        if (r.type().equals("A") || r.type().equals("AAAA") || r.type().equals("CNAME")) {
            body.add("proxied", r.proxied());
        }
        return body.build();
    }

    private static DnsRecord record(JsonObject r) {
        JsonObject data = r.containsKey("data") && r.get("data").getValueType() == JsonValue.ValueType.OBJECT ? r.getJsonObject("data") : null;
        return new DnsRecord(r.getString("id"), r.getString("type"), r.getString("name"), r.getString("content", ""),
                r.containsKey("ttl") ? r.getInt("ttl") : 1, r.getBoolean("proxied", false),
                data != null ? intOrNull(data, "priority") : intOrNull(r, "priority"),
                data == null ? null : intOrNull(data, "weight"), data == null ? null : intOrNull(data, "port"),
                data == null ? null : data.getString("target", null));
    }

    private static Integer intOrNull(JsonObject o, String key) {
        return o.get(key) instanceof JsonNumber n ? n.intValue() : null;
    }

    private JsonValue call(String method, String path, JsonObject body, String apiToken) {
        return send(method, path, body, apiToken).get("result");
    }

    private JsonObject send(String method, String path, JsonObject body, String apiToken) {
        String token = apiToken != null ? apiToken : panelToken.orElseThrow(() ->
                new DnsProviderException(0, "No Cloudflare API token: set wingman.dns.cloudflare.api-token or give the zone a token"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiBase + path)).timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DnsProviderException(0, "Cloudflare is unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DnsProviderException(0, "Interrupted while calling Cloudflare");
        }
        JsonObject envelope;
        try (var reader = JSON.createReader(new StringReader(response.body()))) {
            envelope = reader.readObject();
        } catch (RuntimeException e) {
            throw new DnsProviderException(response.statusCode(), "Cloudflare answered " + response.statusCode() + " without JSON");
        }
        if (response.statusCode() >= 300 || !envelope.getBoolean("success", false)) {
            String message = envelope.containsKey("errors") && envelope.get("errors").getValueType() == JsonValue.ValueType.ARRAY
                    ? envelope.getJsonArray("errors").getValuesAs(JsonObject.class).stream()
                            .map(e -> e.getString("message", "error") + " (" + e.getInt("code", 0) + ")").collect(Collectors.joining("; "))
                    : "HTTP " + response.statusCode();
            throw new DnsProviderException(response.statusCode(), "Cloudflare: " + message);
        }
        return envelope;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }
}
