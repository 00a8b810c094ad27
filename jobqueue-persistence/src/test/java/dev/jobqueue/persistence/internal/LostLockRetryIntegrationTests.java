package dev.jobqueue.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.lifecycle.Transition;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A queue operation that loses a real InnoDB lock conflict, provoked on purpose and in a fixed
 * order: a raw JDBC transaction locks the rows the operation needs in the opposite order. The
 * raw transaction first updates 1,000 unrelated rows, so it is the heavier one and InnoDB rolls
 * back the queue's transaction (1213); or it holds a row past {@code innodb_lock_wait_timeout}
 * (1205). Either way {@link LockRetry} runs the operation again, it succeeds, changes its rows
 * exactly once, and {@link JobQueue#lockContention()} counts exactly one retry. The racing tests
 * in {@link LockContentionIntegrationTests} may or may not meet a conflict; these always do.
 */
@ExtendWith(TestDatabaseExtension.class)
class LostLockRetryIntegrationTests {

    private static final JobType TYPE = JobType.of(1);
    private static final Tenant TENANT = Tenant.of(1);
    private static final Duration BOUND = Duration.ofSeconds(30);
    /** More than the 100 ms for which InnoDB serves {@code information_schema.INNODB_LOCK_WAITS} from a cache. */
    private static final Duration VIEW_REFRESH = Duration.ofMillis(150);

    private final ExecutorService threads = Executors.newFixedThreadPool(1);

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void batchCompletionThatLosesADeadlockIsRetriedAndCompletesEachJobOnce(TestSchema schema) throws Exception {
        TableName table = TableName.of("batchdeadlock");
        JobQueueSchema.migrate(schema.dataSource(), table);
        JobQueue queue = JobQueue.create(
                schema.newDataSource(2), JobQueueSettings.defaults().withTable(table));
        queue.scheduleAll(
                List.of(NewJob.of(TYPE).tenant(TENANT), NewJob.of(TYPE).tenant(TENANT)));
        List<ClaimedJob> batch = queue.claim(TENANT, TYPE, 2, Duration.ofMinutes(5)).jobs().stream()
                .sorted(Comparator.comparing(job -> job.id().value()))
                .toList();
        ClaimedJob first = batch.get(0);
        ClaimedJob second = batch.get(1);

        Future<List<ClaimedJob>> completion;
        try (RawTransaction raw = RawTransaction.heavy(schema)) {
            raw.lockRow(table, second.id());
            // The completion's one UPDATE locks the rows in key order: it takes the first, waits for the second.
            completion = threads.submit(() -> queue.completeAll(batch));
            raw.awaitWaiter(completion);
            // Closes the cycle: InnoDB rolls back the lighter transaction, the completion's.
            raw.lockRow(table, first.id());
            raw.commit();
        }

        assertThat(completion.get(BOUND.toSeconds(), TimeUnit.SECONDS))
                .as("jobs no longer held")
                .isEmpty();
        assertThat(queue.lockContention()).isEqualTo(new LockContention(1, 0));
        for (ClaimedJob job : batch) {
            assertThat(queue.details(job.id())).hasValueSatisfying(details -> {
                assertThat(details.subStateCode()).isEqualTo(SubState.DONE);
                assertThat(details.version()).isEqualTo(job.version() + 1);
            });
        }
    }

    /**
     * The raw transaction locks the gap where a claim inserts its processing entry into
     * {@code claim_index}, then the row the claim holds: the claim loses the deadlock. Its retry
     * skips that row, which the raw transaction now holds ({@code SKIP LOCKED}), and claims the
     * next job; the row of the rolled back attempt is unchanged.
     */
    @Test
    void claimThatLosesADeadlockIsRetriedAndClaimsOneJobOnce(TestSchema schema) throws Exception {
        TableName table = TableName.of("claimdeadlock");
        JobQueueSchema.migrate(schema.dataSource(), table);
        JobQueue queue = JobQueue.create(
                schema.newDataSource(2), JobQueueSettings.defaults().withTable(table));
        List<JobId> ids =
                queue
                        .scheduleAll(List.of(
                                NewJob.of(TYPE).tenant(TENANT), NewJob.of(TYPE).tenant(TENANT)))
                        .stream()
                        .sorted(Comparator.comparing(JobId::value))
                        .toList();

        Future<ClaimBatch> claim;
        try (RawTransaction raw = RawTransaction.heavy(schema)) {
            raw.execute("SELECT id FROM %s FORCE INDEX (claim_index) WHERE job_type = %d AND state = 2 AND tenant = %d"
                            .formatted(table.jobs(), TYPE.id(), TENANT.value())
                    + " FOR UPDATE");
            claim = threads.submit(() -> queue.claim(TENANT, TYPE, 1, Duration.ofMinutes(5)));
            raw.awaitWaiter(claim);
            raw.lockRow(table, ids.get(0));
            // The retry skips that row, claims the other job and waits for the gap again: commit only then.
            await("the claim lost the deadlock")
                    .atMost(BOUND)
                    .until(() -> queue.lockContention().retries() == 1);
            raw.awaitWaiter(claim);
            raw.commit();
        }

        List<ClaimedJob> claimed =
                claim.get(BOUND.toSeconds(), TimeUnit.SECONDS).jobs();
        assertThat(queue.lockContention()).isEqualTo(new LockContention(1, 0));
        assertThat(claimed)
                .singleElement()
                .satisfies(job -> assertThat(job.id()).isEqualTo(ids.get(1)));
        assertThat(queue.details(ids.get(1))).hasValueSatisfying(details -> {
            assertThat(details.subStateCode()).isEqualTo(SubState.PROCESSING);
            assertThat(details.version()).isEqualTo(claimed.get(0).version());
        });
        assertThat(queue.details(ids.get(0))).hasValueSatisfying(details -> {
            assertThat(details.subStateCode()).isEqualTo(SubState.SCHEDULED);
            assertThat(details.version()).isEqualTo(claimed.get(0).version() - 1);
        });
    }

    @Test
    void completionThatTimesOutOnALockIsRetriedAndCompletesOnceAfterTheHolderCommits(TestSchema schema)
            throws Exception {
        TableName table = TableName.of("lockwait");
        JobQueueSchema.migrate(schema.dataSource(), table);
        JobQueue queue = JobQueue.create(
                schema.newDataSource(2, "sessionVariables=innodb_lock_wait_timeout=1"),
                JobQueueSettings.defaults().withTable(table));
        queue.schedule(NewJob.of(TYPE).tenant(TENANT));
        ClaimedJob job =
                queue.claim(TENANT, TYPE, 1, Duration.ofMinutes(5)).jobs().get(0);

        Future<Transition> completion;
        long started = System.nanoTime();
        try (RawTransaction raw = RawTransaction.light(schema)) {
            raw.lockRow(table, job.id());
            completion = threads.submit(() -> queue.complete(job));
            // The first attempt waits 1 s and fails with 1205; the holder commits while the second one waits.
            await("the completion timed out once")
                    .atMost(BOUND)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> queue.lockContention().retries() == 1);
            raw.commit();
        }

        assertThat(completion.get(BOUND.toSeconds(), TimeUnit.SECONDS).to()).isEqualTo(SubState.DONE);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(queue.lockContention()).isEqualTo(new LockContention(1, 0));
        assertThat(queue.details(job.id())).hasValueSatisfying(details -> {
            assertThat(details.subStateCode()).isEqualTo(SubState.DONE);
            assertThat(details.version()).isEqualTo(job.version() + 1);
        });
    }

    /** A JDBC transaction outside the queue, optionally made heavy with 1,000 updated unrelated rows. */
    private static final class RawTransaction implements AutoCloseable {

        private final Connection connection;

        private RawTransaction(Connection connection) {
            this.connection = connection;
        }

        static RawTransaction light(TestSchema schema) throws SQLException {
            Connection connection = schema.dataSource().getConnection();
            connection.setAutoCommit(false);
            return new RawTransaction(connection);
        }

        static RawTransaction heavy(TestSchema schema) throws SQLException {
            JdbcTemplate jdbc = new JdbcTemplate(schema.dataSource());
            jdbc.execute("CREATE TABLE IF NOT EXISTS ballast (id INT PRIMARY KEY, n INT NOT NULL) ENGINE=InnoDB");
            jdbc.execute("INSERT IGNORE INTO ballast WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s"
                    + " WHERE i < 1000) SELECT i, 0 FROM s");
            RawTransaction raw = light(schema);
            raw.execute("UPDATE ballast SET n = n + 1");
            return raw;
        }

        void lockRow(TableName table, JobId id) throws SQLException {
            try (PreparedStatement lock =
                    connection.prepareStatement("SELECT version FROM " + table.jobs() + " WHERE id = ? FOR UPDATE")) {
                lock.setString(1, id.value());
                lock.executeQuery().close();
            }
        }

        void execute(String sql) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }

        /** Waits until the operation waits for a lock this transaction holds; fails if it ended instead. */
        void awaitWaiter(Future<?> operation) throws Exception {
            try {
                // InnoDB refreshes its information_schema view of locks only when nobody read it for 100 ms.
                await("a transaction waits for the raw one")
                        .atMost(BOUND)
                        .pollDelay(VIEW_REFRESH)
                        .pollInterval(VIEW_REFRESH)
                        .until(() -> waiters() > 0 || operation.isDone());
            } catch (ConditionTimeoutException e) {
                throw new AssertionError(
                        "No transaction waited for the raw one (connection " + connectionId()
                                + "); InnoDB's transactions and lock waits:\n" + innodbTransactions(),
                        e);
            }
            if (operation.isDone()) {
                throw new AssertionError(
                        "The operation ended without waiting for the raw transaction: " + operation.get());
            }
        }

        private String innodbTransactions() throws SQLException {
            StringBuilder dump = new StringBuilder();
            for (String sql : List.of(
                    "SELECT trx_id, trx_state, trx_mysql_thread_id, trx_query" + " FROM information_schema.INNODB_TRX",
                    "SELECT requesting_trx_id, requested_lock_id,"
                            + " blocking_trx_id, blocking_lock_id FROM information_schema.INNODB_LOCK_WAITS")) {
                try (Statement statement = connection.createStatement();
                        ResultSet rs = statement.executeQuery(sql)) {
                    while (rs.next()) {
                        for (int column = 1; column <= 4; column++) {
                            dump.append(rs.getString(column)).append(column < 4 ? " " : "\n");
                        }
                    }
                }
            }
            return dump.toString();
        }

        /**
         * Lock waits on this transaction, found through its connection id in the same query: InnoDB's
         * view may still show an earlier transaction of this pooled connection, and both tables come
         * from the same cached snapshot.
         */
        private int waiters() throws SQLException {
            // A plain read of InnoDB's own view, in this transaction: it takes no lock.
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM information_schema.INNODB_LOCK_WAITS w"
                            + " JOIN information_schema.INNODB_TRX t ON t.trx_id = w.blocking_trx_id"
                            + " WHERE t.trx_mysql_thread_id = CONNECTION_ID()")) {
                rs.next();
                return rs.getInt(1);
            }
        }

        private long connectionId() throws SQLException {
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT CONNECTION_ID()")) {
                rs.next();
                return rs.getLong(1);
            }
        }

        void commit() throws SQLException {
            connection.commit();
        }

        @Override
        public void close() throws SQLException {
            connection.rollback();
            connection.close();
        }
    }
}
