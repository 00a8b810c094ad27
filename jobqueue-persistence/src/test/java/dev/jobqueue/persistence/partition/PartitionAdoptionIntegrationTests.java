package dev.jobqueue.persistence.partition;

import static dev.jobqueue.persistence.partition.PartitionTestTables.epoch;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.persistence.internal.JobQueueSchema;
import dev.jobqueue.test.MutableClock;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Databases that the Go library created: its 2023 weeks, and nothing after them. */
@ExtendWith(TestDatabaseExtension.class)
class PartitionAdoptionIntegrationTests {

    private static final List<String> SEED_PARTITIONS = List.of(
            "p202309_week1",
            "p202309_week2",
            "p202309_week3",
            "p202309_week4",
            "p202310_week1",
            "p202310_week2",
            "p202310_week3");

    private final MutableClock clock = MutableClock.at("2026-11-25T10:15:30Z");

    /**
     * The Go side's history stays: the first round after adoption used to drop the seed's
     * partitions that held only finished jobs, its 2023 history, without being asked.
     */
    @Test
    void aRoundAfterAdoptionKeepsThePartitionsItFoundWithTheirFinishedJobs(TestSchema schema) {
        PartitionTestTables tables = PartitionTestTables.seeded(schema.dataSource(), "kept");
        insertSeedJobs(tables);
        JobQueueSchema.migrate(schema.dataSource(), tables.table());

        MaintenanceReport first =
                maintainer(tables, PartitionSettings.defaults()).maintain();
        clock.set(Instant.parse("2027-06-01T00:00:00Z"));
        MaintenanceReport later =
                maintainer(tables, PartitionSettings.defaults()).maintain();

        for (String table : List.of("kept", "kept_data")) {
            assertThat(tables.partitionNames(table)).startsWith(SEED_PARTITIONS.toArray(String[]::new));
            assertThat(tables.ids(table))
                    .containsExactlyInAnyOrder("sep-done", "sep-failed", "oct-scheduled", "oct-processing", "oct-done");
        }
        assertThat(first.dropped()).isEmpty();
        assertThat(later.dropped())
                .as("jobqueue's own weeks still go after the retention")
                .isNotEmpty()
                .noneMatch(range -> SEED_PARTITIONS.contains(range.partition()));
        assertThat(first.created()).isNotEmpty();
    }

    @Test
    void theSeedLayoutWithoutCatchAllIsBroughtUpToDateAndItsLiveJobsKept(TestSchema schema) {
        PartitionTestTables tables = PartitionTestTables.seeded(schema.dataSource(), "seeded");
        insertSeedJobs(tables);
        assertThat(tables.partitionNames("seeded")).containsExactlyElementsOf(SEED_PARTITIONS);

        MaintenanceReport report = maintainer(tables).maintain();

        assertAdopted(tables, "seeded", report);
        assertThat(report.created())
                .filteredOn(PartitionRange::isCatchAll)
                .extracting(PartitionRange::table)
                .containsExactly("seeded", "seeded_data");
    }

    @Test
    void theSeedLayoutAfterTheChangelogAddedItsCatchAllIsBroughtUpToDate(TestSchema schema) {
        PartitionTestTables tables = PartitionTestTables.seeded(schema.dataSource(), "adopted");
        insertSeedJobs(tables);
        JobQueueSchema.migrate(schema.dataSource(), tables.table());
        assertThat(tables.partitionNames("adopted")).endsWith("p202310_week3", "pmax");

        MaintenanceReport report = maintainer(tables).maintain();

        assertAdopted(tables, "adopted", report);
        assertThat(report.created()).noneMatch(PartitionRange::isCatchAll);
    }

