package dev.jobqueue.persistence.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.jobqueue.domain.TableName;
import dev.jobqueue.persistence.partition.PartitionLayout.Partition;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionDdlTests {

    private final PartitionDdl ddl = new PartitionDdl(TableName.of("jobs"));

    @Test
    void aSplitReorganizesTheSourceWithIntegerBounds() {
        PartitionSplit split = PartitionSplit.reorganize(
                "jobs_data", Partition.catchAll("pmax"), List.of(new Partition("p2026w48", 1_795_996_800L)));

        assertThat(ddl.sql(split)).isEqualTo("""
                ALTER TABLE `jobs_data`
                REORGANIZE PARTITION `pmax` INTO (
                    PARTITION `p2026w48` VALUES LESS THAN (1795996800),
                    PARTITION `pmax` VALUES LESS THAN MAXVALUE)
                """);
    }

    @Test
    void anAppendAddsPartitionsAfterTheLast() {
        PartitionSplit split = PartitionSplit.append(
                "jobs", List.of(new Partition("p2026w48", 1_795_996_800L), Partition.catchAll("pmax")));

        assertThat(ddl.sql(split)).isEqualTo("""
                ALTER TABLE `jobs`
                ADD PARTITION (
                    PARTITION `p2026w48` VALUES LESS THAN (1795996800),
                    PARTITION `pmax` VALUES LESS THAN MAXVALUE)
                """);
    }

    @Test
    void partitionNamesAreQuotedIdentifiers() {
        assertThat(PartitionDdl.quote("odd`name")).isEqualTo("`odd``name`");
    }

    @Test
    void onlyTheQueuesTwoTablesAreAltered() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ddl.sql(PartitionSplit.append("users", List.of(Partition.catchAll("pmax")))))
                .withMessageContaining("users is not a table of this queue");
    }
}
