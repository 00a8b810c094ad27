package dev.jobqueue.persistence.partition;

import dev.jobqueue.domain.TableName;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The queue's maintenance lease: one row of {@code X_locks}, won with a guarded {@code UPDATE}
 * (the row's lease has expired, or is ours), renewed in the background while a round runs, and
 * given up at its end. Unlike {@code GET_LOCK}, which a Galera node grants locally, the row is
 * replicated: two nodes that race for it both write it, and certification lets one commit win
 * (the other gets error 1213 and loses). The lease ends by the database's clock, so one node's
 * clock never decides alone.
 */
final class MaintenanceLease implements AutoCloseable {

    static final String PARTITIONS = "partitions";
    static final Duration LENGTH = Duration.ofSeconds(60);

    private static final Logger LOGGER = LoggerFactory.getLogger(MaintenanceLease.class);
    private static final ScheduledExecutorService RENEWER = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "jobqueue-maintenance-lease");
        thread.setDaemon(true);
        return thread;
    });

    private static final String CREATE = """
            CREATE TABLE IF NOT EXISTS %s (
                `name` varchar(64) NOT NULL,
                `owner` varchar(128) NOT NULL,
                `expires_at` timestamp(3) NOT NULL DEFAULT '1970-01-01 00:00:01.000',
                PRIMARY KEY (`name`)
            ) ENGINE = InnoDB
            """;
    private static final String INSERT = """
            INSERT IGNORE INTO %s (name, owner, expires_at) VALUES (?, '', '1970-01-01 00:00:01.000')
            """;
    private static final String TAKE = """
            UPDATE %s SET owner = ?, expires_at = CURRENT_TIMESTAMP(3) + INTERVAL ? SECOND
            WHERE name = ? AND (expires_at <= CURRENT_TIMESTAMP(3) OR owner = ?)
            """;
    private static final String RENEW = """
            UPDATE %s SET expires_at = CURRENT_TIMESTAMP(3) + INTERVAL ? SECOND WHERE name = ? AND owner = ?
            """;
    private static final String RELEASE = """
            UPDATE %s SET expires_at = CURRENT_TIMESTAMP(3) WHERE name = ? AND owner = ?
            """;

    private final JdbcTemplate jdbc;
    private final TableName table;
    private final String name;
    private final String owner;
    private final Duration length;
    private final AtomicBoolean lost = new AtomicBoolean();
    private @Nullable ScheduledFuture<?> renewal;

    private MaintenanceLease(JdbcTemplate jdbc, TableName table, String name, String owner, Duration length) {
        this.jdbc = jdbc;
        this.table = table;
        this.name = name;
        this.owner = owner;
        this.length = length;
    }

    /**
     * Takes the lease {@code name} of {@code table} without waiting.
     *
     * @return the lease, renewed every third of its length until closed, or empty when another
     *     owner holds it (or won the race for it in the same instant)
     */
    static Optional<MaintenanceLease> take(DataSource dataSource, TableName table, String name, Duration length) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        MaintenanceLease lease = new MaintenanceLease(jdbc, table, name, newOwner(), length);
        if (!lease.tryTake()) {
            return Optional.empty();
        }
        long every = Math.max(1, length.toMillis() / 3);
        lease.renewal = RENEWER.scheduleWithFixedDelay(lease::renew, every, every, TimeUnit.MILLISECONDS);
        return Optional.of(lease);
    }

    /** Who holds the lease: this process and a random part, so that every round is its own owner. */
    String owner() {
        return owner;
    }

    /**
     * Fails when the lease was lost (a renewal found another owner on the row): the round must
     * stop before its next statement, since another node may be running one.
     */
    void ensureHeld() {
        if (lost.get()) {
            throw new PartitionMaintenanceException(
                    table,
                    "the maintenance lease " + name + " in " + table.locks()
                            + " was taken over by another node (a renewal found it held by another owner), so the round"
                            + " stopped; the next round starts again from the tables' actual layout");
        }
    }

    private boolean tryTake() {
        try {
            ensureRow();
            return jdbc.update(TAKE.formatted(quoted()), owner, seconds(), name, owner) == 1;
        } catch (PessimisticLockingFailureException e) {
            // Galera: another node's write of the row certified first; that node won.
            LOGGER.debug("Lost the race for the lease {} in {}: {}", name, table.locks(), e.getMessage());
            return false;
        }
    }

    private void ensureRow() {
        try {
            jdbc.update(INSERT.formatted(quoted()), name);
        } catch (BadSqlGrammarException e) {
            // Tables created outside jobqueue's migration have no leases table yet.
            jdbc.execute(CREATE.formatted(quoted()));
            jdbc.update(INSERT.formatted(quoted()), name);
        }
    }

    private void renew() {
        if (lost.get()) {
            return;
        }
        try {
            if (jdbc.update(RENEW.formatted(quoted()), seconds(), name, owner) != 1) {
                lost.set(true);
                LOGGER.warn(
                        "The maintenance lease {} in {} is held by another owner now; stopping the round",
                        name,
                        table.locks());
            }
        } catch (DataAccessException e) {
            // The next renewal tries again; the lease lasts three renewal periods.
            LOGGER.warn("Could not renew the maintenance lease {} in {}: {}", name, table.locks(), e.getMessage());
        }
    }

    @Override
    public void close() {
        if (renewal != null) {
            renewal.cancel(false);
        }
        try {
            jdbc.update(RELEASE.formatted(quoted()), name, owner);
        } catch (DataAccessException e) {
            LOGGER.warn(
                    "Could not give up the maintenance lease {} in {}; it ends by itself within {}: {}",
                    name,
                    table.locks(),
                    length,
                    e.getMessage());
        }
    }

    private long seconds() {
        return Math.max(1, length.toSeconds());
    }

    private String quoted() {
        return PartitionDdl.quote(table.locks());
    }

    private static String newOwner() {
        String process = ManagementFactory.getRuntimeMXBean().getName();
        return process.substring(0, Math.min(process.length(), 90)) + "/" + UUID.randomUUID();
    }
}