    @Test
    void weeklyPartitionsThatFellBehindGetTheMissingWeeksAfterTheirLastBound(TestSchema schema) {
        PartitionTestTables tables = PartitionTestTables.migrated(schema.dataSource(), "behind");
        clock.set(Instant.parse("2026-06-03T00:00:00Z"));
        PartitionMaintainer maintainer = new PartitionMaintainer(
                schema.dataSource(),
                tables.table(),
                clock,
                PartitionSettings.defaults().withRetention(Duration.ofDays(3650)));
        maintainer.maintain();
        assertThat(tables.partitionNames("behind")).startsWith("p2026w23").endsWith("p2026w31", "pmax");
        clock.set(Instant.parse("2026-11-25T10:15:30Z"));

        MaintenanceReport report = maintainer.maintain();

        assertThat(tables.partitionNames("behind"))
                .containsSequence("p2026w31", "p2026w48", "p2026w49")
                .endsWith("p2027w03", "pmax");
        assertThat(report.created().get(0))
                .isEqualTo(new PartitionRange(
                        "behind",
                        "p2026w48",
                        Instant.parse("2026-08-03T00:00:00Z"),
                        Instant.parse("2026-11-30T00:00:00Z")));
        tables.insertJob("in-the-gap", "2026-09-15T00:00:00Z", 1);
        assertThat(tables.idsIn("behind", "p2026w48")).containsExactly("in-the-gap");
    }

    private void insertSeedJobs(PartitionTestTables tables) {
        tables.insertJob("sep-done", "2023-09-01T12:00:00Z", 3);
        tables.insertJob("sep-failed", "2023-09-12T12:00:00Z", 4);
        tables.insertJob("oct-scheduled", "2023-10-05T12:00:00Z", 1);
        tables.insertJob("oct-processing", "2023-10-15T12:00:00Z", 2);
        tables.insertJob("oct-done", "2023-10-16T12:00:00Z", 3);
    }

    private void assertAdopted(PartitionTestTables tables, String base, MaintenanceReport report) {
        for (String table : List.of(base, base + "_data")) {
            assertThat(tables.partitionNames(table))
                    .containsExactly(
                            "p202310_week2",
                            "p202310_week3",
                            "p2026w48",
                            "p2026w49",
                            "p2026w50",
                            "p2026w51",
                            "p2026w52",
                            "p2026w53",
                            "p2027w01",
                            "p2027w02",
                            "p2027w03",
                            "pmax");
            assertThat(tables.ids(table)).containsExactly("oct-done", "oct-processing", "oct-scheduled");
            assertThat(tables.idsIn(table, "p202310_week2")).containsExactly("oct-scheduled");
            assertThat(tables.idsIn(table, "p202310_week3")).containsExactly("oct-done", "oct-processing");
        }
        assertThat(tables.bounds(base).get(2)).isEqualTo(epoch("2026-11-30T00:00:00Z"));
        assertThat(report.keptLive())
                .extracting(live -> live.partition().partition() + "=" + live.liveJobs())
                .containsExactly("p202310_week2=1", "p202310_week3=1");
        assertThat(report.dropped())
                .extracting(PartitionRange::partition)
                .containsExactly(
                        "p202309_week1",
                        "p202309_week1",
                        "p202309_week2",
                        "p202309_week2",
                        "p202309_week3",
                        "p202309_week3",
                        "p202309_week4",
                        "p202309_week4",
                        "p202310_week1",
                        "p202310_week1");

        tables.insertJob("after-the-seed", "2024-06-01T00:00:00Z", 1);
        tables.insertJob("in-2037", "2037-06-01T00:00:00Z", 1);
        assertThat(tables.idsIn(base, "p2026w48")).containsExactly("after-the-seed");
        assertThat(tables.idsIn(base + "_data", "pmax")).containsExactly("in-2037");
    }

    /** A maintainer that drops adopted partitions too: the user opted in. */
    private PartitionMaintainer maintainer(PartitionTestTables tables) {
        return maintainer(tables, PartitionSettings.defaults().withDropAdopted(true));
    }

    private PartitionMaintainer maintainer(PartitionTestTables tables, PartitionSettings settings) {
        return new PartitionMaintainer(tables.jdbc().getDataSource(), tables.table(), clock, settings);
    }
}
