package dev.jobqueue.persistence.partition;

import static dev.jobqueue.persistence.partition.PartitionTestTables.epoch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.jobqueue.domain.TableName;
import dev.jobqueue.persistence.internal.JobQueueSchema;
import dev.jobqueue.test.MutableClock;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

@ExtendWith(TestDatabaseExtension.class)
class PartitionMaintainerIntegrationTests {

    /** A Wednesday in ISO week 2026-W48; eight weeks ahead reaches 2027-W03 across a 53-week year. */
    private static final String NOW = "2026-11-25T10:15:30Z";

    private static final List<String> WEEKS = List.of(
            "p2026w48", "p2026w49", "p2026w50", "p2026w51", "p2026w52", "p2026w53", "p2027w01", "p2027w02", "p2027w03");

    private final MutableClock clock = MutableClock.at(NOW);

    @Test
    void createsAPartitionPerIsoWeekUpToTheHorizonOnBothTables(TestSchema schema) {
        PartitionTestTables tables = PartitionTestTables.migrated(schema.dataSource(), "ahead");

        MaintenanceReport report =
                maintainer(schema.dataSource(), tables.table()).maintain();

        List<String> expected = new ArrayList<>(WEEKS);
        expected.add("pmax");
        assertThat(tables.partitionNames("ahead")).containsExactlyElementsOf(expected);
        assertThat(tables.layout("ahead_data")).isEqualTo(tables.layout("ahead"));
        assertThat(tables.bounds("ahead"))
                .startsWith(epoch("2026-11-30T00:00:00Z"), epoch("2026-12-07T00:00:00Z"))
                .contains(epoch("2027-01-04T00:00:00Z"), epoch("2027-01-25T00:00:00Z"));
        assertThat(report.outcome()).isEqualTo(MaintenanceReport.Outcome.COMPLETED);
        assertThat(report.time()).isEqualTo(Instant.parse(NOW));
        assertThat(report.created())
                .hasSize(18)
                .extracting(PartitionRange::table)
                .containsOnly("ahead", "ahead_data");
        assertThat(report.created().get(0))
                .isEqualTo(
                        new PartitionRange("ahead", "p2026w48", Instant.EPOCH, Instant.parse("2026-11-30T00:00:00Z")));
        assertThat(report.dropped()).isEmpty();
        assertThat(report.keptLive()).isEmpty();
        assertThat(report.catchAllRows()).isZero();
    }

    @Test
    void aSecondRoundChangesNothing(TestSchema schema) {
        PartitionTestTables tables = PartitionTestTables.migrated(schema.dataSource(), "twice");
        PartitionMaintainer maintainer = maintainer(schema.dataSource(), tables.table());
        maintainer.maintain();
        List<String> layout = tables.layout("twice");

        MaintenanceReport second = maintainer.maintain();

        assertThat(second.created()).isEmpty();
        assertThat(second.dropped()).isEmpty();
        assertThat(tables.layout("twice")).isEqualTo(layout);
        assertThat(tables.layout("twice_data")).isEqualTo(layout);
    }

    @Test
    void aJobFarBeyondTheHorizonInsertsIntoTheCatchAll(TestSchema schema) {
        PartitionTestTables tables = PartitionTestTables.migrated(schema.dataSource(), "far");
        maintainer(schema.dataSource(), tables.table()).maintain();

        tables.insertJob("in-2037", "2037-06-01T12:00:00Z", 1);

        assertThat(tables.idsIn("far", "pmax")).containsExactly("in-2037");
        assertThat(tables.idsIn("far_data", "pmax")).containsExactly("in-2037");
        assertThat(maintainer(schema.dataSource(), tables.table()).maintain().catchAllRows())
                .isOne();
    }

