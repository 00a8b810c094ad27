package dev.jobqueue.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

@ExtendWith(TestDatabaseExtension.class)
class SchemaIntegrationTests {

    /** Everything jobqueue adds to the seed's tables; each is explained in docs/schema.md. */
    private static final Set<String> DOCUMENTED_ADDITIONS = Set.of(
            "column jobs.lease_expires_at timestamp(3) nullable=YES default=NULL",
            "column jobs.run_started_at timestamp(3) nullable=YES default=NULL",
            "column jobs_data.attempt tinyint(3) unsigned nullable=YES default=NULL",
            "column jobs_data.has_follow_ups tinyint(3) unsigned nullable=YES default=NULL",
            "index jobs.claim_index(job_type,state,tenant,id) unique=false",
            "index jobs.correlation_index(correlation_id,tenant,state) unique=false",
            "index jobs_data.retry_group_index(retry_group) unique=false");

    /**
     * The one seed index jobqueue redefines (changeset 0017, docs/schema.md): same name, the seed's
     * columns first, {@code process_at} appended.
     */
    private static final String SEED_JOB_TYPE_INDEX = "index jobs.job_type_index(job_type,state,tenant) unique=false";

    private static final String OUR_JOB_TYPE_INDEX =
            "index jobs.job_type_index(job_type,state,tenant,process_at) unique=false";

    @Test
    void createdTablesMatchTheSeedDdlPlusTheDocumentedAdditions(TestSchema schema) {
        TableName ours = TableName.of("ours");
        TableName seed = TableName.of("seed");
        JobQueueSchema.migrate(schema.dataSource(), ours);
        SeedSchema.create(schema.dataSource(), seed);

        Set<String> ourShape = shape(schema, ours);
        Set<String> seedShape = shape(schema, seed);

        assertThat(seedShape).contains(SEED_JOB_TYPE_INDEX);
        assertThat(ourShape).doesNotContain(SEED_JOB_TYPE_INDEX).contains(OUR_JOB_TYPE_INDEX);
        Set<String> seedKept = new TreeSet<>(seedShape);
        seedKept.remove(SEED_JOB_TYPE_INDEX);
        assertThat(ourShape).containsAll(seedKept);
        Set<String> additions = new TreeSet<>(ourShape);
        additions.removeAll(seedKept);
        additions.remove(OUR_JOB_TYPE_INDEX);
        assertThat(additions).containsExactlyInAnyOrderElementsOf(normalize(DOCUMENTED_ADDITIONS));
        assertThat(indexCount(schema, ours.jobs())).isEqualTo(indexCount(schema, seed.jobs()) + 2);
    }

    @Test
    void theMigrationCreatesTheQueuesTablesItsHistoryAndItsLeasesTableAndNothingElse(TestSchema schema) {
        TableName table = TableName.of("listed");
        JobQueueSchema.migrate(schema.dataSource(), table);
        JdbcTemplate jdbc = new JdbcTemplate(schema.dataSource());

        assertThat(jdbc.queryForList("""
                SELECT LOWER(table_name) FROM information_schema.tables
                WHERE table_schema = DATABASE() AND table_name LIKE 'listed%'
                """, String.class))
                .containsExactlyInAnyOrder(
                        "listed",
                        "listed_data",
                        "listed_locks",
                        "listed_flow",
                        "listed_changelog",
                        "listed_changelog_lock",
                        "listed_schedules",
                        "listed_unique_keys",
                        "listed_failures",
                        "listed_nodes",
                        "listed_paused",
                        "listed_follow_ups",
                        "listed_batches",
                        "listed_trace_context");
        assertThat(jdbc.queryForList("""
                SELECT CONCAT(column_name, ' ', column_type, ' nullable=', is_nullable, ' key=', column_key)
                FROM information_schema.columns
                WHERE table_schema = DATABASE() AND table_name = 'listed_locks'
                ORDER BY ordinal_position
                """, String.class))
                .containsExactly(
                        "name varchar(64) nullable=NO key=PRI",
                        "owner varchar(128) nullable=NO key=",
                        "expires_at timestamp(3) nullable=NO key=");
        // data_type: MySQL 8 shows no display widths in column_type (smallint), MariaDB does (smallint(6)).
        assertThat(jdbc.queryForList("""
                SELECT CONCAT(column_name, ' ', data_type, ' nullable=', is_nullable, ' key=', column_key)
                FROM information_schema.columns
                WHERE table_schema = DATABASE() AND table_name = 'listed_flow'
                ORDER BY ordinal_position
                """, String.class))
                .containsExactly(
                        "job_type smallint nullable=NO key=PRI",
                        "tenant smallint nullable=NO key=PRI",
                        "window_start bigint nullable=NO key=",
                        "window_starts int nullable=NO key=");
    }

