package dev.wingman.nodes.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * The body of {@code POST /api/nodes} and {@code PUT /api/nodes/{id}}, for the OpenAPI document;
 * the resource reads the JSON itself so that an update can tell an absent field from a null one.
 */
@Schema(description = "A node. Only name, url and token are required on create; on update every field is optional "
        + "and an explicit null clears an optional one.")
public record NodeRequest(
        @Schema(required = true, example = "EU-1") String name,
        @Schema(required = true, description = "Wings base URL", example = "https://node1.example.com:8080") String url,
        @Schema(required = true, description = "The token configured in Wings; checked against GET /api/system before "
                + "storing, stored encrypted. On update, rotates the token (pushed to Wings first).") String token,
        @Schema(description = "free, paid, free_and_paid or enterprise", defaultValue = "paid") String nodeType,
        @Schema(description = "Public host name", defaultValue = "the url's host") String fqdn,
        @Schema(defaultValue = "2022") Integer sftpPort,
        @Schema(description = "First allocatable port; with portRangeEnd. No ports are allocatable until set.") Integer portRangeStart,
        Integer portRangeEnd,
        @Schema(description = "IPv4 addresses allocations bind to", defaultValue = "the fqdn if it is an IPv4 address, else 0.0.0.0")
        List<String> ipv4Addresses,
        @Schema(description = "IPv6 network for allocations, /64 or narrower", example = "2001:db8:1:2::/64") String ipv6Subnet,
        @Schema(description = "Where the panel reaches Wings if not at url") String backendWingsUrl,
        @Schema(description = "Memory for servers in MiB; 0 = not limited", defaultValue = "0") Long memory,
        @Schema(description = "Percent placement may exceed memory; -1 = no limit", defaultValue = "0") Integer memoryOverallocate,
        @Schema(description = "Disk for servers in MiB; 0 = not limited", defaultValue = "0") Long disk,
        @Schema(defaultValue = "0") Integer diskOverallocate,
        @Schema(description = "Most servers placement puts here; null = no limit") Integer serverLimit,
        @Schema(description = "false excludes the node from new servers", defaultValue = "true") Boolean deploymentsEnabled,
        @Schema(description = "true excludes the node from new servers and marks it under maintenance", defaultValue = "false")
        Boolean maintenance) {
}
