package dev.wingman.organisations.internal;

import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.organisations.api.OrganisationPermissions;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An organisation's DNS zones and their records. A zone is claimed first and reaches the provider
 * only once a TXT record proves the organisation controls the domain ({@link DnsZone}); it is then
 * stored as taken (and removed from the provider again if that fails). Records live only at the
 * provider, so nothing is ever half-written here. Provider refusals answer 502 with its message.
 */
@ApplicationScoped
public class DnsService {
    static final Set<String> TYPES = Set.of("A", "AAAA", "CNAME", "SRV", "TXT");
    static final String READ = OrganisationPermissions.DNS_READ;
    static final String MANAGE = OrganisationPermissions.DNS_MANAGE;
    private static final Pattern HOSTNAME = Pattern.compile("(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern ZONE = Pattern.compile("(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)");

    @Inject
    @PanelPersistence
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

    @Inject
    TxtLookup txt;

    @Inject
    @ConfigProperty(name = "wingman.dns.verification.claim-lifetime", defaultValue = "P7D")
    Duration proofLifetime;

    @Inject
    @ConfigProperty(name = "wingman.dns.verification.max-claims", defaultValue = "10")
    int maxClaims;

    public List<DnsZone> zones(Caller caller, String organisationId) {
        tenancy.require(caller, organisationId, READ);
        return em.createQuery("select z from DnsZone z where z.organisationId = :org "
                        + "and (z.verifiedAt is not null or z.proofExpiresAt > :now) order by z.createdAt", DnsZone.class)
                .setParameter("org", organisationId).setParameter("now", Instant.now()).getResultList();
    }

    public DnsZone zone(Caller caller, String organisationId, String zoneId) {
        tenancy.require(caller, organisationId, READ);
        return zone(organisationId, zoneId);
    }

    /**
     * Claims a domain for the organisation: nothing happens at the provider and nobody else is
     * blocked until {@link #verifyZone} finds the claim's TXT record. A domain taken by any
     * organisation is refused; so is a second claim of one name, or more than
     * {@code wingman.dns.verification.max-claims} open claims.
     */
    @Transactional
    public DnsZone claimZone(Caller caller, String organisationId, String name, String apiToken) {
        tenancy.require(caller, organisationId, MANAGE);
        String zoneName = name.strip().toLowerCase(Locale.ROOT);
        if (!ZONE.matcher(zoneName).matches()) {
            throw ApiException.invalidField("name", "must be a domain name such as example.com");
        }
        Instant now = Instant.now();
        em.createQuery("delete from DnsZone z where z.organisationId = :org and z.verifiedAt is null and z.proofExpiresAt <= :now")
                .setParameter("org", organisationId).setParameter("now", now).executeUpdate();
        if (store.taken(zoneName)) {
            throw ApiException.conflict("The zone " + zoneName + " is already managed here");
        }
        List<DnsZone> open = em.createQuery("select z from DnsZone z where z.organisationId = :org and z.verifiedAt is null", DnsZone.class)
                .setParameter("org", organisationId).getResultList();
        if (open.stream().anyMatch(z -> z.name.equals(zoneName))) {
            throw ApiException.conflict("The zone " + zoneName + " is claimed already: publish its TXT record and verify it");
        }
        if (open.size() >= maxClaims) {
            throw ApiException.conflict("The organisation has " + open.size() + " unverified zones, the most it may hold: "
                    + "verify or remove one first");
        }
        DnsZone zone = DnsZone.claim(organisationId, zoneName, provider.name(), apiToken == null ? null : secrets.seal(apiToken),
                proofLifetime);
        em.persist(zone);
        activity.record(organisationId, OrganisationPermissions.ACTIVITY_DNS_ZONE_CLAIM, "dns-zone", zone.id, Map.of("name", zoneName));
        return zone;
    }

    /**
     * Looks for the claim's TXT record; when it is there, creates the zone at the provider and
     * takes the name. The provider side is undone if the name cannot be taken here after all
     * (another organisation proved it first, or the claim was removed meanwhile).
     */
    public DnsZone verifyZone(Caller caller, String organisationId, String zoneId) {
        tenancy.require(caller, organisationId, MANAGE);
        DnsZone zone = zone(organisationId, zoneId);
        if (zone.stage() == DnsZone.Stage.TAKEN) {
            return zone;
        }
        List<String> published;
        try {
            published = txt.txt(zone.proofName());
        } catch (TxtLookup.Failed e) {
            throw new ApiException(502, e.getMessage());
        }
        if (!published.contains(zone.proofValue())) {
            throw new ApiException(409, "No TXT record " + zone.proofName() + " with the value " + zone.proofValue()
                    + " was found. DNS changes can take a while to reach every resolver; try again later.",
                    Map.of("record", Map.of("type", "TXT", "name", zone.proofName(), "value", zone.proofValue()),
                            "found", published), Map.of());
        }
        if (store.taken(zone.name)) {
            throw ApiException.conflict("The zone " + zone.name + " is already managed here");
        }
        String apiToken = token(zone);
        DnsProvider.CreatedZone created = provider(() -> provider.createZone(zone.name, apiToken));
        try {
            return store.take(zone.id, created);
        } catch (RuntimeException e) {
            try {
                provider.deleteZone(created.externalId(), apiToken);
            } catch (RuntimeException ignored) {
                // the original failure is the one worth reporting
            }
            throw e;
        }
    }

    /** Deletes the zone at the provider (a claim never reached it), then here. */
    @Transactional
    public void deleteZone(Caller caller, String organisationId, String zoneId) {
        tenancy.require(caller, organisationId, MANAGE);
        DnsZone zone = zone(organisationId, zoneId);
        try {
            if (zone.stage() == DnsZone.Stage.TAKEN) {
                provider.deleteZone(zone.externalZoneId, token(zone));
            }
        } catch (DnsProviderException e) {
            // Already gone at the provider (deleted there, or an earlier attempt got that far): forget it here too.
            if (e.providerStatus() != 404) {
                throw new ApiException(502, e.getMessage());
            }
        }
        em.createQuery("delete from DnsZone z where z.id = :id").setParameter("id", zone.id).executeUpdate();
        activity.record(organisationId, OrganisationPermissions.ACTIVITY_DNS_ZONE_DELETE, "dns-zone", zone.id, Map.of("name", zone.name));
    }

    public List<DnsProvider.DnsRecord> records(Caller caller, String organisationId, String zoneId) {
        tenancy.require(caller, organisationId, READ);
        DnsZone zone = taken(organisationId, zoneId);
        return provider(() -> provider.listRecords(zone.externalZoneId, token(zone)));
    }

    @Transactional
    public DnsProvider.DnsRecord createRecord(Caller caller, String organisationId, String zoneId, DnsProvider.DnsRecord record) {
        tenancy.require(caller, organisationId, MANAGE);
        DnsZone zone = taken(organisationId, zoneId);
        DnsProvider.DnsRecord valid = validate(record, zone.name);
        DnsProvider.DnsRecord created = provider(() -> provider.createRecord(zone.externalZoneId, valid, token(zone)));
        activity.record(organisationId, OrganisationPermissions.ACTIVITY_DNS_RECORD_CREATE, "dns-record", created.id(),
                Map.of("zone", zone.name, "type", created.type(), "name", created.name()));
        return created;
    }

    @Transactional
    public DnsProvider.DnsRecord updateRecord(Caller caller, String organisationId, String zoneId, String recordId,
                                              DnsProvider.DnsRecord record) {
        tenancy.require(caller, organisationId, MANAGE);
        DnsZone zone = taken(organisationId, zoneId);
        DnsProvider.DnsRecord valid = validate(record, zone.name);
        DnsProvider.DnsRecord updated = provider(() -> provider.updateRecord(zone.externalZoneId, recordId, valid, token(zone)));
        activity.record(organisationId, OrganisationPermissions.ACTIVITY_DNS_RECORD_UPDATE, "dns-record", recordId,
                Map.of("zone", zone.name, "type", updated.type(), "name", updated.name()));
        return updated;
    }

    @Transactional
    public void deleteRecord(Caller caller, String organisationId, String zoneId, String recordId) {
        tenancy.require(caller, organisationId, MANAGE);
        DnsZone zone = taken(organisationId, zoneId);
        provider(() -> {
            provider.deleteRecord(zone.externalZoneId, recordId, token(zone));
            return null;
        });
        activity.record(organisationId, OrganisationPermissions.ACTIVITY_DNS_RECORD_DELETE, "dns-record", recordId, Map.of("zone", zone.name));
    }

    private DnsZone zone(String organisationId, String zoneId) {
        DnsZone zone = em.find(DnsZone.class, zoneId);
        if (zone == null || !zone.organisationId.equals(organisationId) || zone.expired(Instant.now())) {
            throw ApiException.notFound("DNS zone not found");
        }
        return zone;
    }

    private DnsZone taken(String organisationId, String zoneId) {
        DnsZone zone = zone(organisationId, zoneId);
        zone.requireTaken();
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