    @Test
    void theFailuresNodesAndTraceContextTablesAreOurOwnWithTheDocumentedColumns(TestSchema schema) {
        JobQueueSchema.migrate(schema.dataSource(), TableName.of("faulty"));
        JdbcTemplate jdbc = new JdbcTemplate(schema.dataSource());
        String columns = """
                SELECT CONCAT(column_name, ' ', column_type, ' nullable=', is_nullable, ' key=', column_key)
                FROM information_schema.columns
                WHERE table_schema = DATABASE() AND table_name = ?
                ORDER BY ordinal_position
                """;
        // MySQL 8 drops the display width of integer types, MariaDB keeps it.
        java.util.function.Function<String, List<String>> shapeOf =
                name -> jdbc.queryForList(columns, String.class, name).stream()
                        .map(column -> column.replaceAll("int\\(\\d+\\)", "int"))
                        .toList();

        assertThat(shapeOf.apply("faulty_failures"))
                .containsExactly(
                        "id varchar(40) nullable=NO key=PRI",
                        "part timestamp nullable=NO key=PRI",
                        "retry_group varchar(64) nullable=NO key=MUL",
                        "kind varchar(16) nullable=NO key=",
                        "exception_class varchar(255) nullable=NO key=",
                        "message text nullable=YES key=",
                        "stack_trace mediumtext nullable=YES key=",
                        "node varchar(128) nullable=NO key=",
                        "failed_at timestamp(3) nullable=NO key=");
        assertThat(shapeOf.apply("faulty_nodes"))
                .containsExactly(
                        "node_id varchar(128) nullable=NO key=PRI",
                        "host varchar(255) nullable=NO key=",
                        "pid bigint nullable=NO key=",
                        "started_at timestamp(3) nullable=NO key=",
                        "job_types varchar(4000) nullable=NO key=",
                        "tenants varchar(1024) nullable=NO key=",
                        "held_jobs int nullable=NO key=",
                        "heartbeat_at timestamp(3) nullable=NO key=",
                        "expires_at timestamp(3) nullable=NO key=",
                        "type_ids varchar(1024) nullable=NO key=",
                        "held_job_ids mediumtext nullable=YES key=");
        assertThat(shapeOf.apply("faulty_trace_context"))
                .containsExactly(
                        "retry_group varchar(64) nullable=NO key=PRI",
                        "part timestamp nullable=NO key=MUL",
                        "headers varchar(2048) nullable=NO key=");
    }

    @Test
    void bothTablesArePartitionedByTheUnixTimestampOfPart(TestSchema schema) {
        TableName table = TableName.of("partitioned");
        JobQueueSchema.migrate(schema.dataSource(), table);
        JdbcTemplate jdbc = new JdbcTemplate(schema.dataSource());

        List<Map<String, Object>> partitions = jdbc.queryForList("""
                SELECT table_name, partition_method, partition_expression, partition_description
                FROM information_schema.partitions
                WHERE table_schema = DATABASE() AND table_name IN (?, ?)
                ORDER BY table_name
                """, table.jobs(), table.jobsData());

        assertThat(partitions).hasSize(2).allSatisfy(partition -> {
            assertThat(partition.get("partition_method")).isEqualTo("RANGE");
            assertThat(partition
                            .get("partition_expression")
                            .toString()
                            .replace("`", "")
                            .toLowerCase())
                    .isEqualTo("unix_timestamp(part)");
            assertThat(partition.get("partition_description")).isEqualTo("MAXVALUE");
        });
    }

