package dev.wingman.servers.internal.databases;

import dev.wingman.platform.api.TimestampedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * A MySQL or MariaDB server an administrator registered, on which servers' databases are created.
 * The panel logs in as {@link #username} (an account allowed to create databases and users and to
 * grant on them); its password is kept sealed with the secrets key and never answered.
 */
@Entity
@Table(name = "database_hosts")
public class DatabaseHost extends TimestampedEntity {
    @Column(nullable = false)
    public String name;
    @Column(nullable = false)
    public String host;
    @Column(nullable = false)
    public int port;
    @Column(nullable = false)
    public String username;
    /** Sealed ({@code SecretBox}); opened only to connect. */
    @Column(name = "password", nullable = false)
    String sealedPassword;
    /** How many databases it may hold; null for no limit. */
    @Column(name = "max_databases")
    public Integer maxDatabases;
    /** The node whose servers it serves first; null when it serves any server only when no node has its own. */
    @Column(name = "node_id")
    public String nodeId;

    /** Whether it may take one more database beside the {@code held} it has. */
    boolean hasRoom(long held) {
        return maxDatabases == null || held < maxDatabases;
    }

    /** Where and as whom to log in, with the opened password. */
    HostConnection.Target target(String password) {
        return new HostConnection.Target(host, port, username, password);
    }
}
