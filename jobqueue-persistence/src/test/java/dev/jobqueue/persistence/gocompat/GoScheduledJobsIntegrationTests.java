package dev.jobqueue.persistence.gocompat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.domain.UserFields;
import dev.jobqueue.persistence.gocompat.GoApi.Details;
import dev.jobqueue.persistence.gocompat.GoApi.Poll;
import dev.jobqueue.persistence.gocompat.GoApi.PollOutcome;
import dev.jobqueue.persistence.gocompat.GoApi.ScheduleRequest;
import dev.jobqueue.persistence.gocompat.StoredRows.StoredJob;
import dev.jobqueue.persistence.internal.ClaimBatch;
import dev.jobqueue.persistence.internal.ClaimedJob;
import dev.jobqueue.persistence.internal.JobLostException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Jobs the Go library scheduled, claimed, completed, failed and retried through jobqueue. */
class GoScheduledJobsIntegrationTests extends GoCompatibilityFixture {

    @Test
    void aJobTheGoLibraryScheduledReadsBackThroughJobQueue() throws Exception {
        String id = go.schedule(ScheduleRequest.of(TENANT, TYPE, NOW.plusMillis(1500))
                .remainingExecution(4)
                .correlationId("order-1")
                .properties("{\"orderId\":1}")
                .udfs("alice", "bob", 7, 8));

        StoredJob row = assertRow(id, 1, 10, 4, 1);
        JobDetails job = queue.details(jobId(id)).orElseThrow();

        assertThat(row.part()).isEqualTo(NOW.plusSeconds(1));
        assertThat(row.attempt())
                .as("the Go library does not know the attempt column")
                .isNull();
        assertThat(job.part()).isEqualTo(NOW.plusSeconds(1));
        assertThat(job.processAt()).isEqualTo(NOW.plusSeconds(1));
        assertThat(job.state()).isEqualTo(JobState.SCHEDULED);
        assertThat(job.subStateCode()).isEqualTo(SubState.SCHEDULED);
        assertThat(job.pendingExecution()).isEqualTo(4);
        assertThat(job.version()).isEqualTo(1);
        assertThat(job.tenant()).isEqualTo(JQ_TENANT);
        assertThat(job.jobType()).isEqualTo(JQ_TYPE);
        assertThat(job.correlationId()).isEqualTo("order-1");
        assertThat(job.properties()).isEqualTo("{\"orderId\":1}");
        assertThat(job.userFields()).isEqualTo(new UserFields("alice", "bob", 7, 8));
        assertThat(job.retryGroup()).isEqualTo(row.retryGroup());
        assertThat(job.attempt()).isNull();
    }

    @Test
    void aJobTheGoLibraryScheduledIsClaimedAndCompletedByJobQueue() throws Exception {
        String id = go.schedule(ScheduleRequest.of(TENANT, TYPE, NOW).udfs("s1", null, 11, null));

        ClaimBatch batch = queue.claim(JQ_TENANT, JQ_TYPE, 10, LEASE);

        assertThat(batch.jobs()).singleElement().satisfies(job -> {
            assertThat(job.id().value()).isEqualTo(id);
            assertThat(job.subState()).isEqualTo(SubState.PROCESSING);
            assertThat(job.pendingExecution()).isEqualTo(2);
            assertThat(job.version()).isEqualTo(2);
            assertThat(job.attempt()).isEqualTo(1);
            assertThat(rows.get(id).properties())
                    .as("what the seed writes for no properties")
                    .isEqualTo(GoApi.NO_PROPERTIES);
            assertThat(job.properties()).as("no payload").isNull();
            assertThat(job.userFields())
                    .as("the Go library writes '' and 0 for missing user fields")
                    .isEqualTo(new UserFields("s1", "", 11, 0));
            assertThat(job.retryGroup()).isEqualTo(rows.get(id).retryGroup());
        });
        assertThat(assertRow(id, 2, 20, 2, 2).leaseExpiresAt()).isEqualTo(NOW.plus(LEASE));

        queue.complete(batch.jobs().get(0));

        assertThat(assertRow(id, 3, 30, 2, 3).leaseExpiresAt()).isNull();
        assertThat(go.fetchDetails(id).orElseThrow())
                .extracting(Details::state, Details::subState)
                .containsExactly(3, 30);
    }

