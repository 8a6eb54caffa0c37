package dev.wingman.servers.internal.databases;

import dev.wingman.platform.api.IdentifiedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * One server's database on a {@link DatabaseHost}: a schema {@link #name} and a user
 * {@link #username}@{@link #remote} that holds every privilege on that schema and nothing else.
 * The user's password is kept sealed and shown only to callers holding {@code database.view_password}.
 */
@Entity
@Table(name = "server_databases")
public class ServerDatabase extends IdentifiedEntity {
    @Column(name = "server_id", nullable = false)
    public String serverId;
    @Column(name = "host_id", nullable = false)
    public String hostId;
    @Column(nullable = false)
    public String name;
    @Column(nullable = false)
    public String username;
    @Column(name = "password", nullable = false)
    String sealedPassword;
    /** The hosts the user may connect from, a MySQL host pattern: {@code %}, an address, {@code 10.0.0.%}. */
    @Column(nullable = false)
    public String remote;
    /** MAX_USER_CONNECTIONS; 0 for no limit. */
    @Column(name = "max_connections", nullable = false)
    public int maxConnections;

    /** The user as MySQL names it. */
    HostConnection.Account account() {
        return new HostConnection.Account(name, username, remote);
    }
}
