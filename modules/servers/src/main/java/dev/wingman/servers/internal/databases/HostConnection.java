package dev.wingman.servers.internal.databases;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statements the panel sends to a MySQL/MariaDB database host, over a short-lived JDBC
 * connection of its own (never the panel's pooled PostgreSQL data source) with bounded connect
 * and socket timeouts. MySQL cannot bind identifiers or {@code CREATE USER}'s password as
 * parameters, so every name, host pattern and password is checked here against a strict pattern
 * (letters, digits and a few punctuation marks, no quote of any kind) right before it is quoted
 * into a statement; nothing else is ever put into SQL.
 */
class HostConnection { // not final: unit tests stand in for a host
    /** Schema names: Pterodactyl's alpha_dash, within MySQL's 64 characters. */
    static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** User names: within MySQL's 32 characters. */
    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_]{1,32}");
    /** Host patterns a user may connect from (Pterodactyl's rule for remote): %, an address, 10.0.0.%, a name. */
    static final Pattern REMOTE = Pattern.compile("[A-Za-z0-9_\\-/.%:]{1,253}");
    /** Passwords the panel generates. */
    static final Pattern PASSWORD = Pattern.compile("[A-Za-z0-9]{16,128}");

    /** Where and as whom the panel logs in. */
    record Target(String host, int port, String username, String password) {
        @Override
        public String toString() {
            return username + "@" + host + ":" + port; // never the password
        }
    }

    /** A server's database and the one user that may use it. */
    record Account(String database, String username, String remote) {
    }

    /**
     * A statement the host refused, or no connection: the driver's message with every password
     * redacted ({@link #redact}). The driver's exception is not kept as the cause: its message
     * may quote a statement with the password in it.
     */
    static final class HostException extends Exception {
        HostException(String message) {
            super(message);
        }
    }

    /** {@code IDENTIFIED BY 'x'} (or {@code IDENTIFIED BY PASSWORD 'x'}) as a driver may quote it back. */
    private static final Pattern IDENTIFIED_BY = Pattern.compile("(?i)(IDENTIFIED\\s+BY\\s+(?:PASSWORD\\s+)?)(['\"])(.*?)(\\2|$)");

    private final Duration connectTimeout;
    private final Duration socketTimeout;

    HostConnection(Duration connectTimeout, Duration socketTimeout) {
        this.connectTimeout = connectTimeout;
        this.socketTimeout = socketTimeout;
    }

    /** Logs in and runs {@code SELECT 1}: the credentials work. */
    void check(Target target) throws HostException {
        run(target, List.of("SELECT 1"));
    }

    /**
     * Creates the schema, the user (identified by {@code password}, at most {@code maxConnections}
     * at once when above 0) and grants the user every privilege on that schema only. If a step
     * fails, what was made is dropped again.
     */
    void create(Target target, Account account, String password, int maxConnections) throws HostException {
        String user = user(account);
        String limit = maxConnections > 0 ? " WITH MAX_USER_CONNECTIONS " + maxConnections : "";
        List<String> steps = List.of("CREATE DATABASE " + identifier(account.database()),
                "CREATE USER " + user + " IDENTIFIED BY " + literal(password, PASSWORD) + limit,
                grant(account.database(), user),
                "FLUSH PRIVILEGES");
        int[] done = {0};
        try {
            run(target, steps, done);
        } catch (HostException e) {
            // Only what this call made is dropped: a schema or user that already existed is left alone.
            List<String> undo = new ArrayList<>();
            if (done[0] >= 2) {
                undo.add("DROP USER IF EXISTS " + user);
            }
            if (done[0] >= 1) {
                undo.add("DROP DATABASE IF EXISTS " + identifier(account.database()));
            }
            if (!undo.isEmpty()) {
                try {
                    run(target, undo, new int[1]);
                } catch (HostException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
    }

    /** Gives the user a new password. */
    void rotate(Target target, Account account, String password) throws HostException {
        run(target, List.of("ALTER USER " + user(account) + " IDENTIFIED BY " + literal(password, PASSWORD),
                "FLUSH PRIVILEGES"));
    }

    /** Drops the schema and the user; either already gone is fine, so this can be repeated. */
    void drop(Target target, Account account) throws HostException {
        run(target, List.of("DROP DATABASE IF EXISTS " + identifier(account.database()),
                "DROP USER IF EXISTS " + user(account), "FLUSH PRIVILEGES"));
    }

    private static String user(Account account) {
        return literal(account.username(), USERNAME) + "@" + literal(account.remote(), REMOTE);
    }

    /**
     * The grant of every privilege on the schema only. In a database-level GRANT, MySQL and MariaDB
     * read {@code _} and {@code %} in the name as wildcards, so {@code s10_1_data} would also match
     * another server's {@code s1001_data}: both are escaped with a backslash here (and only here:
     * CREATE and DROP DATABASE take the name literally).
     */
    static String grant(String database, String user) {
        String pattern = checked(database, DATABASE).replace("_", "\\_").replace("%", "\\%");
        return "GRANT ALL PRIVILEGES ON `" + pattern + "`.* TO " + user;
    }

    /** A back-quoted schema name, refused unless it matches {@link #DATABASE}. */
    static String identifier(String name) {
        return "`" + checked(name, DATABASE) + "`";
    }

    /** A single-quoted string, refused unless it matches {@code pattern} (none of which admits a quote or a backslash). */
    static String literal(String value, Pattern pattern) {
        return "'" + checked(value, pattern) + "'";
    }

    private static String checked(String value, Pattern pattern) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("Refusing to put an unchecked value into SQL (pattern " + pattern + ")");
        }
        return value;
    }

    private void run(Target target, List<String> statements) throws HostException {
        run(target, statements, new int[1]);
    }

    /** Runs the statements (built, and so checked, before any connection is made) in order; {@code done[0]} counts those that ran. */
    private void run(Target target, List<String> statements, int[] done) throws HostException {
        try (Connection connection = open(target); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout((int) Math.max(1, socketTimeout.toSeconds()));
            for (String sql : statements) {
                statement.execute(sql);
                done[0]++;
            }
        } catch (SQLException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            List<String> secrets = new ArrayList<>();
            secrets.add(target.password());
            for (String sql : statements) {
                Matcher quoted = IDENTIFIED_BY.matcher(sql);
                while (quoted.find()) {
                    secrets.add(quoted.group(3));
                }
            }
            throw new HostException(redact(message, secrets));
        }
    }

    /**
     * The host's error text without a password: every occurrence of one of {@code secrets} (the
     * statements' passwords, the panel's own) becomes {@code ***}, and so does whatever is quoted
     * after {@code IDENTIFIED BY}, even cut short by the driver.
     */
    static String redact(String message, List<String> secrets) {
        String redacted = message;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                redacted = redacted.replace(secret, "***");
            }
        }
        return IDENTIFIED_BY.matcher(redacted).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2) + "***"
                + m.group(4)));
    }

    private Connection open(Target target) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", target.username());
        properties.setProperty("password", target.password() == null ? "" : target.password());
        properties.setProperty("connectTimeout", String.valueOf(connectTimeout.toMillis()));
        properties.setProperty("socketTimeout", String.valueOf(socketTimeout.toMillis()));
        // Never let a host read the panel's files or run several statements from one string.
        properties.setProperty("allowLocalInfile", "false");
        properties.setProperty("allowMultiQueries", "false");
        properties.setProperty("autocommit", "true");
        String host = target.host().contains(":") ? "[" + target.host() + "]" : target.host();
        return DriverManager.getConnection("jdbc:mariadb://" + host + ":" + target.port() + "/", properties);
    }
}