    @Test
    void splittingTheCatchAllMovesItsRowsToTheirWeeksWithoutLoss(TestSchema schema) {
        PartitionTestTables tables = PartitionTestTables.migrated(schema.dataSource(), "split");
        tables.insertJob("a-2025", "2025-01-01T00:00:00Z", 3);
        tables.insertJob("b-w48", "2026-11-25T09:00:00Z", 1);
        tables.insertJob("c-w48-last-second", "2026-11-29T23:59:59Z", 1);
        tables.insertJob("d-w49-first-second", "2026-11-30T00:00:00Z", 1);
        tables.insertJob("e-w53", "2027-01-03T23:59:59Z", 1);
        tables.insertJob("f-2027w01", "2027-01-04T00:00:00Z", 1);
        tables.insertJob("g-2030", "2030-01-01T00:00:00Z", 1);
        List<String> before = tables.ids("split");

        MaintenanceReport report =
                maintainer(schema.dataSource(), tables.table()).maintain();

        for (String table : List.of("split", "split_data")) {
            assertThat(tables.ids(table)).isEqualTo(before).hasSize(7);
            assertThat(tables.idsIn(table, "p2026w48")).containsExactly("a-2025", "b-w48", "c-w48-last-second");
            assertThat(tables.idsIn(table, "p2026w49")).containsExactly("d-w49-first-second");
            assertThat(tables.idsIn(table, "p2026w53")).containsExactly("e-w53");
            assertThat(tables.idsIn(table, "p2027w01")).containsExactly("f-2027w01");
            assertThat(tables.idsIn(table, "pmax")).containsExactly("g-2030");
        }
        assertThat(report.catchAllRows()).isOne();
    }

    @Test
    void dropsOnBothTablesOnlyThePartitionsThatEndedMoreThanTheRetentionAgo(TestSchema schema) {
        PartitionTestTables tables = PartitionTestTables.migrated(schema.dataSource(), "retention");
        PartitionMaintainer maintainer = maintainer(schema.dataSource(), tables.table());
        maintainer.maintain();
        tables.insertJob("w48-done", "2026-11-26T00:00:00Z", 3);
        tables.insertJob("w49-failed", "2026-12-01T00:00:00Z", 4);
        tables.insertJob("w51-done", "2026-12-15T00:00:00Z", 3);
        // p2026w50 ended 2026-12-14, p2026w51 ends 2026-12-21: only the first is more than 28 days ago.
        clock.set(Instant.parse("2027-01-12T00:00:00Z"));

        MaintenanceReport report = maintainer.maintain();

        assertThat(report.dropped())
                .extracting(PartitionRange::partition)
                .containsExactly("p2026w48", "p2026w48", "p2026w49", "p2026w49", "p2026w50", "p2026w50");
        assertThat(report.dropped())
                .extracting(PartitionRange::table)
                .containsExactly(
                        "retention", "retention_data", "retention", "retention_data", "retention", "retention_data");
        for (String table : List.of("retention", "retention_data")) {
            assertThat(tables.partitionNames(table))
                    .startsWith("p2026w51")
                    .doesNotContain("p2026w48", "p2026w50")
                    .contains("p2027w10", "pmax");
            assertThat(tables.ids(table)).containsExactly("w51-done");
        }
        assertThat(report.keptLive()).isEmpty();
    }

    @Test
    void scheduledAndProcessingJobsProtectTheirPartition(TestSchema schema) {
        PartitionTestTables tables = PartitionTestTables.migrated(schema.dataSource(), "live");
        PartitionMaintainer maintainer = maintainer(schema.dataSource(), tables.table());
        maintainer.maintain();
        tables.insertJob("w48-done", "2026-11-26T00:00:00Z", 3);
        tables.insertJob("w48-scheduled", "2026-11-27T00:00:00Z", 1);
        tables.insertJob("w49-failed", "2026-12-01T00:00:00Z", 4);
        tables.insertJob("w49-processing-1", "2026-12-02T00:00:00Z", 2);
        tables.insertJob("w49-processing-2", "2026-12-03T00:00:00Z", 2);
        tables.insertJob("w50-done", "2026-12-08T00:00:00Z", 3);
        clock.set(Instant.parse("2027-01-12T00:00:00Z"));

        MaintenanceReport report = maintainer.maintain();

        assertThat(report.keptLive())
                .containsExactly(
                        new LivePartition(
                                new PartitionRange(
                                        "live", "p2026w48", Instant.EPOCH, Instant.parse("2026-11-30T00:00:00Z")),
                                1),
                        new LivePartition(
                                new PartitionRange(
                                        "live",
                                        "p2026w49",
                                        Instant.parse("2026-11-30T00:00:00Z"),
                                        Instant.parse("2026-12-07T00:00:00Z")),
                                2));
        assertThat(report.liveJobsInKeptPartitions()).isEqualTo(3);
        assertThat(report.dropped()).extracting(PartitionRange::partition).containsExactly("p2026w50", "p2026w50");
        for (String table : List.of("live", "live_data")) {
            assertThat(tables.partitionNames(table)).startsWith("p2026w48", "p2026w49", "p2026w51");
            assertThat(tables.ids(table))
                    .containsExactly("w48-done", "w48-scheduled", "w49-failed", "w49-processing-1", "w49-processing-2");
        }

        tables.setState("w48-scheduled", 3);
        MaintenanceReport next = maintainer.maintain();

        assertThat(next.dropped()).extracting(PartitionRange::partition).containsExactly("p2026w48", "p2026w48");
        assertThat(next.keptLive())
                .extracting(live -> live.partition().partition())
                .containsExactly("p2026w49");
    }

