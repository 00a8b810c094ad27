package dev.jobqueue.persistence.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.jobqueue.domain.TableName;
import dev.jobqueue.test.MutableClock;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** Several nodes, each with a pool of its own, maintaining the same tables. */
@ExtendWith(TestDatabaseExtension.class)
class PartitionConcurrencyIntegrationTests {

    private static final MutableClock CLOCK = MutableClock.at("2026-11-25T10:15:30Z");
    private static final ExecutorService NODES = Executors.newFixedThreadPool(2);

    private static DataSource nodeA;
    private static DataSource nodeB;

    @BeforeAll
    static void startNodes(TestSchema schema) {
        nodeA = schema.newDataSource(4);
        nodeB = schema.newDataSource(4);
    }

    @AfterAll
    static void stopNodes() {
        NODES.shutdownNow();
    }

    @Test
    void twoMaintainersStartedTogetherNeverConflictOrFail(TestSchema schema) throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            PartitionTestTables tables = PartitionTestTables.migrated(schema.dataSource(), "together" + attempt);
            tables.insertJob("job", "2026-12-01T00:00:00Z", 1);
            CyclicBarrier start = new CyclicBarrier(2);

            CompletableFuture<MaintenanceReport> a = startedTogether(start, maintainer(nodeA, tables.table()));
            CompletableFuture<MaintenanceReport> b = startedTogether(start, maintainer(nodeB, tables.table()));
            List<MaintenanceReport> reports = List.of(a.get(30, TimeUnit.SECONDS), b.get(30, TimeUnit.SECONDS));

