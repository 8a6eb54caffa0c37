package dev.wingman.platform.api;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The panel's migrations: where Flyway finds them and the layout rule they follow. Platform
 * applies them at start-up (before any other bean touches the database); this is public so that a
 * test seeing every module's scripts can check them against the same rule.
 *
 * <p>Each module keeps its migrations in its own jar under {@code db/migration/<module>/}; Flyway
 * scans {@code classpath:db/migration} recursively, so every module on the class path is found
 * without a list, and all of them form one history ordered by version. See {@link #checkLayout}
 * for the naming rule.
 */
public final class Migrations {
    /**
     * The last version of the numbered sequence every module once shared (V1..V15 when migrations
     * moved into the modules; V16 was being written in parallel). Those keep their numbers, so
     * databases that applied them keep validating; nothing new may use a plain number.
     */
    public static final int LAST_SEQUENCE_NUMBER = 16;
    /** A new migration's version: the UTC minute it was written, {@code yyyyMMddHHmm}. */
    private static final Pattern TIMESTAMP = Pattern.compile("20\\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])([01]\\d|2[0-3])[0-5]\\d");

    private static final String ROOT = "db/migration/";

    /** The panel's Flyway settings, without a data source. */
    public static FluentConfiguration configuration(ClassLoader loader) {
        return Flyway.configure(loader).locations("classpath:db/migration");
    }

    /**
     * Refuses to start when a migration on the class path breaks the rule that keeps modules from
     * colliding: it lies in its module's folder ({@code db/migration/<module>/V..__what.sql}), and
     * its version is either one of the old shared numbers (up to {@link #LAST_SEQUENCE_NUMBER}) or a
     * 12-digit UTC timestamp {@code yyyyMMddHHmm}. Two modules cannot pick the same number by
     * counting from the same last one; the same minute twice is refused by Flyway itself.
     * Migrations only in the database's history (not on the class path) are left to Flyway's
     * validation.
     */
    public static void checkLayout(MigrationInfo[] migrations) {
        List<String> broken = new ArrayList<>();
        for (MigrationInfo migration : migrations) {
            // Where the file is on the class path, not the script name in the history table: a
            // database migrated before the move recorded "V4__organisations_core.sql" without its folder.
            String location = migration.getPhysicalLocation();
            if (location == null || location.isEmpty() || migration.getVersion() == null) {
                continue; // only in the database's history (Flyway validates those), or repeatable
            }
            String path = location.replace('\\', '/');
            int root = path.lastIndexOf(ROOT);
            String script = root < 0 ? path : path.substring(root + ROOT.length());
            String problem = problem(script, migration.getVersion());
            if (problem != null) {
                broken.add(script + ": " + problem);
            }
        }
        if (!broken.isEmpty()) {
            throw new IllegalStateException("Migrations break the layout rule (docs/architecture.md, \"Adding a module\"): "
                    + String.join("; ", broken));
        }
    }

    /** What is wrong with a migration at {@code script} (relative to db/migration), or null. */
    public static String problem(String script, MigrationVersion version) {
        if (script.indexOf('/') <= 0 || script.indexOf('/') != script.lastIndexOf('/')) {
            return "must be in its module's folder, db/migration/<module>/";
        }
        String text = version.getVersion();
        if (text.matches("\\d+") && new BigInteger(text).compareTo(BigInteger.valueOf(LAST_SEQUENCE_NUMBER)) <= 0) {
            return null;
        }
        if (!TIMESTAMP.matcher(text).matches()) {
            return "version " + text + " must be the UTC minute it was written, yyyyMMddHHmm (V1.."
                    + LAST_SEQUENCE_NUMBER + " are the closed shared sequence)";
        }
        return null;
    }

    private Migrations() {
    }
}
