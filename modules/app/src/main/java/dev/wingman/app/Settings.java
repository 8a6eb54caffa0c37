package dev.wingman.app;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;

/**
 * Turns Wingman's documented environment variables into the configuration keys Helidon reads,
 * before configuration is built. Every variable also works as a system property of the
 * lower-case dotted name (WINGMAN_DATABASE_URL = wingman.database.url).
 */
final class Settings {
    private static final Logger LOG = Logger.getLogger(Settings.class.getName());

    private Settings() {
    }

    static String get(String key) {
        String property = System.getProperty(key);
        if (property != null && !property.isBlank()) {
            return property;
        }
        String env = System.getenv(key.toUpperCase().replace('.', '_').replace('-', '_'));
        return env == null || env.isBlank() ? null : env;
    }

    static void applyEnvironment() {
        String url = get("wingman.database.url");
        if (url != null) {
            String[] jdbc = toJdbc(url);
            System.setProperty("wingman.database.url", jdbc[0]);
            setIfPresent("javax.sql.DataSource.wingman.dataSource.user", jdbc[1] != null ? jdbc[1] : get("wingman.database.user"));
            setIfPresent("javax.sql.DataSource.wingman.dataSource.password",
                    jdbc[2] != null ? jdbc[2] : get("wingman.database.password"));
        }
    }

    private static void setIfPresent(String key, String value) {
        if (value != null) {
            System.setProperty(key, value);
        }
    }

    /**
     * Accepts a JDBC URL as it is, or a {@code postgres://user:password@host:port/db} URL as hosting
     * platforms hand them out; answers {jdbcUrl, user or null, password or null}.
     */
    static String[] toJdbc(String url) {
        if (url.startsWith("jdbc:")) {
            return new String[] {url, null, null};
        }
        if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
            URI uri = URI.create(url);
            String user = null;
            String password = null;
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
                password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
            }
            String port = uri.getPort() > 0 ? ":" + uri.getPort() : "";
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            return new String[] {"jdbc:postgresql://" + uri.getHost() + port + uri.getRawPath() + query, user, password};
        }
        LOG.warning("WINGMAN_DATABASE_URL is neither a jdbc:postgresql:// nor a postgres:// URL; passing it on unchanged");
        return new String[] {url, null, null};
    }
}
