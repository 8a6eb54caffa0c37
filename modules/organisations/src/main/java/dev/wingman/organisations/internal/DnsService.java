package dev.wingman.organisations.internal;

import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.Ids;
import dev.wingman.platform.api.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An organisation's DNS zones and their records. Zones are stored in Wingman once the provider has
 * created them (and removed from the provider again if storing fails), records live only at the
 * provider, so nothing is ever half-written here. Provider refusals answer 502 with its message.
 */
@ApplicationScoped
public class DnsService {
    static final Set<String> TYPES = Set.of("A", "AAAA", "CNAME", "SRV", "TXT");
    static final String READ = "dns:read";
    static final String MANAGE = "dns:manage";
    private static final Pattern HOSTNAME = Pattern.compile("(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern ZONE = Pattern.compile("(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)");

    @PersistenceContext(unitName = "wingman")
    EntityManager em;

    @Inject
    Tenancy tenancy;

    @Inject
    Activity activity;

    @Inject
    DnsProvider provider;

    @Inject
    SecretBox secrets;

    @Inject
    ZoneStore store;

    public List<DnsZone> zones(Caller caller, String organisationId) {
        tenancy.require(caller, organisationId, READ);
        return em.createQuery("select z from DnsZone z where z.organisationId = :org order by z.createdAt", DnsZone.class)
                .setParameter("org", organisationId).getResultList();
    }

    /** Creates the zone at the provider, then stores it; undoes the provider side if storing fails. */
    public DnsZone createZone(Caller caller, String organisationId, String name, String apiToken) {
        tenancy.require(caller, organisationId, MANAGE);
        String zoneName = name.strip().toLowerCase(Locale.ROOT);
        if (!ZONE.matcher(zoneName).matches()) {
            throw ApiException.invalidField("name", "must be a domain name such as example.com");
        }
        if (store.exists(zoneName)) {
            throw ApiException.conflict("The zone " + zoneName + " is already managed here");
        }
        DnsProvider.CreatedZone created = provider(() -> provider.createZone(zoneName, apiToken));
        DnsZone zone = new DnsZone();
        zone.id = Ids.newId();
        zone.organisationId = organisationId;
        zone.name = zoneName;
        zone.provider = provider.name();
        zone.externalZoneId = created.externalId();
        zone.status = created.status();
        zone.nameServers = String.join(",", created.nameServers());
        zone.apiToken = apiToken == null ? null : secrets.seal(apiToken);
        zone.createdAt = Instant.now();
        try {
            store.save(zone, Map.of("name", zoneName));
        } catch (RuntimeException e) {
            try {
                provider.deleteZone(created.externalId(), apiToken);
            } catch (RuntimeException ignored) {
                // the original failure is the one worth reporting
            }
            throw e;
        }
        return zone;
    }

    /** Deletes the zone at the provider, then here. */
    @Transactional
    public void deleteZone(Caller caller, String organisationId, String zoneId) {
        tenancy.require(caller, organisationId, MANAGE);
        DnsZone zone = zone(organisationId, zoneId);
        try {
            provider.deleteZone(zone.externalZoneId, token(zone));
        } catch (DnsProviderException e) {
            // Already gone at the provider (deleted there, or an earlier attempt got that far): forget it here too.
            if (e.providerStatus() != 404) {
                throw new ApiException(502, e.getMessage());
            }
        }
        em.createQuery("delete from DnsZone z where z.id = :id").setParameter("id", zone.id).executeUpdate();
        activity.record(organisationId, "dns.zone.delete", "dns-zone", zone.id, Map.of("name", zone.name));
    }

    public List<DnsProvider.DnsRecord> records(Caller caller, String organisationId, String zoneId) {
        tenancy.require(caller, organisationId, READ);
        DnsZone zone = zone(organisationId, zoneId);
        return provider(() -> provider.listRecords(zone.externalZoneId, token(zone)));
    }

    @Transactional
    public DnsProvider.DnsRecord createRecord(Caller caller, String organisationId, String zoneId, DnsProvider.DnsRecord record) {
        tenancy.require(caller, organisationId, MANAGE);
        DnsZone zone = zone(organisationId, zoneId);
        DnsProvider.DnsRecord valid = validate(record, zone.name);
        DnsProvider.DnsRecord created = provider(() -> provider.createRecord(zone.externalZoneId, valid, token(zone)));
        activity.record(organisationId, "dns.record.create", "dns-record", created.id(),
                Map.of("zone", zone.name, "type", created.type(), "name", created.name()));
        return created;
    }

    @Transactional
    public DnsProvider.DnsRecord updateRecord(Caller caller, String organisationId, String zoneId, String recordId,
                                              DnsProvider.DnsRecord record) {
        tenancy.require(caller, organisationId, MANAGE);
        DnsZone zone = zone(organisationId, zoneId);
        DnsProvider.DnsRecord valid = validate(record, zone.name);
        DnsProvider.DnsRecord updated = provider(() -> provider.updateRecord(zone.externalZoneId, recordId, valid, token(zone)));
        activity.record(organisationId, "dns.record.update", "dns-record", recordId,
                Map.of("zone", zone.name, "type", updated.type(), "name", updated.name()));
        return updated;
    }

    @Transactional
    public void deleteRecord(Caller caller, String organisationId, String zoneId, String recordId) {
        tenancy.require(caller, organisationId, MANAGE);
        DnsZone zone = zone(organisationId, zoneId);
        provider(() -> {
            provider.deleteRecord(zone.externalZoneId, recordId, token(zone));
            return null;
        });
        activity.record(organisationId, "dns.record.delete", "dns-record", recordId, Map.of("zone", zone.name));
    }

    private DnsZone zone(String organisationId, String zoneId) {
        DnsZone zone = em.find(DnsZone.class, zoneId);
        if (zone == null || !zone.organisationId.equals(organisationId)) {
            throw ApiException.notFound("DNS zone not found");
        }
        return zone;
    }

    private String token(DnsZone zone) {
        return zone.apiToken == null ? null : secrets.open(zone.apiToken);
    }

    private static <T> T provider(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (DnsProviderException e) {
            if (e.providerStatus() == 404) {
                throw ApiException.notFound("Not found at the DNS provider: " + e.getMessage());
            }
            throw new ApiException(502, e.getMessage());
        }
    }

    /** Checks a record the way the provider would, so that mistakes get a 400 naming the field. */
    static DnsProvider.DnsRecord validate(DnsProvider.DnsRecord r, String zone) {
        String type = r.type() == null ? null : r.type().strip().toUpperCase(Locale.ROOT);
        if (type == null || !TYPES.contains(type)) {
            throw ApiException.invalidField("type", "must be one of A, AAAA, CNAME, SRV, TXT");
        }
        String name = r.name() == null || r.name().isBlank() || r.name().strip().equals("@") ? zone
                : r.name().strip().toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        if (!name.equals(zone) && !name.endsWith("." + zone)) {
            name = name + "." + zone;
        }
        if (!HOSTNAME.matcher(name).matches()) {
            throw ApiException.invalidField("name", "is not a valid DNS name");
        }
        int ttl = r.ttl() == 0 ? 1 : r.ttl();
        if (ttl != 1 && (ttl < 60 || ttl > 86_400)) {
            throw ApiException.invalidField("ttl", "must be 1 (automatic) or 60 to 86400 seconds");
        }
        String content = r.content() == null ? null : r.content().strip();
        switch (type) {
            case "A" -> {
                if (content == null || !IPV4.matcher(content).matches()) {
                    throw ApiException.invalidField("content", "must be an IPv4 address");
                }
            }
            case "AAAA" -> {
                if (content == null || !isIpv6(content)) {
                    throw ApiException.invalidField("content", "must be an IPv6 address");
                }
            }
            case "CNAME" -> {
                if (content == null || !HOSTNAME.matcher(content.toLowerCase(Locale.ROOT).replaceAll("\\.$", "")).matches()) {
                    throw ApiException.invalidField("content", "must be a host name");
                }
            }
            case "TXT" -> {
                if (content == null || content.isEmpty() || content.length() > 2048) {
                    throw ApiException.invalidField("content", "must be 1 to 2048 characters");
                }
            }
            default -> {
                if (!name.startsWith("_") || name.split("\\.").length < 3) {
                    throw ApiException.invalidField("name", "an SRV name looks like _service._proto.host");
                }
                requirePort(r.port(), "port");
                requirePort(r.priority(), "priority");
                requirePort(r.weight(), "weight");
                if (r.target() == null || !HOSTNAME.matcher(r.target().strip().toLowerCase(Locale.ROOT)).matches()) {
                    throw ApiException.invalidField("target", "must be a host name");
                }
                return new DnsProvider.DnsRecord(null, type, name, null, ttl, false, r.priority(), r.weight(), r.port(),
                        r.target().strip().toLowerCase(Locale.ROOT));
            }
        }
        boolean proxiable = type.equals("A") || type.equals("AAAA") || type.equals("CNAME");
        return new DnsProvider.DnsRecord(null, type, name, content, ttl, proxiable && r.proxied(), null, null, null, null);
    }

    private static void requirePort(Integer value, String field) {
        if (value == null || value < 0 || value > 65_535) {
            throw ApiException.invalidField(field, "must be 0 to 65535");
        }
    }

    private static boolean isIpv6(String value) {
        if (!value.matches("[0-9a-fA-F:.]+") || !value.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(value).getAddress().length == 16;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
