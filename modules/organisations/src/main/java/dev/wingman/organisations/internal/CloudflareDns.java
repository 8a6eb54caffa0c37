package dev.wingman.organisations.internal;

import dev.wingman.platform.api.OutboundException;
import dev.wingman.platform.api.OutboundGuard;
import dev.wingman.platform.api.OutboundHttp;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.config.PropertyNamingStrategy;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Cloudflare v4 API: {@code /zones} and {@code /zones/{id}/dns_records} with a Bearer API
 * token. The panel's token and account come from {@code wingman.dns.cloudflare.*}; a zone may carry
 * its organisation's own token instead.
 *
 * <p>Calls go through platform's {@link OutboundHttp} (bodies are the records below, bound by JSON-B
 * in Cloudflare's {@code snake_case}) and one {@link OutboundGuard} for Cloudflare (breaker, timeout,
 * {@code wingman_outbound_*{target="cloudflare"}} meters). The API base is set by administrators
 * only, so private addresses are not refused (tests point it at a local fake).
 */
@ApplicationScoped
public class CloudflareDns implements DnsProvider {
    static final String TARGET = "cloudflare";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    @Inject
    OutboundHttp outbound;

    @Inject
    @ConfigProperty(name = "wingman.dns.cloudflare.api-base", defaultValue = "https://api.cloudflare.com/client/v4")
    String apiBase;

    @Inject
    @ConfigProperty(name = "wingman.dns.cloudflare.api-token")
    Optional<String> panelToken;

    @Inject
    @ConfigProperty(name = "wingman.dns.cloudflare.account-id")
    Optional<String> accountId;

    private OutboundHttp.Client client;
    private OutboundGuard guard;

    // Cloudflare's bodies. Not generic: Yasson cannot bind a record component typed by a type variable.

    public record Account(String id) {
    }

    public record ZoneRequest(String name, String type, Account account) {
    }

    public record SrvData(Integer priority, Integer weight, Integer port, String target) {
    }

    /** A record as sent: {@code data} for SRV, {@code content} otherwise, {@code proxied} only where Cloudflare proxies. */
    public record RecordRequest(String type, String name, Integer ttl, String content, SrvData data, Boolean proxied) {
    }

    public record ZoneBody(String id, String status, List<String> nameServers) {
    }

    public record RecordBody(String id, String type, String name, String content, Integer ttl, Boolean proxied, Integer priority,
                         SrvData data) {
    }

    public record ApiError(Integer code, String message) {
    }

    public record ResultInfo(Integer page, Integer totalPages) {
    }

    /** What every answer carries: {@code {success, errors, ...}}. */
    interface Envelope {
        Boolean success();

        List<ApiError> errors();
    }

    public record Ack(Boolean success, List<ApiError> errors) implements Envelope {
    }

    public record ZoneEnvelope(Boolean success, List<ApiError> errors, ZoneBody result) implements Envelope {
    }

    public record RecordEnvelope(Boolean success, List<ApiError> errors, RecordBody result) implements Envelope {
    }

    public record RecordsEnvelope(Boolean success, List<ApiError> errors, List<RecordBody> result, ResultInfo resultInfo)
            implements Envelope {
    }

    @PostConstruct
    void init() {
        client = outbound.client(TARGET).connectTimeout(CONNECT_TIMEOUT).requestTimeout(REQUEST_TIMEOUT)
                .naming(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES).build();
        guard = outbound.guard(TARGET, Map.of("target", TARGET))
                .timeout(CONNECT_TIMEOUT.plus(REQUEST_TIMEOUT).plus(Duration.ofSeconds(1))).build();
    }

    @Override
    public String name() {
        return "cloudflare";
    }

    @Override
    public CreatedZone createZone(String zoneName, String apiToken) {
        ZoneBody zone = send("POST", "/zones", new ZoneRequest(zoneName, "full", accountId.map(Account::new).orElse(null)),
                apiToken, ZoneEnvelope.class).result();
        return new CreatedZone(zone.id(), zone.status() == null ? "pending" : zone.status(),
                zone.nameServers() == null ? List.of() : List.copyOf(zone.nameServers()));
    }