            assertThat(reports).anyMatch(report -> !report.isSkipped());
            List<PartitionRange> created = new ArrayList<>();
            reports.forEach(report -> created.addAll(report.created()));
            assertThat(created).doesNotHaveDuplicates().hasSize(18);
            assertThat(tables.layout(tables.table().jobs()))
                    .hasSize(10)
                    .isEqualTo(tables.layout(tables.table().jobsData()));
            assertThat(tables.idsIn(tables.table().jobs(), "p2026w49")).containsExactly("job");
        }
    }

    @Test
    void aRoundIsSkippedWithoutWaitingWhileAnotherNodeHoldsTheLease(TestSchema schema) throws Exception {
        PartitionTestTables tables = PartitionTestTables.migrated(schema.dataSource(), "held");
        List<String> before = tables.layout("held");
        JdbcTemplate otherNode = new JdbcTemplate(nodeB);
        otherNode.update("INSERT INTO held_locks (name, owner, expires_at)"
                + " VALUES ('partitions', 'other-node', CURRENT_TIMESTAMP(3) + INTERVAL 1 MINUTE)");

        long started = System.nanoTime();
        MaintenanceReport report = maintainer(nodeA, tables.table()).maintain();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(report.isSkipped()).isTrue();
        assertThat(report.created()).isEmpty();
        assertThat(tables.layout("held")).isEqualTo(before);
        assertThat(otherNode.queryForObject("SELECT owner FROM held_locks WHERE name = 'partitions'", String.class))
                .isEqualTo("other-node");

        otherNode.update("UPDATE held_locks SET expires_at = CURRENT_TIMESTAMP(3) WHERE owner = 'other-node'");
        assertThat(maintainer(nodeA, tables.table()).maintain().isSkipped()).isFalse();
        assertThat(tables.layout("held")).hasSize(10);
    }

    @Test
    void theLeaseOfANodeThatDiedMidRoundIsTakenOverOnceItHasExpired(TestSchema schema) {
        PartitionTestTables tables = PartitionTestTables.migrated(schema.dataSource(), "orphaned");
        JdbcTemplate jdbc = new JdbcTemplate(nodeB);
        jdbc.update("INSERT INTO orphaned_locks (name, owner, expires_at)"
                + " VALUES ('partitions', 'dead-node', CURRENT_TIMESTAMP(3) - INTERVAL 1 SECOND)");

        MaintenanceReport report = maintainer(nodeA, tables.table()).maintain();

        assertThat(report.isSkipped()).isFalse();
        assertThat(report.created()).hasSize(18);
        assertThat(jdbc.queryForObject("SELECT owner FROM orphaned_locks WHERE name = 'partitions'", String.class))
                .isNotEqualTo("dead-node");
    }

    @Test
    void tablesCreatedWithoutTheMigrationGetTheirLeasesTableOnTheFirstRound(TestSchema schema) {
        PartitionTestTables tables = PartitionTestTables.migrated(schema.dataSource(), "unmigrated");
        JdbcTemplate jdbc = new JdbcTemplate(nodeA);
        jdbc.execute("DROP TABLE unmigrated_locks");

        assertThat(maintainer(nodeA, tables.table()).maintain().created()).hasSize(18);

        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM unmigrated_locks WHERE expires_at <= CURRENT_TIMESTAMP(3)",
                        Integer.class))
                .isOne();
    }

    @Test
    void theLeaseIsGivenUpAfterAFailedRound(TestSchema schema) {
        PartitionTestTables tables = PartitionTestTables.migrated(schema.dataSource(), "released");
        maintainer(nodeA, tables.table()).maintain();
        MutableClock later = MutableClock.at("2027-01-05T00:00:00Z");
        PartitionMaintainer failing = new PartitionMaintainer(
                nodeA, tables.table(), later, PartitionSettings.defaults(), (jobs, jobsData) -> {
                    throw new IllegalStateException("no archive");
                });
        assertThatExceptionOfType(PartitionMaintenanceException.class).isThrownBy(failing::maintain);

        MaintenanceReport fromOtherNode =
                new PartitionMaintainer(nodeB, tables.table(), later, PartitionSettings.defaults()).maintain();

        assertThat(fromOtherNode.isSkipped()).isFalse();
        assertThat(fromOtherNode.dropped())
                .extracting(PartitionRange::partition)
                .contains("p2026w48");
    }

    @Test
    void aLongTransactionOnTheTableFailsTheRoundAfterTheDdlLockWaitTimeoutInsteadOfStallingTheQueue(TestSchema schema)
            throws Exception {
        PartitionTestTables tables = PartitionTestTables.migrated(schema.dataSource(), "busy");
        PartitionMaintainer maintainer = new PartitionMaintainer(
                nodeA,
                tables.table(),
                CLOCK,
                PartitionSettings.defaults().withDdlLockWaitTimeout(Duration.ofSeconds(1)));
        try (Connection worker = nodeB.getConnection()) {
            worker.setAutoCommit(false);
            new JdbcTemplate(new SingleConnectionDataSource(worker, true)).queryForList("SELECT id FROM busy");

            long started = System.nanoTime();
            assertThatExceptionOfType(PartitionMaintenanceException.class)
                    .isThrownBy(maintainer::maintain)
                    .withMessageContaining("busy")
                    .withMessageContaining("Lock wait timeout");

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            worker.rollback();
        }

        assertThat(maintainer.maintain().created()).hasSize(18);
    }

    @Test
    void theMaintenanceConnectionGoesBackToItsPoolAsItCame(TestSchema schema) {
        PartitionTestTables tables = PartitionTestTables.migrated(schema.dataSource(), "restored");
        DataSource single = schema.newDataSource(1);
        JdbcTemplate jdbc = new JdbcTemplate(single);
        Long before = jdbc.queryForObject("SELECT @@SESSION.lock_wait_timeout", Long.class);

        new PartitionMaintainer(single, tables.table(), CLOCK, PartitionSettings.defaults()).maintain();

        assertThat(jdbc.queryForObject("SELECT @@SESSION.lock_wait_timeout", Long.class))
                .isEqualTo(before)
                .isNotEqualTo(5L);
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM restored_locks WHERE name = 'partitions'"
                                + " AND expires_at <= CURRENT_TIMESTAMP(3)",
                        Integer.class))
                .as("the lease was given up")
                .isOne();
    }

    private static CompletableFuture<MaintenanceReport> startedTogether(
            CyclicBarrier start, PartitionMaintainer maintainer) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        start.await(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return maintainer.maintain();
                },
                NODES);
    }

    private static PartitionMaintainer maintainer(DataSource dataSource, TableName table) {
        return new PartitionMaintainer(dataSource, table, CLOCK, PartitionSettings.defaults());
    }
}