    @Test
    void rowsWithAnyStorableTimestampInsert(TestSchema schema) {
        TableName table = TableName.of("anytime");
        JobQueueSchema.migrate(schema.dataSource(), table);
        JdbcTemplate jdbc = new JdbcTemplate(schema.dataSource());

        for (String part : List.of("1970-01-01 00:00:01", "2023-09-01 00:00:00", "2038-01-19 03:14:07")) {
            jdbc.update("INSERT INTO anytime (id, process_at, part) VALUES (?, ?, ?)", "id-" + part, part, part);
            jdbc.update("INSERT INTO anytime_data (id, part, retry_group) VALUES (?, ?, 'g')", "id-" + part, part);
        }

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM anytime", Integer.class))
                .isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM anytime_data", Integer.class))
                .isEqualTo(3);
    }

    @Test
    void migratingTwiceChangesNothing(TestSchema schema) {
        TableName table = TableName.of("twice");
        JobQueueSchema.migrate(schema.dataSource(), table);
        Set<String> first = shape(schema, table);

        JobQueueSchema.migrate(schema.dataSource(), table);

        assertThat(shape(schema, table)).isEqualTo(first);
    }

    @Test
    void aTableNameThatIsNotAPlainIdentifierIsRefused() {
        assertThatExceptionOfType(InvalidJobInputException.class)
                .isThrownBy(() -> TableName.of("jobs; DROP TABLE users"))
                .withMessageContaining("table must be a plain SQL identifier")
                .withMessageContaining("jobs; DROP TABLE users");
        assertThatExceptionOfType(InvalidJobInputException.class).isThrownBy(() -> TableName.of("9jobs"));
        assertThatExceptionOfType(InvalidJobInputException.class).isThrownBy(() -> TableName.of("jobs`x"));
    }

    private static int indexCount(TestSchema schema, String table) {
        Integer count = new JdbcTemplate(schema.dataSource()).queryForObject("""
                        SELECT COUNT(DISTINCT index_name) FROM information_schema.statistics
                        WHERE table_schema = DATABASE() AND table_name = ?
                        """, Integer.class, table);
        return count == null ? 0 : count;
    }

    static Set<String> shape(TestSchema schema, TableName table) {
        JdbcTemplate jdbc = new JdbcTemplate(schema.dataSource());
        Set<String> shape = new TreeSet<>();
        for (String name : List.of(table.jobs(), table.jobsData())) {
            String logical = name.equals(table.jobs()) ? "jobs" : "jobs_data";
            jdbc.query(
                    """
                    SELECT column_name, column_type, is_nullable, column_default, extra
                    FROM information_schema.columns
                    WHERE table_schema = DATABASE() AND table_name = ?
                    """,
                    rs -> {
                        shape.add(normalizeOne("column " + logical + "." + rs.getString(1) + " " + rs.getString(2)
                                + " nullable=" + rs.getString(3) + " default=" + rs.getString(4)
                                + (rs.getString(5).isBlank() ? "" : " extra=" + rs.getString(5))));
                    },
                    name);
            List<String> indexes = new ArrayList<>();
            jdbc.query(
                    """
                    SELECT index_name, GROUP_CONCAT(column_name ORDER BY seq_in_index) AS columns, MIN(non_unique)
                    FROM information_schema.statistics
                    WHERE table_schema = DATABASE() AND table_name = ?
                    GROUP BY index_name
                    """,
                    rs -> {
                        indexes.add("index " + logical + "." + rs.getString(1) + "(" + rs.getString(2) + ") unique="
                                + (rs.getInt(3) == 0));
                    },
                    name);
            shape.addAll(indexes);
        }
        return shape;
    }

    private static Set<String> normalize(Set<String> lines) {
        Set<String> normalized = new TreeSet<>();
        lines.forEach(line -> normalized.add(normalizeOne(line)));
        return normalized;
    }

    /**
     * MySQL 8 drops display widths ("tinyint unsigned"), MariaDB keeps them ("tinyint(3)
     * unsigned"); MariaDB quotes literal defaults, MySQL does not; the two spell
     * CURRENT_TIMESTAMP differently. None of these is a difference in the schema.
     */
    private static String normalizeOne(String line) {
        return line.replaceAll("(tinyint|int)\\(\\d+\\)", "$1")
                .replaceAll("default='([^']*)'", "default=$1")
                .replaceAll("(?i)current_timestamp(\\(\\))?", "CURRENT_TIMESTAMP")
                .replace("DEFAULT_GENERATED", "")
                .replaceAll("extra=\\s+", "extra=")
                .replaceAll(" extra=$", "")
                .toLowerCase();
    }
}
