package dev.jobqueue.persistence.partition;

import dev.jobqueue.domain.TableName;
import dev.jobqueue.persistence.internal.JobQueueSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** Creates queue tables the two ways a database gets them, and reads and writes their rows. */
final class PartitionTestTables {

    private final JdbcTemplate jdbc;
    private final TableName table;

    private PartitionTestTables(DataSource dataSource, TableName table) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.table = table;
    }

    /** Tables created by jobqueue's changelog: one catch-all partition each. */
    static PartitionTestTables migrated(DataSource dataSource, String base) {
        TableName table = TableName.of(base);
        JobQueueSchema.migrate(dataSource, table);
        return new PartitionTestTables(dataSource, table);
    }

    /** Tables created with the Go library's DDL: its 2023 weeks and no catch-all. */
    static PartitionTestTables seeded(DataSource dataSource, String base) {
        PartitionTestTables tables = new PartitionTestTables(dataSource, TableName.of(base));
        for (String statement : seedDdl().split(";")) {
            String sql = statement.replaceAll("(?m)--.*$", "").trim();
            if (!sql.isEmpty()) {
                tables.jdbc.execute(sql.replace("`jobs_data`", "`" + tables.table.jobsData() + "`")
                        .replace("`jobs`", "`" + tables.table.jobs() + "`"));
            }
        }
        return tables;
    }

    TableName table() {
        return table;
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    /**
     * Inserts both rows of a job. {@code FROM_UNIXTIME} keeps the instant whatever the session
     * time zone, so the rows land where the UTC bounds say.
     */
    void insertJob(String id, String part, int state) {
        long epoch = Instant.parse(part).getEpochSecond();
        jdbc.update("""
                INSERT INTO `%s` (id, part, retry_group)
                VALUES (?, FROM_UNIXTIME(?), 'group')
                """.formatted(table.jobsData()), id, epoch);
        jdbc.update("""
                INSERT INTO `%s` (id, process_at, part, state, sub_state, version)
                VALUES (?, FROM_UNIXTIME(?), FROM_UNIXTIME(?), ?, ?, 1)
                """.formatted(table.jobs()), id, epoch, epoch, state, state * 10);
    }

    void setState(String id, int state) {
        jdbc.update("UPDATE `%s` SET state = ? WHERE id = ?".formatted(table.jobs()), state, id);
    }

    /** {@code name<bound>} of each partition of {@code tableName}, in order. */
    List<String> layout(String tableName) {
        return jdbc.queryForList("""
                SELECT CONCAT(partition_name, '<', partition_description)
                FROM information_schema.partitions
                WHERE table_schema = DATABASE()
                  AND table_name = ?
                ORDER BY partition_ordinal_position
                """, String.class, tableName);
    }

    List<String> partitionNames(String tableName) {
        return layout(tableName).stream()
                .map(entry -> entry.substring(0, entry.indexOf('<')))
                .toList();
    }

    /** Bounds in epoch seconds (MAXVALUE as {@link Long#MAX_VALUE}) of {@code tableName}. */
    List<Long> bounds(String tableName) {
        return layout(tableName).stream()
                .map(entry -> entry.substring(entry.indexOf('<') + 1))
                .map(bound -> "MAXVALUE".equals(bound) ? Long.MAX_VALUE : Long.parseLong(bound))
                .toList();
    }

    /** Ids in {@code partition} of {@code tableName}, sorted. */
    List<String> idsIn(String tableName, String partition) {
        return jdbc.queryForList(
                "SELECT id FROM `%s` PARTITION (`%s`) ORDER BY id".formatted(tableName, partition), String.class);
    }

    List<String> ids(String tableName) {
        return jdbc.queryForList("SELECT id FROM `%s` ORDER BY id".formatted(tableName), String.class);
    }

    static long epoch(String instant) {
        return Instant.parse(instant).getEpochSecond();
    }

    private static String seedDdl() {
        try (InputStream in = PartitionTestTables.class.getResourceAsStream("/seed-schema.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
