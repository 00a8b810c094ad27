package dev.jobqueue.persistence.gocompat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.persistence.gocompat.StoredRows.StoredJob;
import dev.jobqueue.persistence.internal.ClaimedJob;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.persistence.internal.JobQueueSchema;
import dev.jobqueue.persistence.internal.JobQueueSettings;
import dev.jobqueue.test.MutableClock;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Tables as a Go deployment has them, shared by a {@link JobQueue} and a {@link GoQueue}:
 * created by the seed's own DDL (its 2023 weekly partitions), then adopted by jobqueue's
 * changelog. Each side has its own connection pool, as two processes would.
 */
@ExtendWith(TestDatabaseExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GoCompatibilityFixture {

    /** The Go library's table names. */
    static final TableName TABLE = TableName.DEFAULT;
    /** The seed tests' testTenant and testJobType. */
    static final int TENANT = 78;

    static final int TYPE = 79;
    static final Tenant JQ_TENANT = Tenant.of(TENANT);
    static final JobType JQ_TYPE = JobType.of(TYPE);
    static final Instant NOW = Instant.parse("2030-03-04T05:06:07Z");
    static final Duration LEASE = Duration.ofMinutes(5);

    /**
     * go-sql-driver/mysql reports changed rows, not matched rows (its clientFoundRows is off), so
     * the seed's "zero rows updated" checks see what this driver option reports.
     */
    static final String GO_DRIVER_PROPERTIES = "useAffectedRows=true";

    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    DataSource jobQueueDataSource;
    DataSource goDataSource;
    MutableClock clock;
    JobQueue queue;
    GoQueue go;
    StoredRows rows;

    @BeforeAll
    void createTablesAsTheGoLibraryDoesThenAdoptThem(TestSchema schema) {
        jobQueueDataSource = schema.dataSource();
        goDataSource = schema.newDataSource(4, GO_DRIVER_PROPERTIES);
        JdbcTemplate jdbc = new JdbcTemplate(goDataSource);
        for (String statement : seedDdl().split(";")) {
            String sql = statement.replaceAll("(?m)--.*$", "").trim();
            if (!sql.isEmpty()) {
                jdbc.execute(sql);
            }
        }
        JobQueueSchema.migrate(jobQueueDataSource, TABLE);
        rows = new StoredRows(jobQueueDataSource, TABLE);
    }

    @BeforeEach
    void emptyTablesAndStartBothSides() {
        JdbcTemplate jdbc = new JdbcTemplate(jobQueueDataSource);
        // MariaDB 11.4 now and then refuses a TRUNCATE right after the last test's DML with a
        // lock wait timeout (1205), while InnoDB still purges that table; it passes moments later.
        for (String table : List.of(TABLE.jobs(), TABLE.jobsData())) {
            await().atMost(Duration.ofSeconds(30))
                    .ignoreExceptionsMatching(GoCompatibilityFixture::isLockWaitTimeout)
                    .untilAsserted(() -> jdbc.execute("TRUNCATE TABLE " + table));
        }
        clock = new MutableClock(NOW);
        queue = JobQueue.create(
                jobQueueDataSource, JobQueueSettings.defaults().withTable(TABLE).withClock(clock));
        go = new GoQueue(goDataSource, TABLE, clock);
    }

    /**
     * Checks one job's rows against CONTRACT.md, then its state, sub_state, pending_execution
     * and version.
     */
    StoredJob assertRow(String id, int state, int subState, int pendingExecution, int version) {
        StoredJob row = rows.get(id);
        assertFollowsContract(row);
        assertThat(row)
                .as("row %s: state, sub_state, pending_execution, version", id)
                .extracting(StoredJob::state, StoredJob::subState, StoredJob::pendingExecution, StoredJob::version)
                .containsExactly(state, subState, pendingExecution, version);
        return row;
    }

    /** The invariants CONTRACT.md gives every job, whichever side wrote it. */
    static void assertFollowsContract(StoredJob row) {
        String id = row.id();
        assertThat(id).as("id is a 26-character ULID").hasSize(26).matches("[0-7][0-9A-HJKMNP-TV-Z]{25}");
        assertThat(row.processAt())
                .as("process_at of %s is whole seconds", id)
                .isEqualTo(row.processAt().truncatedTo(ChronoUnit.SECONDS));
        assertThat(row.part())
                .as("part of %s equals process_at and the id's timestamp", id)
                .isEqualTo(row.processAt())
                .isEqualTo(JobId.parse(id).part());
        assertThat(JobId.parse(id).timestampMillis())
                .as("the id's timestamp of %s is process_at", id)
                .isEqualTo(row.processAt().toEpochMilli());
        assertThat(row.hasDataRow()).as("%s has its jobs_data row", id).isTrue();
        assertThat(row.dataPart()).as("jobs_data.part of %s", id).isEqualTo(row.part());
        assertThat(row.dataTenant()).as("jobs_data.tenant of %s", id).isEqualTo(row.tenant());
        assertThat(row.retryGroup()).as("retry_group of %s is a UUID", id).matches(UUID_PATTERN);
        assertThat(row.state()).as("state of %s", id).isBetween(1, 4);
        if (row.state() == 2) {
            assertThat(row.subState())
                    .as("sub_state of processing %s: 10 when Go claimed it, 20 when jobqueue did", id)
                    .isIn(10, 20);
        } else {
            assertThat(row.subState() / 10)
                    .as("sub_state %s of %s is state * 10 + k", row.subState(), id)
                    .isEqualTo(row.state());
        }
        assertThat(row.version()).as("version of %s", id).isPositive();
        if (row.properties() != null) {
            assertThat(row.properties())
                    .as("properties of %s are a JSON object", id)
                    .startsWith("{")
                    .endsWith("}");
        }
    }

    /**
     * The job as a jobqueue worker holds it after reading it: by its version, which is the
     * proof of the claim. A row the Go poller claimed reads as state 2 with sub_state 10.
     */
    ClaimedJob holdAsJobQueueWorker(String id) {
        JobDetails job = queue.details(JobId.parse(id)).orElseThrow();
        return new ClaimedJob(
                job.id(),
                job.tenant(),
                job.jobType(),
                job.correlationId(),
                job.subStateCode(),
                job.pendingExecution(),
                job.version(),
                job.processAt(),
                clock.instant().plus(LEASE),
                job.retryGroup(),
                job.attempt() == null ? 1 : job.attempt(),
                job.properties(),
                job.userFields());
    }

    static JobId jobId(String id) {
        return JobId.parse(id);
    }

    private static boolean isLockWaitTimeout(Throwable e) {
        return e instanceof DataAccessException access
                && access.getMostSpecificCause() instanceof SQLException sql
                && sql.getErrorCode() == 1205;
    }

    private static String seedDdl() {
        try (InputStream in = GoCompatibilityFixture.class.getResourceAsStream("/seed-schema.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
