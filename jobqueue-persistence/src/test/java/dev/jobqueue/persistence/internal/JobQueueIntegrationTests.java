package dev.jobqueue.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.jobqueue.domain.JobDataUpdate;
import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobNotFoundException;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.domain.UserFields;
import dev.jobqueue.test.MutableClock;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

@ExtendWith(TestDatabaseExtension.class)
class JobQueueIntegrationTests {

    private static final TableName TABLE = TableName.of("queue");
    private static final JobType TYPE = JobType.of(5);
    private static final Tenant TENANT = Tenant.of(3);
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final Instant NOW = Instant.parse("2030-03-04T05:06:07Z");

    private static DataSource dataSource;
    private final MutableClock clock = new MutableClock(NOW);
    private JobQueue queue;
    private JdbcTemplate jdbc;

    @BeforeAll
    static void createTables(TestSchema schema) {
        dataSource = schema.dataSource();
        JobQueueSchema.migrate(dataSource, TABLE);
    }

    @BeforeEach
    void emptyTables() {
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("TRUNCATE TABLE queue");
        jdbc.execute("TRUNCATE TABLE queue_data");
        queue = JobQueue.create(
                dataSource, JobQueueSettings.defaults().withTable(TABLE).withClock(clock));
    }

    @Test
    void aScheduledJobReadsBackWithBothRows() {
        JobId id = queue.schedule(NewJob.of(TYPE)
                .tenant(TENANT)
                .runAt(NOW.plusMillis(1500))
                .executions(4)
                .correlationId("order-1")
                .properties(Map.of("orderId", 1))
                .userFields(UserFields.NONE.withString1("alice").withInt1(7)));

        JobDetails job = queue.details(id).orElseThrow();

        assertThat(job.part()).isEqualTo(NOW.plusSeconds(1));
        assertThat(job.processAt()).isEqualTo(NOW.plusSeconds(1));
        assertThat(job.state()).isEqualTo(JobState.SCHEDULED);
        assertThat(job.subState()).isEqualTo(10);
        assertThat(job.pendingExecution()).isEqualTo(4);
        assertThat(job.version()).isEqualTo(1);
        assertThat(job.tenant()).isEqualTo(TENANT);
        assertThat(job.jobType()).isEqualTo(TYPE);
        assertThat(job.correlationId()).isEqualTo("order-1");
        assertThat(job.properties()).isEqualTo("{\"orderId\":1}");
        assertThat(job.userFields()).isEqualTo(new UserFields("alice", null, 7, null));
        assertThat(job.retryGroup()).hasSize(36);
        assertThat(job.attempt()).isEqualTo(1);
    }

    @Test
    void newRetryGroupsAreTimeOrderedUuidsSoTheirIndexGrowsAtOneEnd() {
        long before = System.currentTimeMillis();
        List<JobId> ids = queue.scheduleAll(List.of(
                NewJob.of(TYPE).tenant(TENANT),
                NewJob.of(TYPE).tenant(TENANT),
                NewJob.of(TYPE).tenant(TENANT)));
        long after = System.currentTimeMillis();

        List<UUID> groups = ids.stream()
                .map(id -> UUID.fromString(queue.details(id).orElseThrow().retryGroup()))
                .toList();
        assertThat(groups).doesNotHaveDuplicates().allSatisfy(group -> {
            assertThat(group.version()).isEqualTo(7);
            assertThat(group.variant()).isEqualTo(2);
            assertThat(group.getMostSignificantBits() >>> 16).isBetween(before, after);
        });
    }

