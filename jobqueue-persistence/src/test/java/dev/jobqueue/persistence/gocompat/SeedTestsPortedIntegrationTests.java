package dev.jobqueue.persistence.gocompat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.domain.JobDataUpdate;
import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.UserFields;
import dev.jobqueue.persistence.gocompat.GoApi.Details;
import dev.jobqueue.persistence.gocompat.GoApi.PollOutcome;
import dev.jobqueue.persistence.gocompat.GoApi.ScheduleRequest;
import dev.jobqueue.persistence.internal.ClaimBatch;
import dev.jobqueue.persistence.internal.ClaimedJob;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The integration tests of gox-base's queue/mysql/queue_test.go, step by step, against
 * jobqueue's API. Where jobqueue answers differently on purpose, the test says so. The last
 * test runs the reschedule test against {@link GoQueue}, to show the helper behaves as the
 * seed does.
 */
class SeedTestsPortedIntegrationTests extends GoCompatibilityFixture {

    private NewJob seedJob() {
        return NewJob.of(JQ_TYPE).tenant(JQ_TENANT).runAt(NOW).executions(3).properties(Map.of("info", "1023"));
    }

    /** TestSchedule: "schedule a simple job" and "... pull it back and also test if job mark complete works". */
    @Test
    void aScheduledJobReadsBackAndIsClaimedAndCompleted() {
        JobId id = queue.schedule(seedJob());

        JobDetails scheduled = queue.details(id).orElseThrow();
        assertThat(scheduled)
                .extracting(
                        JobDetails::state,
                        JobDetails::subState,
                        JobDetails::pendingExecution,
                        JobDetails::tenant,
                        JobDetails::jobType)
                .containsExactly(JobState.SCHEDULED, 10, 3, JQ_TENANT, JQ_TYPE);
        assertThat(scheduled.properties()).isEqualTo("{\"info\":\"1023\"}");

        ClaimedJob job = queue.claim(JQ_TENANT, JQ_TYPE, 100, LEASE).jobs().get(0);
        assertThat(job.id()).isEqualTo(id);
        JobDetails processing = queue.details(id).orElseThrow();
        // The seed's claim leaves sub_state 10; jobqueue writes 20 (processing), which the Go library never reads.
        assertThat(processing)
                .extracting(
                        JobDetails::state,
                        JobDetails::subState,
                        JobDetails::pendingExecution,
                        JobDetails::tenant,
                        JobDetails::jobType)
                .containsExactly(JobState.PROCESSING, 20, 2, JQ_TENANT, JQ_TYPE);

        queue.complete(job);

        assertRow(id.value(), 3, 30, 2, 3);
    }

    /** TestPollWithNoRecord: the only job is due in 10 s, so the poll answers "wait". */
    @Test
    void whenTheOnlyJobIsDueIn10SecondsTheClaimGivesTheWaitHint() {
        JobId id = queue.schedule(seedJob().runAt(NOW.plusSeconds(10)));

        ClaimBatch batch = queue.claim(JQ_TENANT, JQ_TYPE, 1, LEASE);

        assertThat(batch.jobs()).isEmpty();
        assertThat(batch.nextDueAt()).isEqualTo(NOW.plusSeconds(10));
        // The seed test still asserts a wait above 6 s; CONTRACT.md's poll clamps it to 1 ms .. 1 s.
        assertThat(batch.waitHint(clock.instant(), Duration.ofMillis(1), Duration.ofSeconds(1)))
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(batch.waitHint(clock.instant(), Duration.ofMillis(1), Duration.ofMinutes(1)))
                .isEqualTo(Duration.ofSeconds(10));
        assertRow(id.value(), 1, 10, 3, 1);
    }

