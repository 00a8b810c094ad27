package dev.jobqueue.persistence.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A UTC clock that follows the database server's clock: the local clock plus the offset
 * between it and the server's {@code UTC_TIMESTAMP(6)}, measured when the clock is created and
 * again in the background at most once per {@link #RESYNC_INTERVAL}. Nodes whose own clocks
 * disagree then agree on "now" to within the measurement error (half a round trip), so a node
 * whose clock runs ahead neither runs a job early nor takes the lease of a healthy job. Hand it
 * to {@link JobQueueSettings#withClock(Clock)}; the Spring Boot starter does.
 *
 * <p>Reading the clock never waits for the database. A failed measurement keeps the last
 * offset (zero before the first success) and is logged.
 */
public final class DatabaseClock extends Clock {

    /** How old the last measurement may get before a read of the clock starts a new one. */
    public static final Duration RESYNC_INTERVAL = Duration.ofMinutes(1);

    private static final Logger LOGGER = LoggerFactory.getLogger(DatabaseClock.class);
    private static final String SELECT_NOW = "SELECT UTC_TIMESTAMP(6)";
    /** Offsets beyond this are logged at WARN: the node's clock (or the server's) needs NTP. */
    private static final Duration LARGE_OFFSET = Duration.ofSeconds(1);

    private static final int SAMPLES = 3;

    private final JdbcTemplate jdbc;
    private final Clock local;
    private final AtomicBoolean measuring = new AtomicBoolean();
    private volatile Duration offset = Duration.ZERO;
    private volatile Instant measuredAt = Instant.MIN;

    private DatabaseClock(DataSource dataSource, Clock local) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.local = local;
    }

    /**
     * A clock that follows the server of {@code dataSource}, measured once before it returns.
     *
     * @param local the node's own clock, such as {@link Clock#systemUTC()}
     */
    public static DatabaseClock following(DataSource dataSource, Clock local) {
        DatabaseClock clock = new DatabaseClock(dataSource, local);
        clock.synchronize();
        return clock;
    }

    /**
     * Measures the offset now: the best of three round trips.
     *
     * @return the offset in use afterwards (server time minus local time)
     */
    public Duration synchronize() {
        try {
            Duration bestRoundTrip = null;
            Duration bestOffset = offset;
            for (int i = 0; i < SAMPLES; i++) {
                Instant sent = local.instant();
                LocalDateTime server = jdbc.queryForObject(SELECT_NOW, LocalDateTime.class);
                Instant received = local.instant();
                Duration roundTrip = Duration.between(sent, received);
                if (server != null && (bestRoundTrip == null || roundTrip.compareTo(bestRoundTrip) < 0)) {
                    bestRoundTrip = roundTrip;
                    bestOffset = Duration.between(sent.plus(roundTrip.dividedBy(2)), server.toInstant(ZoneOffset.UTC));
                }
            }
            if (bestOffset.abs().compareTo(LARGE_OFFSET) > 0 && !bestOffset.equals(offset)) {
                LOGGER.warn(
                        "The database server's clock is {} ahead of this node's (negative: behind); jobqueue "
                                + "follows the server's",
                        bestOffset);
            }
            offset = bestOffset;
        } catch (DataAccessException e) {
            LOGGER.warn(
                    "Could not read the database server's clock, keeping the offset {}: {}", offset, e.getMessage());
        }
        measuredAt = local.instant();
        return offset;
    }

    /** The offset in use: server time minus local time. */
    public Duration offset() {
        return offset;
    }

    @Override
    public Instant instant() {
        Instant now = local.instant();
        Duration current = offset;
        if (Duration.between(measuredAt, now).compareTo(RESYNC_INTERVAL) > 0 && measuring.compareAndSet(false, true)) {
            Thread thread = new Thread(
                    () -> {
                        try {
                            synchronize();
                        } finally {
                            measuring.set(false);
                        }
                    },
                    "jobqueue-clock-sync");
            thread.setDaemon(true);
            thread.start();
        }
        return now.plus(current);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** This clock's instants, seen in {@code zone}. */
    @Override
    public Clock withZone(ZoneId zone) {
        if (zone.equals(ZoneOffset.UTC)) {
            return this;
        }
        DatabaseClock utc = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return utc.withZone(other);
            }

            @Override
            public Instant instant() {
                return utc.instant();
            }
        };
    }
}