    @Test
    void claimTakesDueJobsInDueTimeOrderAndLeavesTheRest() {
        JobId second = queue.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW.minusSeconds(5)));
        JobId first = queue.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW.minusSeconds(10)));
        queue.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW.plusSeconds(30)));
        queue.schedule(NewJob.of(TYPE).tenant(Tenant.of(4)).runAt(NOW.minusSeconds(10)));
        queue.schedule(NewJob.of(JobType.of(6)).tenant(TENANT).runAt(NOW.minusSeconds(10)));

        ClaimBatch batch = queue.claim(TENANT, TYPE, 10, LEASE);

        assertThat(batch.jobs()).extracting(ClaimedJob::id).containsExactly(first, second);
        assertThat(batch.jobs()).allSatisfy(job -> {
            assertThat(job.subState()).isEqualTo(SubState.PROCESSING);
            assertThat(job.version()).isEqualTo(2);
            assertThat(job.pendingExecution()).isEqualTo(2);
            assertThat(job.leaseExpiresAt()).isEqualTo(NOW.plus(LEASE));
        });
        JobDetails stored = queue.details(first).orElseThrow();
        assertThat(stored.state()).isEqualTo(JobState.PROCESSING);
        assertThat(stored.subState()).isEqualTo(20);
        assertThat(stored.pendingExecution()).isEqualTo(2);
        assertThat(stored.version()).isEqualTo(2);
        assertThat(stored.leaseExpiresAt()).isEqualTo(NOW.plus(LEASE));
        assertThat(queue.countByState(TENANT, TYPE))
                .containsEntry(JobState.SCHEDULED, 1L)
                .containsEntry(JobState.PROCESSING, 2L);
    }

    @Test
    void whenNothingIsDueTheClaimSaysWhenTheNextJobIs() {
        queue.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW.plusSeconds(10)));

        ClaimBatch batch = queue.claim(TENANT, TYPE, 5, LEASE);

        assertThat(batch.jobs()).isEmpty();
        assertThat(batch.nextDueAt()).isEqualTo(NOW.plusSeconds(10));
        assertThat(batch.waitHint(NOW, Duration.ofMillis(1), Duration.ofSeconds(1)))
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(batch.waitHint(NOW, Duration.ofMillis(1), Duration.ofMinutes(1)))
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(queue.claim(TENANT, JobType.of(99), 5, LEASE).nextDueAt()).isNull();
    }

    @Test
    void aJobWithNoExecutionLeftIsNeverClaimedButFailedWith43() {
        JobId id = queue.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW));
        jdbc.update("UPDATE queue SET pending_execution = 0 WHERE id = ?", id.value());

        ClaimBatch batch = queue.claim(TENANT, TYPE, 5, LEASE);

        assertThat(batch.jobs()).isEmpty();
        assertThat(batch.exhausted()).isEqualTo(1);
        JobDetails job = queue.details(id).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.subState()).isEqualTo(43);
    }

    @Test
    void completingAJobCompletesTheScheduledJobsWithItsCorrelationIdWhenItsTypeOptedIn() {
        queue = JobQueue.create(
                dataSource,
                JobQueueSettings.defaults()
                        .withTable(TABLE)
                        .withClock(clock)
                        .withCorrelationScope(TYPE, CorrelationScope.TYPE));
        queue.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW).correlationId("c-1"));
        JobId sibling = queue.schedule(
                NewJob.of(TYPE).tenant(TENANT).runAt(NOW.plusSeconds(60)).correlationId("c-1"));
        JobId otherTenant =
                queue.schedule(NewJob.of(TYPE).tenant(Tenant.of(9)).runAt(NOW).correlationId("c-1"));
        JobId otherCorrelation = queue.schedule(
                NewJob.of(TYPE).tenant(TENANT).runAt(NOW.plusSeconds(60)).correlationId("c-2"));
        ClaimedJob job = queue.claim(TENANT, TYPE, 1, LEASE).jobs().get(0);

        queue.complete(job);

        assertThat(queue.details(job.id()).orElseThrow())
                .extracting(JobDetails::state, JobDetails::subState)
                .containsExactly(JobState.DONE, 30);
        assertThat(queue.details(sibling).orElseThrow())
                .extracting(JobDetails::state, JobDetails::subState)
                .containsExactly(JobState.DONE, 31);
        assertThat(queue.details(otherTenant).orElseThrow().state()).isEqualTo(JobState.SCHEDULED);
        assertThat(queue.details(otherCorrelation).orElseThrow().state()).isEqualTo(JobState.SCHEDULED);
    }

    @Test
    void aJobWithThreeExecutionsThatAlwaysFailsLeavesThreeRowsTheLastWith43() {
        JobId id = queue.schedule(NewJob.of(TYPE)
                .tenant(TENANT)
                .runAt(NOW)
                .executions(3)
                .properties("{\"a\":1}")
                .userFields(new UserFields("s1", "s2", 11, 22)));
        String group = queue.details(id).orElseThrow().retryGroup();

        for (int run = 0; run < 3; run++) {
            ClaimedJob job = queue.claim(TENANT, TYPE, 1, LEASE).jobs().get(0);
            assertThat(job.attempt()).isEqualTo(run + 1);
            queue.failAndRetry(job, RetryPolicy.fixedDelay(Duration.ofSeconds(10)));
            clock.advance(Duration.ofSeconds(10));
        }

        List<JobDetails> rows = queue.findByRetryGroup(group);
        assertThat(rows).extracting(JobDetails::subState).containsExactly(44, 44, 43);
        assertThat(rows).extracting(JobDetails::pendingExecution).containsExactly(2, 1, 0);
        assertThat(rows).extracting(JobDetails::attempt).containsExactly(1, 2, 3);
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.properties()).isEqualTo("{\"a\":1}");
            assertThat(row.userFields()).isEqualTo(new UserFields("s1", "s2", 11, 22));
            assertThat(row.tenant()).isEqualTo(TENANT);
        });
        assertThat(rows.get(1).processAt()).isEqualTo(NOW.plusSeconds(10));
        assertThat(queue.claim(TENANT, TYPE, 1, LEASE).jobs()).isEmpty();
    }

    @Test
    void declineNotRetryableAndRescheduleEndInTheirSubStates() {
        queue.scheduleAll(List.of(
                NewJob.of(TYPE).tenant(TENANT).runAt(NOW.minusSeconds(3)),
                NewJob.of(TYPE).tenant(TENANT).runAt(NOW.minusSeconds(2)),
                NewJob.of(TYPE).tenant(TENANT).runAt(NOW.minusSeconds(1)).executions(1)));
        List<ClaimedJob> jobs = queue.claim(TENANT, TYPE, 3, LEASE).jobs();

        queue.declineRetry(jobs.get(0));
        queue.failWithoutRetry(jobs.get(1));
        queue.reschedule(jobs.get(2), NOW.plusSeconds(3600));

        assertThat(queue.details(jobs.get(0).id()).orElseThrow().subState()).isEqualTo(45);
        assertThat(queue.details(jobs.get(1).id()).orElseThrow().subState()).isEqualTo(42);
        List<JobDetails> rescheduled = queue.findByRetryGroup(jobs.get(2).retryGroup());
        assertThat(rescheduled)
                .extracting(JobDetails::state, JobDetails::subState, JobDetails::pendingExecution)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(JobState.DONE, 32, 0),
                        org.assertj.core.groups.Tuple.tuple(JobState.SCHEDULED, 10, 1));
        assertThat(rescheduled.get(1).processAt()).isEqualTo(NOW.plusSeconds(3600));
    }

    @Test
    void aWorkerWhoseClaimWasTakenOverCannotCompleteOrFailTheJob() {
        queue.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW).executions(2));
        ClaimedJob job =
                queue.claim(TENANT, TYPE, 1, Duration.ofSeconds(30)).jobs().get(0);
        queue.recordStarts(List.of(job));
        clock.advance(Duration.ofSeconds(31));

        int recovered = queue.recoverExpiredLeases(TENANT, TYPE, 10, RetryPolicy.fixedDelay(Duration.ZERO));

        assertThat(recovered).isEqualTo(1);
        JobDetails afterRecovery = queue.details(job.id()).orElseThrow();
        assertThat(afterRecovery.subState()).isEqualTo(41);
        assertThatExceptionOfType(JobLostException.class)
                .isThrownBy(() -> queue.complete(job))
                .withMessageContaining(job.id().value())
                .withMessageContaining("nothing was changed");
        assertThatExceptionOfType(JobLostException.class)
                .isThrownBy(() -> queue.failAndRetry(job, NOW.plusSeconds(60)));
        assertThatExceptionOfType(JobLostException.class).isThrownBy(() -> queue.heartbeat(job, LEASE));
        assertThat(queue.completeAll(List.of(job))).containsExactly(job);
        assertThat(queue.details(job.id()).orElseThrow()).isEqualTo(afterRecovery);
        List<JobDetails> group = queue.findByRetryGroup(job.retryGroup());
        assertThat(group).extracting(JobDetails::subState).containsExactly(41, 10);
        assertThat(group.get(1).pendingExecution()).isEqualTo(1);
    }

    @Test
    void heartbeatsKeepALeaseAlive() {
        queue.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW));
        ClaimedJob job =
                queue.claim(TENANT, TYPE, 1, Duration.ofSeconds(30)).jobs().get(0);

        clock.advance(Duration.ofSeconds(20));
        ClaimedJob renewed = queue.heartbeat(job, Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(20));

        assertThat(queue.recoverExpiredLeases(TENANT, TYPE, 10, RetryPolicy.fixedDelay(Duration.ZERO)))
                .isZero();
        assertThat(renewed.leaseExpiresAt()).isEqualTo(NOW.plusSeconds(50));
        queue.complete(renewed);
        assertThat(queue.details(job.id()).orElseThrow().subState()).isEqualTo(30);
    }

    @Test
    void completeAllCompletesEveryHeldJobWithOneStatement() {
        for (int i = 0; i < 50; i++) {
            queue.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW.minusSeconds(i)));
        }
        List<ClaimedJob> jobs = queue.claim(TENANT, TYPE, 50, LEASE).jobs();

        assertThat(queue.completeAll(jobs)).isEmpty();

        assertThat(queue.countByState(TENANT, TYPE))
                .containsEntry(JobState.DONE, 50L)
                .containsEntry(JobState.PROCESSING, 0L);
        assertThat(queue.countUnfinished(TENANT, TYPE))
                .as("finished jobs are not counted")
                .containsOnlyKeys(JobState.SCHEDULED, JobState.PROCESSING)
                .containsEntry(JobState.PROCESSING, 0L);
    }

    @Test
    void finishedJobsAreCompletedAndTheNextOnesClaimedInOneCall() {
        for (int i = 0; i < 5; i++) {
            queue.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW.minusSeconds(10 - i)));
        }
        List<ClaimedJob> first = queue.claim(TENANT, TYPE, 3, LEASE).jobs();
        queue.failWithoutRetry(first.get(0));

        CompletedAndClaimed result = queue.completeAndClaim(first, TENANT, TYPE, 10, LEASE);

        assertThat(result.refused()).as("failed before: no longer held").containsExactly(first.get(0));
        assertThat(result.claimed().jobs())
                .hasSize(2)
                .extracting(ClaimedJob::id)
                .doesNotContainAnyElementsOf(first.stream().map(ClaimedJob::id).toList());
        assertThat(queue.countByState(TENANT, TYPE))
                .containsEntry(JobState.DONE, 2L)
                .containsEntry(JobState.FAILED, 1L)
                .containsEntry(JobState.PROCESSING, 2L)
                .containsEntry(JobState.SCHEDULED, 0L);
        assertThat(queue.details(first.get(1).id()).orElseThrow().version()).isEqualTo(3);
    }

    @Test
    void updatedDataReadsBack() {
        JobId id = queue.schedule(NewJob.of(TYPE).tenant(TENANT).properties(Map.of("v", 1)));

        queue.updateData(id, new JobDataUpdate(Map.of("v", 2), new UserFields("x", "y", 1, 2)));

        JobDetails job = queue.details(id).orElseThrow();
        assertThat(job.properties()).isEqualTo("{\"v\":2}");
        assertThat(job.userFields()).isEqualTo(new UserFields("x", "y", 1, 2));
        assertThat(queue.findByUserFields(UserFields.NONE.withString1("x").withInt2(2), 10))
                .extracting(JobDetails::id)
                .containsExactly(id);
        assertThat(queue.findByCorrelationId(TENANT, "none")).isEmpty();
    }

    @Test
    void updatingAnUnknownJobIsAnError() {
        JobId unknown = JobId.forRunAt(NOW);
        assertThatExceptionOfType(JobNotFoundException.class)
                .isThrownBy(() -> queue.updateData(unknown, new JobDataUpdate(null, UserFields.NONE)))
                .withMessageContaining(unknown.value());
    }
}
