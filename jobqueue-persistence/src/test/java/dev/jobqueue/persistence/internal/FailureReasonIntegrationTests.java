package dev.jobqueue.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobFailure;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.test.MutableClock;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every failed row keeps why it failed, written with the failure itself; lease recovery records
 * a crash ("worker died while running it") and stops retrying a job whose worker died
 * {@code maxCrashes} times.
 */
@ExtendWith(TestDatabaseExtension.class)
class FailureReasonIntegrationTests {

    private static final TableName TABLE = TableName.of("reasons");
    private static final JobType TYPE = JobType.of(9);
    private static final Tenant TENANT = Tenant.of(3);
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Instant NOW = Instant.parse("2030-05-06T07:08:09Z");
    private static final RetryPolicy AT_ONCE = RetryPolicy.fixedDelay(Duration.ZERO);
    private static final FailureReason BOOM = new FailureReason(
            JobFailure.Kind.ERROR,
            "java.lang.IllegalStateException",
            "IllegalStateException: boom",
            "java.lang.IllegalStateException: boom\n\tat Handler.run(Handler.java:1)",
            "node-a");

    private static TestSchema schema;
    private final MutableClock clock = new MutableClock(NOW);
    private JobQueue queue;

    @BeforeAll
    static void createTables(TestSchema testSchema) {
        schema = testSchema;
        JobQueueSchema.migrate(schema.dataSource(), TABLE);
    }

    @BeforeEach
    void emptyTables() {
        JdbcTemplate jdbc = new JdbcTemplate(schema.dataSource());
        jdbc.execute("TRUNCATE TABLE reasons");
        jdbc.execute("TRUNCATE TABLE reasons_data");
        jdbc.execute("TRUNCATE TABLE reasons_failures");
        queue = JobQueue.create(
                schema.dataSource(),
                JobQueueSettings.defaults().withTable(TABLE).withClock(clock));
    }