    /** TestRescheduleJobOnError: 3 executions, each failed with a retry 10 ms later. */
    @Test
    void aJobWithThreeExecutionsThatFailsEachTimeLeavesThreeRowsInItsRetryGroupTheLastWith43() {
        JobId first = queue.schedule(seedJob());
        assertRow(first.value(), 1, 10, 3, 1);
        String group = queue.details(first).orElseThrow().retryGroup();

        ClaimedJob run = queue.claim(JQ_TENANT, JQ_TYPE, 1, LEASE).jobs().get(0);
        assertThat(run.id()).isEqualTo(first);
        assertThat(run.pendingExecution()).isEqualTo(2);
        queue.failAndRetry(run, NOW.plusMillis(10));
        assertRow(first.value(), 4, 44, 2, 3);

        for (int pendingAfterClaim = 1; pendingAfterClaim >= 0; pendingAfterClaim--) {
            List<JobDetails> runs = queue.findByRetryGroup(group);
            String newest = runs.get(runs.size() - 1).id().value();
            run = queue.claim(JQ_TENANT, JQ_TYPE, 1, LEASE).jobs().get(0);
            assertThat(run.id().value()).as("the poll returns the retry row").isEqualTo(newest);
            assertRow(newest, 2, 20, pendingAfterClaim, 2);
            queue.failAndRetry(run, NOW.plusMillis(10));
        }

        assertThat(queue.details(run.id()).orElseThrow())
                .extracting(JobDetails::state, JobDetails::subState)
                .containsExactly(JobState.FAILED, 43);
        assertThat(rows.dataRowsOfRetryGroup(group)).isEqualTo(3);
        assertThat(queue.findByRetryGroup(group))
                .extracting(JobDetails::subState)
                .containsExactly(44, 44, 43);
    }

    /** The seed's "update job data", read back with its "fetch job details". */
    @Test
    void updatedJobDataReadsBack() {
        JobId id = queue.schedule(seedJob());

        queue.updateData(id, new JobDataUpdate(Map.of("info", "2048"), new UserFields("a", "b", 1, 2)));

        JobDetails job = queue.details(id).orElseThrow();
        assertThat(job.properties()).isEqualTo("{\"info\":\"2048\"}");
        assertThat(job.userFields()).isEqualTo(new UserFields("a", "b", 1, 2));
        assertRow(id.value(), 1, 10, 3, 1);
    }

    @Test
    void theGoHelperPassesTheSeedsRescheduleTest() throws Exception {
        String id = go.schedule(ScheduleRequest.of(TENANT, TYPE, NOW).properties("{\"info\":\"1023\"}"));
        assertThat(go.fetchDetails(id).orElseThrow())
                .extracting(
                        Details::state,
                        Details::subState,
                        Details::remainingExecution,
                        Details::tenant,
                        Details::jobType)
                .containsExactly(1, 10, 3, TENANT, TYPE);

        for (int pendingAfterPoll = 2; pendingAfterPoll >= 0; pendingAfterPoll--) {
            String polled = go.poll(TENANT, TYPE).claimedId();
            assertThat(polled).as("the poll returns the newest retry row").isEqualTo(id);
            assertThat(go.fetchDetails(polled).orElseThrow())
                    .extracting(Details::state, Details::subState, Details::remainingExecution)
                    .containsExactly(2, 10, pendingAfterPoll);
            id = go.markFailedWithRetry(polled, NOW.plusMillis(10)).orElse(polled);
            if (pendingAfterPoll > 0) {
                assertThat(go.fetchDetails(polled).orElseThrow())
                        .extracting(Details::state, Details::subState, Details::remainingExecution)
                        .containsExactly(4, 44, pendingAfterPoll);
            }
        }

        Details last = go.fetchDetails(id).orElseThrow();
        assertThat(last).extracting(Details::state, Details::subState).containsExactly(4, 43);
        assertThat(rows.dataRowsOfRetryGroup(last.retryGroup())).isEqualTo(3);
        assertThat(go.poll(TENANT, TYPE).outcome()).isEqualTo(PollOutcome.NO_JOB);
    }
}