    @Test
    void theHookRunsBeforeEachDropWithBothPartitions(TestSchema schema) {
        PartitionTestTables tables = PartitionTestTables.migrated(schema.dataSource(), "hooked");
        List<String> calls = new ArrayList<>();
        PartitionMaintainer maintainer = new PartitionMaintainer(
                schema.dataSource(),
                tables.table(),
                clock,
                PartitionSettings.defaults(),
                (jobs, jobsData) -> calls.add(jobs + " " + jobsData + " holding "
                        + tables.idsIn(jobs.table(), jobs.partition())
                        + tables.idsIn(jobsData.table(), jobsData.partition())));
        maintainer.maintain();
        tables.insertJob("w49-done", "2026-12-01T00:00:00Z", 3);
        clock.set(Instant.parse("2027-01-05T00:00:00Z"));

        MaintenanceReport report = maintainer.maintain();

        assertThat(calls)
                .containsExactly(
                        "hooked.p2026w48 [1970-01-01T00:00:00Z, 2026-11-30T00:00:00Z) "
                                + "hooked_data.p2026w48 [1970-01-01T00:00:00Z, 2026-11-30T00:00:00Z) holding [][]",
                        "hooked.p2026w49 [2026-11-30T00:00:00Z, 2026-12-07T00:00:00Z) "
                                + "hooked_data.p2026w49 [2026-11-30T00:00:00Z, 2026-12-07T00:00:00Z) holding [w49-done][w49-done]");
        assertThat(report.dropped()).hasSize(4);
    }

    @Test
    void aJobScheduledIntoThePartitionWhileTheHookRunsKeepsIt(TestSchema schema) {
        PartitionTestTables tables = PartitionTestTables.migrated(schema.dataSource(), "latecomer");
        List<String> calls = new ArrayList<>();
        PartitionMaintainer maintainer = new PartitionMaintainer(
                schema.dataSource(), tables.table(), clock, PartitionSettings.defaults(), (jobs, jobsData) -> {
                    calls.add(jobs.partition());
                    if (jobs.partition().equals("p2026w48")) {
                        tables.insertJob("scheduled-in-the-past", "2026-11-26T00:00:00Z", 1);
                    }
                });
        maintainer.maintain();
        clock.set(Instant.parse("2027-01-05T00:00:00Z"));

        MaintenanceReport report = maintainer.maintain();

        assertThat(calls).containsExactly("p2026w48", "p2026w49");
        assertThat(report.dropped()).extracting(PartitionRange::partition).containsExactly("p2026w49", "p2026w49");
        assertThat(report.keptLive())
                .extracting(live -> live.partition().partition() + "=" + live.liveJobs())
                .containsExactly("p2026w48=1");
        assertThat(tables.idsIn("latecomer", "p2026w48")).containsExactly("scheduled-in-the-past");
        assertThat(tables.idsIn("latecomer_data", "p2026w48")).containsExactly("scheduled-in-the-past");
    }