    @Test
    void aFailureIsStoredWithItsReasonAndTheRetryRowHasNone() {
        JobId id = queue.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW).executions(2));
        ClaimedJob claimed = queue.claim(TENANT, TYPE, 1, LEASE).jobs().get(0);

        queue.failAndRetry(claimed, NOW.plusSeconds(5), BOOM);

        JobFailure failure = queue.failureOf(id).orElseThrow();
        assertThat(failure.id()).isEqualTo(id);
        assertThat(failure.kind()).isEqualTo(JobFailure.Kind.ERROR);
        assertThat(failure.exceptionClass()).isEqualTo("java.lang.IllegalStateException");
        assertThat(failure.message()).isEqualTo("IllegalStateException: boom");
        assertThat(failure.stackTrace()).contains("at Handler.run(Handler.java:1)");
        assertThat(failure.node()).isEqualTo("node-a");
        assertThat(failure.failedAt()).isEqualTo(NOW);
        List<JobDetails> group = queue.findByRetryGroup(claimed.retryGroup());
        assertThat(group).extracting(JobDetails::subState).containsExactly(44, 10);
        assertThat(queue.failureOf(group.get(1).id())).isEmpty();
    }

    @Test
    void anOutcomeRefusedByTheVersionGuardStoresNoReason() {
        JobId id = queue.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW).executions(3));
        ClaimedJob claimed = queue.claim(TENANT, TYPE, 1, 1, LEASE).jobs().get(0);
        clock.advance(LEASE.plusSeconds(1));
        assertThat(queue.recoverExpiredLeases(TENANT, TYPE, 10, AT_ONCE, 3, "node-b"))
                .isEqualTo(1);

        assertThatExceptionOfType(JobLostException.class).isThrownBy(() -> queue.failWithoutRetry(claimed, BOOM));

        JobFailure failure = queue.failureOf(id).orElseThrow();
        assertThat(failure.kind()).isEqualTo(JobFailure.Kind.CRASH);
        assertThat(failure.exceptionClass()).isEqualTo("worker died while running it");
        assertThat(failure.message()).contains("crash 1 of at most 3");
        assertThat(failure.node()).isEqualTo("node-b");
    }

    @Test
    void aJobWhoseWorkerDiedTwiceIsNotRetriedAThirdTimeWithTwoAsTheLimit() {
        JobId first = queue.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW).executions(10));
        String group = queue.details(first).orElseThrow().retryGroup();

        for (int crash = 1; crash <= 2; crash++) {
            assertThat(queue.claim(TENANT, TYPE, 1, 1, LEASE).jobs())
                    .as("claim %d", crash)
                    .hasSize(1);
            clock.advance(LEASE.plusSeconds(1));
            assertThat(queue.recoverExpiredLeases(TENANT, TYPE, 10, AT_ONCE, 2, "node-c"))
                    .isEqualTo(1);
        }

        List<JobDetails> rows = queue.findByRetryGroup(group);
        assertThat(rows).extracting(JobDetails::subState).containsExactly(41, 42);
        assertThat(rows.get(1).pendingExecution()).as("executions left, unused").isEqualTo(8);
        JobFailure last = queue.failureOf(rows.get(1).id()).orElseThrow();
        assertThat(last.kind()).isEqualTo(JobFailure.Kind.CRASH);
        assertThat(last.exceptionClass()).isEqualTo("worker died while running it");
        assertThat(last.message()).contains("crash 2 of at most 2");
        assertThat(queue.claim(TENANT, TYPE, 1, LEASE).jobs()).isEmpty();
    }

    @Test
    void withoutALimitACrashingJobRunsUntilItsExecutionsAreSpentAndEachRowKeepsItsCrash() {
        JobId first = queue.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW).executions(3));
        String group = queue.details(first).orElseThrow().retryGroup();

        for (int crash = 1; crash <= 3; crash++) {
            assertThat(queue.claim(TENANT, TYPE, 1, 1, LEASE).jobs())
                    .as("claim %d", crash)
                    .hasSize(1);
            clock.advance(LEASE.plusSeconds(1));
            queue.recoverExpiredLeases(TENANT, TYPE, 10, AT_ONCE, 0, "node-d");
        }

        List<JobDetails> rows = queue.findByRetryGroup(group);
        assertThat(rows).extracting(JobDetails::subState).containsExactly(41, 41, 43);
        assertThat(rows)
                .allSatisfy(row -> assertThat(queue.failureOf(row.id()))
                        .get()
                        .extracting(JobFailure::kind)
                        .isEqualTo(JobFailure.Kind.CRASH));
        assertThat(queue.failureOf(rows.get(2).id()).orElseThrow().message()).contains("(crash 3)");
    }

    @Test
    void aJobOnItsLastExecutionEndsWithNoRetryLeftWhateverItsCrashes() {
        JobId id = queue.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW).executions(1));
        queue.claim(TENANT, TYPE, 1, 1, LEASE);
        clock.advance(LEASE.plusSeconds(1));

        queue.recoverExpiredLeases(TENANT, TYPE, 10, AT_ONCE, 1, "node-e");

        assertThat(queue.details(id).orElseThrow().subState()).isEqualTo(43);
        assertThat(queue.failureOf(id).orElseThrow().kind()).isEqualTo(JobFailure.Kind.CRASH);
    }

    @Test
    void aReleasedJobWhoseRunNeverStartedCountsNoCrash() {
        JobId id = queue.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW).executions(3));
        queue.claim(TENANT, TYPE, 1, LEASE);
        clock.advance(LEASE.plusSeconds(1));
        queue.recoverExpiredLeases(TENANT, TYPE, 10, AT_ONCE, 1, "node-f");
        assertThat(queue.details(id).orElseThrow().subState()).as("released").isEqualTo(10);
        assertThat(queue.failureOf(id)).isEmpty();

        queue.claim(TENANT, TYPE, 1, 1, LEASE);
        clock.advance(LEASE.plusSeconds(1));
        queue.recoverExpiredLeases(TENANT, TYPE, 10, AT_ONCE, 1, "node-f");

        assertThat(queue.details(id).orElseThrow().subState())
                .as("first crash, limit 1")
                .isEqualTo(42);
        assertThat(queue.failureOf(id).orElseThrow().message()).contains("crash 1 of at most 1");
    }

    @Test
    void withoutTheFailuresTableFailuresAndRecoveryWorkAsBeforeWithoutReasons() {
        TableName bare = TableName.of("reasonless");
        JobQueueSchema.migrate(schema.dataSource(), bare);
        new JdbcTemplate(schema.dataSource()).execute("DROP TABLE reasonless_failures");
        JobQueue old = JobQueue.create(
                schema.dataSource(), JobQueueSettings.defaults().withTable(bare).withClock(clock));
        JobId failed = old.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW).executions(2));
        JobId crashed = old.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW).executions(2));

        List<ClaimedJob> claimed = old.claim(TENANT, TYPE, 2, 2, LEASE).jobs();
        old.failAndRetry(claimed.get(0), NOW, BOOM);
        clock.advance(LEASE.plusSeconds(1));
        assertThat(old.recoverExpiredLeases(TENANT, TYPE, 10, AT_ONCE, 1, "node-g"))
                .isEqualTo(1);

        assertThat(old.details(failed).orElseThrow().subState()).isEqualTo(44);
        assertThat(old.details(crashed).orElseThrow().subState())
                .as("first crash, limit 1")
                .isEqualTo(42);
        assertThat(old.failureOf(failed)).isEmpty();
    }

    @Test
    void aCrashLimitOutOfRangeIsRefusedNamingTheField() {
        assertThatExceptionOfType(dev.jobqueue.domain.InvalidJobInputException.class)
                .isThrownBy(() -> queue.recoverExpiredLeases(TENANT, TYPE, 10, AT_ONCE, 256, "node"))
                .withMessageContaining("maxCrashes must be between 0 and 255 but was 256");
    }
}