    @Test
    void aJobTheGoLibraryScheduledIsFailedAndRetriedByJobQueueAndTheGoPollerTakesTheRetry() throws Exception {
        String id = go.schedule(ScheduleRequest.of(TENANT, TYPE, NOW)
                .correlationId("c-1")
                .properties("{\"a\":1}")
                .udfs("s1", "s2", 11, 22));
        ClaimedJob job = queue.claim(JQ_TENANT, JQ_TYPE, 1, LEASE).jobs().get(0);

        queue.failAndRetry(job, NOW.plusSeconds(10));

        StoredJob failed = assertRow(id, 4, 44, 2, 3);
        assertThat(rows.retryGroup(failed.retryGroup())).hasSize(2);
        StoredJob retry = rows.retryGroup(failed.retryGroup()).get(1);
        assertRow(retry.id(), 1, 10, 2, 1);
        assertThat(retry.processAt()).isEqualTo(NOW.plusSeconds(10));
        assertThat(retry)
                .extracting(
                        StoredJob::tenant,
                        StoredJob::jobType,
                        StoredJob::correlationId,
                        StoredJob::properties,
                        StoredJob::stringUdf1,
                        StoredJob::stringUdf2,
                        StoredJob::intUdf1,
                        StoredJob::intUdf2,
                        StoredJob::attempt)
                .as("jobqueue copies every field, int_udf_2 included")
                .containsExactly(TENANT, TYPE, "c-1", "{\"a\":1}", "s1", "s2", 11, 22, 2);

        Poll early = go.poll(TENANT, TYPE);
        assertThat(early.outcome()).isEqualTo(PollOutcome.WAIT);
        assertThat(early.waitFor()).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(10));
        assertThat(go.poll(TENANT, TYPE).claimedId()).isEqualTo(retry.id());
        assertRow(retry.id(), 2, 10, 1, 2);
    }

    @Test
    void aJobTheGoLibraryScheduledIsFailedWithoutRetryOrDeclinedByJobQueue() throws Exception {
        String notRetryable = go.schedule(ScheduleRequest.of(TENANT, TYPE, NOW.minusSeconds(2)));
        String declined = go.schedule(ScheduleRequest.of(TENANT, TYPE, NOW.minusSeconds(1)));
        var jobs = queue.claim(JQ_TENANT, JQ_TYPE, 2, LEASE).jobs();

        queue.failWithoutRetry(jobs.get(0));
        queue.declineRetry(jobs.get(1));

        assertRow(notRetryable, 4, 42, 2, 3);
        assertRow(declined, 4, 45, 2, 3);
        assertThat(rows.all()).hasSize(2);
    }

    @Test
    void aJobTheGoLibraryScheduledWithNoExecutionsRunsOnceAndEndsWith43() throws Exception {
        String id = go.schedule(ScheduleRequest.of(TENANT, TYPE, NOW).remainingExecution(0));
        assertRow(id, 1, 10, 1, 1);
        ClaimedJob job = queue.claim(JQ_TENANT, JQ_TYPE, 1, LEASE).jobs().get(0);

        queue.failAndRetry(job, NOW.plusSeconds(10));

        assertRow(id, 4, 43, 0, 3);
        assertThat(rows.all()).hasSize(1);
    }

    @Test
    void aJobTheGoPollerClaimedShowsSubState10AndJobQueueCompletesItWhenItHoldsIt() throws Exception {
        String id = go.schedule(ScheduleRequest.of(TENANT, TYPE, NOW));
        assertThat(go.poll(TENANT, TYPE).claimedId()).isEqualTo(id);
        assertThat(assertRow(id, 2, 10, 2, 2).leaseExpiresAt()).isNull();

        JobDetails seen = queue.details(jobId(id)).orElseThrow();
        assertThat(seen.state()).isEqualTo(JobState.PROCESSING);
        assertThat(seen.subState()).isEqualTo(10);
        assertThat(queue.lifecycle().subStateOf(2, 10)).isEqualTo(SubState.PROCESSING);
        assertThat(queue.claim(JQ_TENANT, JQ_TYPE, 10, LEASE).jobs())
                .as("a processing row is never claimed")
                .isEmpty();

        queue.complete(holdAsJobQueueWorker(id));

        assertRow(id, 3, 30, 2, 3);
    }

    @Test
    void aJobTheGoPollerClaimedIsFailedAndRetriedByJobQueueWhenItHoldsIt() throws Exception {
        String id = go.schedule(
                ScheduleRequest.of(TENANT, TYPE, NOW).remainingExecution(2).udfs(null, null, 5, 6));
        go.poll(TENANT, TYPE).claimedId();

        queue.failAndRetry(holdAsJobQueueWorker(id), NOW);

        StoredJob failed = assertRow(id, 4, 44, 1, 3);
        StoredJob retry = rows.retryGroup(failed.retryGroup()).get(1);
        assertRow(retry.id(), 1, 10, 1, 1);
        assertThat(retry.attempt()).isEqualTo(2);
        assertThat(retry.intUdf2()).isEqualTo(6);
        ClaimedJob last = queue.claim(JQ_TENANT, JQ_TYPE, 1, LEASE).jobs().get(0);
        assertThat(last.id().value()).isEqualTo(retry.id());
        assertThat(last.pendingExecution()).isZero();
        queue.failAndRetry(last, NOW);
        assertThat(rows.retryGroup(failed.retryGroup()))
                .extracting(StoredJob::subState)
                .containsExactly(44, 43);
    }

    @Test
    void completeAllCompletesARowTheGoPollerClaimedAlongsideOneJobQueueClaimed() throws Exception {
        String goClaimed = go.schedule(ScheduleRequest.of(TENANT, TYPE, NOW.minusSeconds(1)));
        String ourClaimed = go.schedule(ScheduleRequest.of(TENANT, TYPE, NOW));
        go.poll(TENANT, TYPE).claimedId();
        ClaimedJob ours = queue.claim(JQ_TENANT, JQ_TYPE, 10, LEASE).jobs().get(0);

        assertThat(queue.completeAll(List.of(holdAsJobQueueWorker(goClaimed), ours)))
                .isEmpty();

        assertRow(goClaimed, 3, 30, 2, 3);
        assertRow(ourClaimed, 3, 30, 2, 3);
    }

    @Test
    void aWorkerThatReadTheRowBeforeTheGoPollerClaimedItCannotChangeIt() throws Exception {
        String id = go.schedule(ScheduleRequest.of(TENANT, TYPE, NOW));
        ClaimedJob stale = holdAsJobQueueWorker(id);
        go.poll(TENANT, TYPE).claimedId();
        StoredJob claimedByGo = assertRow(id, 2, 10, 2, 2);

        assertThatExceptionOfType(JobLostException.class)
                .isThrownBy(() -> queue.complete(stale))
                .withMessageContaining(id);
        assertThatExceptionOfType(JobLostException.class).isThrownBy(() -> queue.failAndRetry(stale, NOW));
        assertThat(queue.completeAll(List.of(stale))).containsExactly(stale);

        assertThat(rows.get(id)).isEqualTo(claimedByGo);
        assertThat(rows.all()).hasSize(1);
    }
}
