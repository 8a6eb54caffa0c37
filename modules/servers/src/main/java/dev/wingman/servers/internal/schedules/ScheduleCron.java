package dev.wingman.servers.internal.schedules;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.wingman.servers.internal.client.ClientServers;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * When a schedule fires: Pterodactyl's five cron fields (minute, hour, day of month, month, day of
 * week; {@code *}, lists, ranges, steps and names, as Unix cron reads them) and the IANA time zone
 * they are read in. Parsing, validation and next times are cron-utils' (its Unix definition), never
 * hand-written. Immutable.
 */
@Embeddable
public record ScheduleCron(
        @Column(name = "cron_minute", nullable = false) String minute,
        @Column(name = "cron_hour", nullable = false) String hour,
        @Column(name = "cron_day_of_month", nullable = false) String dayOfMonth,
        @Column(name = "cron_month", nullable = false) String month,
        @Column(name = "cron_day_of_week", nullable = false) String dayOfWeek,
        @Column(name = "timezone", nullable = false) String timezone) {

    private static final CronDefinition UNIX = CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX);
    private static final CronParser PARSER = new CronParser(UNIX);
    /** Longest accepted field; cron fields are short, this bounds what the parser is handed. */
    private static final int MAX_FIELD = 255;
    public static final String DEFAULT_ZONE = "UTC";

    /**
     * A checked cron: each field on its own first (so a 422 names the field), then the whole
     * expression, and the zone among the IANA names Java knows.
     */
    public static ScheduleCron of(String minute, String hour, String dayOfMonth, String month, String dayOfWeek,
                                  String timezone) {
        String zone = timezone == null ? DEFAULT_ZONE : timezone.trim();
        ScheduleCron cron = new ScheduleCron(field("minute", minute), field("hour", hour), field("day_of_month", dayOfMonth),
                field("month", month), field("day_of_week", dayOfWeek), zone);
        String[] names = {"minute", "hour", "day_of_month", "month", "day_of_week"};
        String[] values = {cron.minute, cron.hour, cron.dayOfMonth, cron.month, cron.dayOfWeek};
        for (int i = 0; i < names.length; i++) {
            String[] alone = {"*", "*", "*", "*", "*"};
            alone[i] = values[i];
            try {
                parse(String.join(" ", alone));
            } catch (IllegalArgumentException e) {
                throw ClientServers.invalid(names[i], "The " + names[i] + " field is not a valid cron field: " + values[i]);
            }
        }
        try {
            parse(cron.expression());
        } catch (IllegalArgumentException e) {
            throw ClientServers.invalid("cron", "The cron data provided does not evaluate to a valid expression.");
        }
        try {
            if (!ZoneId.getAvailableZoneIds().contains(zone) && !zone.equals(DEFAULT_ZONE)) {
                throw new DateTimeException(zone);
            }
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw ClientServers.invalid("timezone", "The timezone must be an IANA time zone name such as Europe/Berlin.");
        }
        // 31 February and the like: valid fields that never meet would be stored and never run.
        if (cron.nextAfter(Instant.now()) == null) {
            throw ClientServers.invalid("cron", "The cron data provided never matches a date.");
        }
        return cron;
    }

    private static String field(String name, String value) {
        if (value == null || value.isBlank()) {
            throw ClientServers.invalid(name, "The " + name + " field is required.");
        }
        if (value.length() > MAX_FIELD) {
            throw ClientServers.invalid(name, "The " + name + " field may not be greater than " + MAX_FIELD
                    + " characters.");
        }
        String trimmed = value.trim();
        if (trimmed.contains(" ") || trimmed.contains("\t")) {
            throw ClientServers.invalid(name, "The " + name + " field is not a valid cron field: " + trimmed);
        }
        return trimmed;
    }

    private static Cron parse(String expression) {
        return PARSER.parse(expression).validate();
    }


    /** The five fields as one cron expression. */
    public String expression() {
        return String.join(" ", minute, hour, dayOfMonth, month, dayOfWeek);
    }

    public ZoneId zone() {
        return ZoneId.of(timezone);
    }

    private ExecutionTime execution() {
        return ExecutionTime.forCron(parse(expression()));
    }

    /** The first time after {@code after} at which the cron matches in its zone; null if it never does again. */
    public Instant nextAfter(Instant after) {
        Optional<ZonedDateTime> next = execution().nextExecution(after.atZone(zone()));
        return next.map(t -> t.toInstant()).orElse(null);
    }

    /** The latest time at or before {@code at} at which the cron matches in its zone; null if none. */
    public Instant latestAtOrBefore(Instant at) {
        ZonedDateTime probe = at.plusNanos(1).atZone(zone());
        return execution().lastExecution(probe).map(t -> t.toInstant()).orElse(null);
    }
}