    @Override
    public void deleteZone(String externalZoneId, String apiToken) {
        send("DELETE", "/zones/" + encode(externalZoneId), null, apiToken, Ack.class);
    }

    @Override
    public List<DnsRecord> listRecords(String externalZoneId, String apiToken) {
        List<DnsRecord> all = new ArrayList<>();
        for (int page = 1; page <= 50; page++) {
            RecordsEnvelope envelope = send("GET", "/zones/" + encode(externalZoneId) + "/dns_records?per_page=100&page=" + page,
                    null, apiToken, RecordsEnvelope.class);
            envelope.result().stream().filter(r -> isSupported(r.type())).map(CloudflareDns::record).forEach(all::add);
            ResultInfo info = envelope.resultInfo();
            if (info == null || page >= (info.totalPages() == null ? 1 : info.totalPages())) {
                break;
            }
        }
        return all;
    }

    @Override
    public DnsRecord createRecord(String externalZoneId, DnsRecord record, String apiToken) {
        return record(send("POST", "/zones/" + encode(externalZoneId) + "/dns_records", body(record), apiToken,
                RecordEnvelope.class).result());
    }

    @Override
    public DnsRecord updateRecord(String externalZoneId, String recordId, DnsRecord record, String apiToken) {
        return record(send("PUT", "/zones/" + encode(externalZoneId) + "/dns_records/" + encode(recordId), body(record), apiToken,
                RecordEnvelope.class).result());
    }

    @Override
    public void deleteRecord(String externalZoneId, String recordId, String apiToken) {
        send("DELETE", "/zones/" + encode(externalZoneId) + "/dns_records/" + encode(recordId), null, apiToken, Ack.class);
    }

    private static boolean isSupported(String type) {
        return DnsService.TYPES.contains(type == null ? "" : type);
    }

    static RecordRequest body(DnsRecord r) {
        boolean srv = r.type().equals("SRV");
        boolean proxiable = r.type().equals("A") || r.type().equals("AAAA") || r.type().equals("CNAME");
        return new RecordRequest(r.type(), r.name(), r.ttl(), srv ? null : r.content(),
                srv ? new SrvData(r.priority(), r.weight(), r.port(), r.target()) : null, proxiable ? r.proxied() : null);
    }

    static DnsRecord record(RecordBody r) {
        SrvData data = r.data();
        return new DnsRecord(r.id(), r.type(), r.name(), r.content() == null ? "" : r.content(),
                r.ttl() == null ? 1 : r.ttl(), Boolean.TRUE.equals(r.proxied()),
                data != null ? data.priority() : r.priority(),
                data == null ? null : data.weight(), data == null ? null : data.port(), data == null ? null : data.target());
    }

    private <T extends Envelope> T send(String method, String path, Object body, String apiToken, Class<T> type) {
        String token = apiToken != null ? apiToken : panelToken.orElseThrow(() ->
                new DnsProviderException(0, "No Cloudflare API token: set wingman.dns.cloudflare.api-token or give the zone a token"));
        OutboundHttp.Response response;
        try {
            response = guard.call("call", () -> client.request(method, apiBase + path).bearer(token).json(body).send());
        } catch (OutboundException e) {
            throw new DnsProviderException(0, "Cloudflare is unreachable: " + e.getMessage());
        }
        T envelope;
        try {
            envelope = response.as(type);
        } catch (JsonbException e) {
            throw new DnsProviderException(response.status(), "Cloudflare answered " + response.status() + " without JSON");
        }
        if (response.status() >= 300 || !Boolean.TRUE.equals(envelope.success())) {
            // An answer all the same: the breaker ignores it, the meters count it.
            guard.failed("call", response.status() >= 500 ? "server_error" : "rejected");
            String message = envelope.errors() != null
                    ? envelope.errors().stream().map(e -> (e.message() == null ? "error" : e.message()) + " ("
                            + (e.code() == null ? 0 : e.code()) + ")").collect(Collectors.joining("; "))
                    : "HTTP " + response.status();
            throw new DnsProviderException(response.status(), "Cloudflare: " + message);
        }
        return envelope;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }
}
