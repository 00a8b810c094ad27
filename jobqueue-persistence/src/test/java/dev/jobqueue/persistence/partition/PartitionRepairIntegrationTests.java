package dev.jobqueue.persistence.partition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.test.MutableClock;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Tables whose partition lists differ, because someone altered one or a round stopped halfway. */
@ExtendWith(TestDatabaseExtension.class)
class PartitionRepairIntegrationTests {

    private final MutableClock clock = MutableClock.at("2026-11-25T10:15:30Z");

    @Test
    void tablesWithDifferentBoundsAreGivenTheSameBoundsWithoutLosingRows(TestSchema schema) {
        PartitionTestTables tables = PartitionTestTables.migrated(schema.dataSource(), "differ");
        tables.jdbc().execute("""
                ALTER TABLE differ REORGANIZE PARTITION pmax INTO (
                    PARTITION p_manual VALUES LESS THAN (1790000000),
                    PARTITION pmax VALUES LESS THAN MAXVALUE)
                """);
        tables.jdbc().execute("""
                ALTER TABLE differ_data REORGANIZE PARTITION pmax INTO (
                    PARTITION p_other VALUES LESS THAN (1780000000),
                    PARTITION p2026w48 VALUES LESS THAN (1795996800),
                    PARTITION pmax VALUES LESS THAN MAXVALUE)
                """);
        tables.insertJob("a", "2026-05-01T00:00:00Z", 3);
        tables.insertJob("b", "2026-07-01T00:00:00Z", 1);
        tables.insertJob("c", "2026-11-27T00:00:00Z", 1);

        // A long retention keeps the old partitions, so the repaired layout is visible.
        PartitionMaintainer maintainer = new PartitionMaintainer(
                tables.jdbc().getDataSource(),
                tables.table(),
                clock,
                PartitionSettings.defaults().withRetention(Duration.ofDays(3650)));

        maintainer.maintain();

        assertThat(tables.bounds("differ"))
                .isEqualTo(tables.bounds("differ_data"))
                .startsWith(1_780_000_000L, 1_790_000_000L, 1_795_996_800L);
        assertThat(tables.partitionNames("differ")).startsWith("p_other", "p_manual", "p2026w48");
        assertThat(tables.partitionNames("differ_data")).startsWith("p_other", "p_manual", "p2026w48");
        for (String table : List.of("differ", "differ_data")) {
            assertThat(tables.ids(table)).containsExactly("a", "b", "c");
            assertThat(tables.idsIn(table, "p_manual")).containsExactly("b");
        }
        assertThat(maintainer.maintain().created()).isEmpty();
    }

    @Test
    void aRoundThatStoppedBetweenTheTwoDropsIsFinishedByTheNext(TestSchema schema) {
        PartitionTestTables tables = PartitionTestTables.migrated(schema.dataSource(), "halfway");
        maintainer(tables).maintain();
        tables.insertJob("w48-done", "2026-11-26T00:00:00Z", 3);
        tables.insertJob("w49-done", "2026-12-01T00:00:00Z", 3);
        tables.jdbc().execute("ALTER TABLE halfway DROP PARTITION p2026w48");
        clock.set(Instant.parse("2026-12-30T00:00:00Z"));

        MaintenanceReport report = maintainer(tables).maintain();

        assertThat(report.dropped())
                .extracting(range -> range.table() + "." + range.partition())
                .containsExactly("halfway.p2026w48", "halfway_data.p2026w48");
        assertThat(tables.layout("halfway")).isEqualTo(tables.layout("halfway_data"));
        assertThat(tables.partitionNames("halfway")).startsWith("p2026w49");
        assertThat(tables.ids("halfway")).containsExactly("w49-done");
        assertThat(tables.ids("halfway_data")).containsExactly("w49-done");
    }

    private PartitionMaintainer maintainer(PartitionTestTables tables) {
        return new PartitionMaintainer(
                tables.jdbc().getDataSource(), tables.table(), clock, PartitionSettings.defaults());
    }
}
