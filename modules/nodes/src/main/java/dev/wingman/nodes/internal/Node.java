package dev.wingman.nodes.internal;

import dev.wingman.platform.api.TimestampedEntity;

import dev.wingman.nodes.api.NodeHealth;
import dev.wingman.nodes.api.NodeInfo;
import dev.wingman.platform.api.ApiException;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Entity
@Table(name = "nodes")
public class Node extends TimestampedEntity {
    /** A node whose latest heartbeat is older than this is unhealthy, whatever it said. */
    static final Duration HEARTBEAT_MAX_AGE = Duration.ofSeconds(120);

    @Column(nullable = false)
    UUID uuid;
    @Column(nullable = false)
    public String name;
    @Column(nullable = false)
    String url;
    @Column(name = "backend_url")
    String backendUrl;
    @Column(nullable = false)
    String fqdn;
    @Column(name = "sftp_port", nullable = false)
    int sftpPort;
    @Column(name = "node_type", nullable = false)
    String nodeType;
    @Column(name = "organisation_id")
    String organisationId;
    @Column(name = "token_id", nullable = false)
    String tokenId;
    /** Sealed with the SecretBox. */
    @Column(nullable = false)
    String token;
    @Column(name = "port_range_start")
    public Integer portRangeStart;
    @Column(name = "port_range_end")
    public Integer portRangeEnd;
    /** A text[], in the order the administrator gave them. */
    @Column(name = "ipv4_addresses", nullable = false)
    @JdbcTypeCode(SqlTypes.ARRAY)
    List<String> ipv4Addresses;
    @Column(name = "ipv6_subnet")
    public String ipv6Subnet;
    @Column(name = "memory_mib", nullable = false)
    long memoryMib;
    @Column(name = "memory_overallocate", nullable = false)
    int memoryOverallocate;
    @Column(name = "disk_mib", nullable = false)
    long diskMib;
    @Column(name = "disk_overallocate", nullable = false)
    int diskOverallocate;
    @Column(name = "server_limit")
    Integer serverLimit;
    @Column(name = "deployments_enabled", nullable = false)
    boolean deploymentsEnabled;
    @Column(nullable = false)
    boolean maintenance;
    @Column(name = "wings_version")
    String wingsVersion;
    @Column(name = "last_check_at")
    Instant lastCheckAt;
    @Column(name = "last_status")
    String lastStatus;
    @Column(name = "last_response_ms")
    Integer lastResponseMs;
    @Column(name = "last_error")
    String lastError;
    @Column(name = "next_check_at", nullable = false)
    Instant nextCheckAt;

    /**
     * The node, read through the caller's own persistence context (a second bean's context in the
     * same transaction would hold a second pooled connection), or 404.
     */
    public static Node require(EntityManager em, String id) {
        Node node = em.find(Node.class, id);
        if (node == null) {
            throw ApiException.notFound("Node not found");
        }
        return node;
    }

    public List<String> ipv4List() {
        return List.copyOf(ipv4Addresses);
    }

    public static NodeHealth health(Instant lastCheckAt, String lastStatus, Instant now) {
        if (lastCheckAt == null) {
            return NodeHealth.PENDING;
        }
        return "ok".equals(lastStatus) && lastCheckAt.isAfter(now.minus(HEARTBEAT_MAX_AGE))
                ? NodeHealth.HEALTHY : NodeHealth.UNHEALTHY;
    }

    NodeHealth health() {
        return health(lastCheckAt, lastStatus, Instant.now());
    }

    public NodeInfo info() {
        return new NodeInfo(id, uuid.toString(), name, url, backendUrl, fqdn, sftpPort, nodeType, organisationId,
                portRangeStart, portRangeEnd, ipv4List(), ipv6Subnet, memoryMib, memoryOverallocate, diskMib,
                diskOverallocate, serverLimit, deploymentsEnabled, maintenance, wingsVersion, health(), lastCheckAt,
                lastStatus, lastResponseMs, lastError, createdAt, updatedAt);
    }
}
