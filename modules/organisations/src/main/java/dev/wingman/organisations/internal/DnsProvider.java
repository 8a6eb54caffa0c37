package dev.wingman.organisations.internal;

import java.util.List;

/**
 * Where DNS zones and records actually live. Implementations talk to the provider's API and report
 * its refusals as {@link DnsProviderException}; Wingman stores zones, never records.
 *
 * @see CloudflareDns
 */
public interface DnsProvider {

    /** The provider's name, as stored with each zone. */
    String name();

    CreatedZone createZone(String zoneName, String apiToken);

    void deleteZone(String externalZoneId, String apiToken);

    List<DnsRecord> listRecords(String externalZoneId, String apiToken);

    DnsRecord createRecord(String externalZoneId, DnsRecord record, String apiToken);

    DnsRecord updateRecord(String externalZoneId, String recordId, DnsRecord record, String apiToken);

    void deleteRecord(String externalZoneId, String recordId, String apiToken);

    record CreatedZone(String externalId, String status, List<String> nameServers) {
    }

    /**
     * One record. For SRV, {@code name} is {@code _service._proto.host} and priority, weight, port and
     * target describe it; {@code content} is what the provider shows. ttl 1 means automatic.
     */
    record DnsRecord(String id, String type, String name, String content, int ttl, boolean proxied, Integer priority,
                     Integer weight, Integer port, String target) {
    }
}
