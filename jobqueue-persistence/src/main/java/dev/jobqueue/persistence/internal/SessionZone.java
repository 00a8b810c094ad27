package dev.jobqueue.persistence.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The time zone of the queue's database sessions, and the times it cannot store. jobqueue
 * writes UTC wall-clock text into {@code TIMESTAMP} columns, as the Go library does, and the
 * server reads that text in the session's zone. In a zone with daylight saving (a server
 * whose zone is Europe/Berlin, say) the text of one hour a year names a local time the clocks
 * skip ({@code 2027-03-28 02:30:00}): the server refuses it, or in a lenient SQL mode stores
 * another time, so neither a job due then nor a lease ending then could be written.
 * {@link #storable(Instant)} moves such a time to the end of the skipped hour: a job runs up
 * to an hour late that night, never early, and a lease lasts up to an hour longer.
 *
 * <p>The zone is asked of the server once, at the first write.
 */
final class SessionZone {

    private static final Logger LOGGER = LoggerFactory.getLogger(SessionZone.class);
    private static final String SELECT_ZONE = "SELECT @@session.time_zone, @@system_time_zone";

    private final JdbcTemplate jdbc;
    private volatile @Nullable ZoneRules rules;
    private volatile boolean resolved;

    SessionZone(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** {@code time}, or the end of the skipped hour its UTC wall-clock text falls into. */
    Instant storable(Instant time) {
        ZoneRules zone = rules();
        if (zone == null || zone.isFixedOffset()) {
            return time;
        }
        LocalDateTime text = LocalDateTime.ofInstant(time, ZoneOffset.UTC);
        if (!zone.getValidOffsets(text).isEmpty()) {
            return time;
        }
        ZoneOffsetTransition gap = zone.getTransition(text);
        return gap.getDateTimeAfter().toInstant(ZoneOffset.UTC);
    }

    private @Nullable ZoneRules rules() {
        if (!resolved) {
            synchronized (this) {
                if (!resolved) {
                    resolve();
                }
            }
        }
        return rules;
    }

    private void resolve() {
        Map<String, @Nullable Object> zone;
        try {
            zone = jdbc.queryForMap(SELECT_ZONE);
        } catch (DataAccessException e) {
            return;
        }
        List<Object> values = List.copyOf(zone.values());
        String session = String.valueOf(values.get(0));
        String name = "SYSTEM".equalsIgnoreCase(session) ? String.valueOf(values.get(1)) : session;
        rules = parse(name);
        if (rules == null) {
            LOGGER.warn(
                    "The database session's time zone {} is not one Java knows; if it has daylight saving, a "
                            + "job due or a lease ending in the hour its clocks skip cannot be written. Run the server at "
                            + "UTC to be safe",
                    name);
        }
        resolved = true;
    }

    private static @Nullable ZoneRules parse(String name) {
        for (Map<String, String> aliases : List.of(Map.<String, String>of(), ZoneId.SHORT_IDS)) {
            try {
                return ZoneId.of(name, aliases).getRules();
            } catch (DateTimeException e) {
                // try the next way of reading it
            }
        }
        return null;
    }
}