    @Test
    void aFailingHookKeepsBothPartitionsAndFailsTheRound(TestSchema schema) {
        PartitionTestTables tables = PartitionTestTables.migrated(schema.dataSource(), "refused");
        PartitionMaintainer maintainer = new PartitionMaintainer(
                schema.dataSource(), tables.table(), clock, PartitionSettings.defaults(), (jobs, jobsData) -> {
                    throw new IllegalStateException("archive is full");
                });
        maintainer.maintain();
        List<String> layout = tables.layout("refused");
        clock.set(Instant.parse("2027-01-05T00:00:00Z"));

        assertThatExceptionOfType(PartitionMaintenanceException.class)
                .isThrownBy(maintainer::maintain)
                .withMessageContaining("the drop hook failed for refused.p2026w48")
                .withMessageContaining("archive is full");
        assertThat(tables.partitionNames("refused")).contains("p2026w48");
        assertThat(tables.partitionNames("refused_data")).contains("p2026w48");
        assertThat(tables.layout("refused")).containsAll(layout);
    }

    @Test
    void boundsAreUtcWeekStartsWhateverTheSessionTimeZone(TestSchema schema) {
        // West of UTC: Connector/J decodes a '+' in the URL to a space, the MariaDB driver does not.
        DataSource honolulu = schema.newDataSource(2, "sessionVariables=time_zone='-09:00'");
        JdbcTemplate honoluluJdbc = new JdbcTemplate(honolulu);
        assertThat(honoluluJdbc.queryForObject("SELECT @@SESSION.time_zone", String.class))
                .isEqualTo("-09:00");
        // What UNIX_TIMESTAMP('...') would have written: nine hours late.
        assertThat(honoluluJdbc.queryForObject("SELECT UNIX_TIMESTAMP('2026-11-30 00:00:00')", Long.class))
                .isEqualTo(epoch("2026-11-30T00:00:00Z") + Duration.ofHours(9).toSeconds());
        PartitionTestTables tables = PartitionTestTables.migrated(schema.dataSource(), "zoned");

        maintainer(honolulu, tables.table()).maintain();

        List<Long> expected = new ArrayList<>(PartitionPlan.weeks(Instant.parse(NOW), Duration.ofDays(56)).stream()
                .map(PartitionLayout.Partition::bound)
                .toList());
        expected.add(Long.MAX_VALUE);
        assertThat(tables.bounds("zoned")).isEqualTo(expected);
        assertThat(tables.bounds("zoned_data")).isEqualTo(expected);
        assertThat(tables.bounds("zoned").get(0)).isEqualTo(epoch("2026-11-30T00:00:00Z"));
    }

    @Test
    void aTableThatIsNotPartitionedFailsTheRoundWithItsName(TestSchema schema) {
        JdbcTemplate jdbc = new JdbcTemplate(schema.dataSource());
        jdbc.execute("CREATE TABLE plain (id varchar(40) NOT NULL, part timestamp NOT NULL, PRIMARY KEY (id, part))");
        jdbc.execute(
                "CREATE TABLE plain_data (id varchar(40) NOT NULL, part timestamp NOT NULL, PRIMARY KEY (id, part))");

        assertThatExceptionOfType(PartitionMaintenanceException.class)
                .isThrownBy(() ->
                        maintainer(schema.dataSource(), TableName.of("plain")).maintain())
                .withMessageContaining("plain is not partitioned by RANGE (UNIX_TIMESTAMP(part))");
    }

    @Test
    void deletesTheBatchesThatFinishedMoreThanTheRetentionAgoAndKeepsTheRest(TestSchema schema) {
        PartitionTestTables tables = PartitionTestTables.migrated(schema.dataSource(), "batches");
        PartitionMaintainer maintainer = maintainer(schema.dataSource(), tables.table());
        maintainer.maintain();
        JdbcTemplate jdbc = tables.jdbc();
        String insert = "INSERT INTO batches_batches (batch_id, total, remaining, created_at, finished_at)"
                + " VALUES (?, 2, ?, ?, ?)";
        jdbc.update(insert, "finished-long-ago", 0, "2026-11-20 10:00:00", "2026-11-26 10:00:00");
        jdbc.update(insert, "finished-lately", 0, "2026-12-20 10:00:00", "2026-12-20 11:00:00");
        jdbc.update(insert, "old-unfinished", 1, "2026-11-20 10:00:00", null);
        // The retention is 28 days: the cutoff is 2026-12-15T00:00:00Z.
        clock.set(Instant.parse("2027-01-12T00:00:00Z"));

        maintainer.maintain();

        assertThat(jdbc.queryForList("SELECT batch_id FROM batches_batches ORDER BY batch_id", String.class))
                .containsExactly("finished-lately", "old-unfinished");
    }

