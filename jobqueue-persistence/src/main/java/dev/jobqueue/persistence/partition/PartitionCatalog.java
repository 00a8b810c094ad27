package dev.jobqueue.persistence.partition;

import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.persistence.partition.PartitionLayout.Partition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads what maintenance decides on: the partition layout from
 * {@code information_schema.partitions} (bounds only; its {@code table_rows} is an estimate and
 * never decides a drop) and exact counts of rows in one partition.
 */
final class PartitionCatalog {

    private static final String SELECT_PARTITIONS = """
            SELECT partition_name, partition_description, partition_method, partition_expression
            FROM information_schema.partitions
            WHERE table_schema = DATABASE()
              AND table_name = ?
            ORDER BY partition_ordinal_position
            """;

    // The partition name is formatted in per call: identifiers cannot be bound.
    private static final String COUNT_LIVE_JOBS = """
            SELECT COUNT(*)
            FROM `%s` PARTITION (%s)
            WHERE state IN (?, ?)
            """;

    private static final String COUNT_ROWS = """
            SELECT COUNT(*)
            FROM `%s` PARTITION (%s)
            """;

    private static final String SELECT_ESTIMATED_ROWS = """
            SELECT partition_name, table_rows
            FROM information_schema.partitions
            WHERE table_schema = DATABASE()
              AND table_name = ?
            """;

    private static final String EXPECTED_EXPRESSION = "unix_timestamp(part)";

    private final TableName table;
    private final String countLiveJobs;
    private final String countRows;

    PartitionCatalog(TableName table) {
        this.table = table;
        this.countLiveJobs = COUNT_LIVE_JOBS.formatted(table.jobs(), "%s");
        this.countRows = COUNT_ROWS.formatted(table.jobs(), "%s");
    }

    /**
     * The partitions of {@code name} in bound order.
     *
     * @throws PartitionMaintenanceException if the table is missing or not partitioned by
     *     {@code RANGE (UNIX_TIMESTAMP(part))}
     */
    PartitionLayout layout(JdbcTemplate jdbc, String name) {
        List<Partition> partitions = new ArrayList<>();
        jdbc.query(
                SELECT_PARTITIONS,
                rs -> {
                    String partition = rs.getString(1);
                    if (partition == null
                            || !"RANGE".equals(rs.getString(3))
                            || !EXPECTED_EXPRESSION.equals(normalize(rs.getString(4)))) {
                        throw notPartitioned(name);
                    }
                    String description = rs.getString(2);
                    partitions.add(
                            "MAXVALUE".equals(description)
                                    ? Partition.catchAll(partition)
                                    : new Partition(partition, Long.parseLong(description)));
                },
                name);
        if (partitions.isEmpty()) {
            throw new PartitionMaintenanceException(table, "table " + name + " does not exist in this schema");
        }
        return new PartitionLayout(name, partitions);
    }

    /**
     * The storage engine's estimate of the rows in each partition of {@code name}
     * ({@code information_schema.partitions.table_rows}), by {@link PartitionLayout#key}; an
     * estimate, shown to people and never deciding a drop.
     */
    Map<String, Long> estimatedRows(JdbcTemplate jdbc, String name) {
        Map<String, Long> rows = new HashMap<>();
        jdbc.query(
                SELECT_ESTIMATED_ROWS,
                rs -> {
                    String partition = rs.getString(1);
                    if (partition != null) {
                        rows.put(PartitionLayout.key(partition), rs.getLong(2));
                    }
                },
                name);
        return rows;
    }

    /** Jobs in {@code partition} of the jobs table that are scheduled or processing. */
    long liveJobs(JdbcTemplate jdbc, String partition) {
        Long count = jdbc.queryForObject(
                countLiveJobs.formatted(PartitionDdl.quote(partition)),
                Long.class,
                JobState.SCHEDULED.code(),
                JobState.PROCESSING.code());
        return count == null ? 0 : count;
    }

    /** Rows in {@code partition} of the jobs table. */
    long rows(JdbcTemplate jdbc, String partition) {
        Long count = jdbc.queryForObject(countRows.formatted(PartitionDdl.quote(partition)), Long.class);
        return count == null ? 0 : count;
    }

    private PartitionMaintenanceException notPartitioned(String name) {
        return new PartitionMaintenanceException(
                table,
                "table " + name + " is not partitioned by RANGE (UNIX_TIMESTAMP(part)) as the changelog creates it");
    }

    private static String normalize(String expression) {
        return expression == null
                ? ""
                : expression.replace("`", "").replace(" ", "").toLowerCase(Locale.ROOT);
    }
}
