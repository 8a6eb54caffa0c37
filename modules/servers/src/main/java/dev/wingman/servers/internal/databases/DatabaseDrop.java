package dev.wingman.servers.internal.databases;

import dev.wingman.platform.api.OneOffJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * A deleted server's database and user are dropped on their host: a one-off job per database
 * ({@code servers.database-drop}), retried with back-off for about a day while the host cannot be
 * reached. It is scheduled inside the deletion's transaction (see
 * {@link ServerDatabases#serverDeleting}), so it first waits for that transaction to end and drops
 * nothing if the database's row is still there (the deletion rolled back). Dropping is idempotent
 * (IF EXISTS), so a repeated run is harmless; a host deleted meanwhile ends it. A create that
 * finished after its server was deleted schedules one too ({@code created-<id>}).
 */
@ApplicationScoped
public class DatabaseDrop implements OneOffJob {
    static final String JOB = "servers.database-drop";
    private static final Logger LOG = Logger.getLogger(DatabaseDrop.class.getName());
    /** 10 s, 20 s, 40 s, ... about 23 hours in all. */
    static final Retry WHILE_THE_HOST_IS_DOWN = new Retry(14, Duration.ofSeconds(10), 2.0);

    @Inject
    ServerDatabases databases;

    @Override
    public String name() {
        return JOB;
    }

    @Override
    public Retry retry() {
        return WHILE_THE_HOST_IS_DOWN;
    }

    @Override
    @ActivateRequestContext
    public Outcome run(String databaseId, String data) throws Exception {
        JsonObject drop;
        try (var reader = Json.createReader(new StringReader(data))) {
            drop = reader.readObject();
        }
        String server = drop.getString("server", null); // absent in jobs scheduled before the deletion's own transaction did
        if (server != null && databases.stillHeld(server, drop.getString("id", databaseId))) {
            LOG.info(() -> "The deletion of server " + server + " rolled back; its database " + drop.getString("database")
                    + " is kept");
            return Outcome.done();
        }
        HostConnection.Account account = new HostConnection.Account(drop.getString("database"), drop.getString("username"),
                drop.getString("remote"));
        if (!databases.drop(drop.getString("host"), account)) {
            LOG.warning(() -> "Database host " + drop.getString("host") + " is gone; " + account.database()
                    + " of a deleted server was not dropped there");
        }
        return Outcome.done();
    }
}