    @Test
    void listsEveryPartitionOfBothTablesWithItsEstimatedRowsAndWhenItWillBeDropped(TestSchema schema) {
        PartitionTestTables tables = PartitionTestTables.migrated(schema.dataSource(), "listing");
        PartitionMaintainer maintainer = maintainer(schema.dataSource(), tables.table());
        maintainer.maintain();
        tables.insertJob("w48-a", "2026-11-25T09:00:00Z", 3);
        tables.insertJob("w48-b", "2026-11-26T09:00:00Z", 1);
        tables.insertJob("in-2037", "2037-06-01T12:00:00Z", 1);
        tables.jdbc().execute("ANALYZE TABLE listing, listing_data");

        List<PartitionInfo> partitions = maintainer.partitions();

        assertThat(partitions).hasSize(20);
        assertThat(partitions.subList(0, 10))
                .extracting(info -> info.range().table())
                .containsOnly("listing");
        assertThat(partitions.subList(10, 20))
                .extracting(info -> info.range().table())
                .containsOnly("listing_data");
        PartitionInfo first = partitions.get(0);
        assertThat(first.range())
                .isEqualTo(new PartitionRange(
                        "listing", "p2026w48", Instant.EPOCH, Instant.parse("2026-11-30T00:00:00Z")));
        assertThat(first.estimatedRows()).isEqualTo(2);
        assertThat(first.drop()).isEqualTo(PartitionInfo.Drop.AFTER_RETENTION);
        assertThat(first.dropsAt()).isEqualTo(Instant.parse("2026-12-28T00:00:00Z"));
        assertThat(partitions.get(8).range().partition()).isEqualTo("p2027w03");
        assertThat(partitions.get(8).dropsAt()).isEqualTo(Instant.parse("2027-02-22T00:00:00Z"));
        PartitionInfo catchAll = partitions.get(9);
        assertThat(catchAll.range().isCatchAll()).isTrue();
        assertThat(catchAll.drop()).isEqualTo(PartitionInfo.Drop.NEVER_CATCH_ALL);
        assertThat(catchAll.dropsAt()).isNull();
        assertThat(catchAll.estimatedRows()).isOne();
        assertThat(partitions.get(10).range().partition()).isEqualTo("p2026w48");
        assertThat(partitions.get(10).dropsAt()).isEqualTo(first.dropsAt());
        assertThat(partitions.get(10).estimatedRows()).isEqualTo(2);
    }

    @Test
    void listsAdoptedPartitionsAsKeptUnlessDropAdoptedIsSet(TestSchema schema) {
        PartitionTestTables tables = PartitionTestTables.seeded(schema.dataSource(), "listadopt");
        JobQueueSchema.migrate(schema.dataSource(), tables.table());
        maintainer(schema.dataSource(), tables.table()).maintain();

        List<PartitionInfo> kept =
                maintainer(schema.dataSource(), tables.table()).partitions();
        List<PartitionInfo> dropped = new PartitionMaintainer(
                        schema.dataSource(),
                        tables.table(),
                        clock,
                        PartitionSettings.defaults().withDropAdopted(true))
                .partitions();

        PartitionInfo goWeek = kept.get(0);
        assertThat(goWeek.range().partition()).isEqualTo("p202309_week1");
        assertThat(goWeek.drop()).isEqualTo(PartitionInfo.Drop.KEPT_ADOPTED);
        assertThat(goWeek.dropsAt()).isNull();
        assertThat(kept)
                .filteredOn(info -> info.range().partition().equals("p2026w48"))
                .extracting(PartitionInfo::drop)
                .containsExactly(PartitionInfo.Drop.AFTER_RETENTION, PartitionInfo.Drop.AFTER_RETENTION);
        assertThat(dropped.get(0).drop()).isEqualTo(PartitionInfo.Drop.AFTER_RETENTION);
        assertThat(dropped.get(0).dropsAt())
                .isEqualTo(dropped.get(0).range().to().plus(Duration.ofDays(28)));
    }

    private PartitionMaintainer maintainer(DataSource dataSource, TableName table) {
        return new PartitionMaintainer(dataSource, table, clock, PartitionSettings.defaults());
    }
}
