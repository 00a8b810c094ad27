package dev.jobqueue.persistence.partition;

import dev.jobqueue.domain.TableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keeps the partitions of a queue's two tables, {@code X} and {@code X_data}, in step with time.
 * Each {@link #maintain()} round:
 * <ol>
 *   <li>takes the queue's maintenance lease (the row {@code partitions} of {@code X_locks}, won
 *       with a guarded {@code UPDATE}, so it holds on a Galera cluster too) without waiting, and
 *       skips the round if another node holds it; the lease is renewed while the round runs and
 *       given up at its end;
 *   <li>gives both tables a partition for every ISO week from the current one to the week of
 *       now + {@linkplain PartitionSettings#horizon() horizon}, named {@code pYYYYwWW} and bounded
 *       by Monday 00:00 UTC, by splitting the catch-all {@code pmax} (rows in it move to their
 *       new partitions); adds a catch-all where there is none; and gives both tables the same
 *       bounds where they differ;
 *   <li>drops, on both tables, each partition whose range ended more than the
 *       {@linkplain PartitionSettings#retention() retention} ago, unless it holds a scheduled or
 *       processing job; the {@link PartitionDropHook} runs before each drop.
 * </ol>
 * A round is idempotent, so any number of nodes may run it on any schedule.
 *
 * @since 0.1.0
 */
public final class PartitionMaintainer {

    private static final Logger LOGGER = LoggerFactory.getLogger(PartitionMaintainer.class);

    private final DataSource dataSource;
    private final TableName table;
    private final Clock clock;
    private final PartitionSettings settings;
    private final MaintenanceRound round;
    private final PartitionListing listing;

    /** A maintainer without a drop hook. */
    public PartitionMaintainer(DataSource dataSource, TableName table, Clock clock, PartitionSettings settings) {
        this(dataSource, table, clock, settings, PartitionDropHook.NONE);
    }

    /**
     * @param dataSource the queue's database; a round borrows one connection for its duration
     * @param table the queue whose tables {@code X} and {@code X_data} are maintained
     * @param clock what "now" is; weeks are computed in UTC whatever its zone
     * @param settings horizon, retention and DDL lock wait
     * @param hook runs before each drop, {@link PartitionDropHook#NONE} for none
     */
    public PartitionMaintainer(
            DataSource dataSource, TableName table, Clock clock, PartitionSettings settings, PartitionDropHook hook) {
        this.dataSource = dataSource;
        this.table = table;
        this.clock = clock;
        this.settings = settings;
        this.round = new MaintenanceRound(table, settings, hook);
        this.listing = new PartitionListing(table, settings);
    }

    /**
     * Runs one round.
     *
     * @return what the round created, dropped and kept, or that it was skipped
     * @throws PartitionMaintenanceException if a statement or the drop hook failed; what was
     *     done before stays done
     */
    public MaintenanceReport maintain() {
        Instant now = clock.instant();
        try {
            Optional<MaintenanceLease> lease =
                    MaintenanceLease.take(dataSource, table, MaintenanceLease.PARTITIONS, MaintenanceLease.LENGTH);
            if (lease.isEmpty()) {
                LOGGER.debug("Skipping partition maintenance of {}: another node holds its lease", table.jobs());
                return MaintenanceReport.skipped(now);
            }
            try (MaintenanceLease held = lease.get();
                    Connection connection = dataSource.getConnection();
                    MaintenanceSession session = MaintenanceSession.open(connection, settings.ddlLockWaitTimeout())) {
                return round.run(session.jdbc(), now, held::ensureHeld);
            }
        } catch (SQLException | DataAccessException e) {
            throw new PartitionMaintenanceException(table, Objects.requireNonNullElse(e.getMessage(), e.toString()), e);
        }
    }

    /**
     * Every partition of the jobs table, then every partition of {@code X_data}, each in bound
     * order, with its rows as the server estimates them and when a round will drop it (its end
     * plus the retention) or why none will: the catch-all never, adopted partitions not unless
     * {@link PartitionSettings#dropAdopted()}, a partition without a twin of the same range not
     * until a round repairs the bounds. Whether a partition still holds live jobs, which keeps
     * it past its drop time, is what {@link MaintenanceReport#keptLive()} of the last round says;
     * this read does not count rows. Reads {@code information_schema.partitions} only, four
     * small queries on a connection of the pool; takes no lease.
     *
     * @throws PartitionMaintenanceException if a table is missing or not partitioned as the
     *     changelog creates it
     */
    public List<PartitionInfo> partitions() {
        try {
            return listing.list(new JdbcTemplate(dataSource));
        } catch (DataAccessException e) {
            throw new PartitionMaintenanceException(table, Objects.requireNonNullElse(e.getMessage(), e.toString()), e);
        }
    }

    /** The queue whose tables this maintainer keeps. */
    public TableName table() {
        return table;
    }

    /** Horizon, retention and DDL lock wait of this maintainer. */
    public PartitionSettings settings() {
        return settings;
    }
}
