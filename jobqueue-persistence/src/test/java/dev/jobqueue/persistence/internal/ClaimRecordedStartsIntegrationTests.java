package dev.jobqueue.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.test.MutableClock;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A claim records the starts of the jobs that go straight to free handler threads in its own
 * statement, so that lease recovery fails them even when their worker died before any other write.
 */
@ExtendWith(TestDatabaseExtension.class)
class ClaimRecordedStartsIntegrationTests {

    private static final TableName TABLE = TableName.of("claimstarts");
    private static final JobType TYPE = JobType.of(9);
    private static final Tenant TENANT = Tenant.of(3);
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Instant NOW = Instant.parse("2030-05-06T07:08:09Z");
    private static final RetryPolicy AT_ONCE = RetryPolicy.fixedDelay(Duration.ZERO);

    private static TestSchema schema;
    private final MutableClock clock = new MutableClock(NOW);
    private JobQueue queue;
    private JdbcTemplate jdbc;

    @BeforeAll
    static void createTables(TestSchema testSchema) {
        schema = testSchema;
        JobQueueSchema.migrate(schema.dataSource(), TABLE);
    }

    @BeforeEach
    void emptyTables() {
        jdbc = new JdbcTemplate(schema.dataSource());
        jdbc.execute("TRUNCATE TABLE claimstarts");
        jdbc.execute("TRUNCATE TABLE claimstarts_data");
        queue = JobQueue.create(
                schema.dataSource(),
                JobQueueSettings.defaults().withTable(TABLE).withClock(clock));
    }

    @Test
    void aClaimThatStartsTwoOfFiveJobsMarksExactlyTheFirstTwoAndRecoveryFailsOnlyThose() {
        List<JobId> ids = queue.scheduleAll(
                Collections.nCopies(5, NewJob.of(TYPE).tenant(TENANT).runAt(NOW).executions(2)));

        List<ClaimedJob> claimed = queue.claim(TENANT, TYPE, 5, 2, LEASE).jobs();

        assertThat(claimed).extracting(ClaimedJob::id).containsExactlyElementsOf(ids);
        for (JobId id : ids.subList(0, 2)) {
            assertThat(utc(row(id).get("run_started_at")))
                    .as("start of %s, recorded by the claim", id)
                    .isEqualTo(NOW);
        }
        for (JobId id : ids.subList(2, 5)) {
            assertThat(row(id)).as("job %s, left in the buffer", id).containsEntry("run_started_at", null);
        }
        clock.advance(LEASE.plusSeconds(1));

        assertThat(queue.recoverExpiredLeases(TENANT, TYPE, 10, AT_ONCE)).isEqualTo(5);

        for (ClaimedJob job : claimed.subList(0, 2)) {
            List<JobDetails> group = queue.findByRetryGroup(job.retryGroup());
            assertThat(group)
                    .as("rows of %s, which started", job.id())
                    .extracting(JobDetails::subState)
                    .containsExactly(41, 10);
            assertThat(group.get(1).pendingExecution()).isEqualTo(1);
            assertThat(group.get(1).attempt()).isEqualTo(2);
        }
        for (ClaimedJob job : claimed.subList(2, 5)) {
            assertThat(queue.findByRetryGroup(job.retryGroup()))
                    .as("rows of %s, never started", job.id())
                    .hasSize(1);
            assertThat(row(job.id()))
                    .containsEntry("state", 1)
                    .containsEntry("sub_state", 10)
                    .containsEntry("pending_execution", 2)
                    .containsEntry("run_started_at", null);
        }
    }

    @Test
    void aClaimThatStartsMoreThanItFindsMarksAllItClaimed() {
        List<JobId> ids = queue.scheduleAll(
                Collections.nCopies(2, NewJob.of(TYPE).tenant(TENANT).runAt(NOW)));

        queue.claim(TENANT, TYPE, 8, 8, LEASE);

        ids.forEach(id -> assertThat(utc(row(id).get("run_started_at"))).isEqualTo(NOW));
    }

    @Test
    void startingMoreJobsThanTheClaimMayTakeIsRefusedAndClaimsNothing() {
        JobId id = queue.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW));

        assertThatThrownBy(() -> queue.claim(TENANT, TYPE, 2, 3, LEASE))
                .isInstanceOf(InvalidJobInputException.class)
                .hasMessageContaining("startedNow");
        assertThatThrownBy(() -> queue.claim(TENANT, TYPE, 2, -1, LEASE))
                .isInstanceOf(InvalidJobInputException.class)
                .hasMessageContaining("startedNow");

        assertThat(row(id)).containsEntry("state", 1).containsEntry("run_started_at", null);
    }

    private Map<String, Object> row(JobId id) {
        return jdbc.queryForMap(
                "SELECT state, sub_state, pending_execution, run_started_at FROM claimstarts" + " WHERE id = ?",
                id.value());
    }

    private static @Nullable Instant utc(@Nullable Object value) {
        if (value == null) {
            return null;
        }
        LocalDateTime time = value instanceof Timestamp timestamp ? timestamp.toLocalDateTime() : (LocalDateTime) value;
        return time.toInstant(ZoneOffset.UTC);
    }
}
