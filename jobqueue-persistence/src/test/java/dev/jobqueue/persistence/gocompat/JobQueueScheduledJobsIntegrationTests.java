package dev.jobqueue.persistence.gocompat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.UserFields;
import dev.jobqueue.persistence.gocompat.GoApi.Details;
import dev.jobqueue.persistence.gocompat.GoApi.Poll;
import dev.jobqueue.persistence.gocompat.GoApi.PollOutcome;
import dev.jobqueue.persistence.gocompat.GoApi.ScheduleRequest;
import dev.jobqueue.persistence.gocompat.StoredRows.StoredJob;
import dev.jobqueue.persistence.internal.ClaimedJob;
import dev.jobqueue.persistence.internal.JobLostException;
import dev.jobqueue.persistence.internal.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Jobs scheduled through jobqueue, polled, completed, failed and retried by the Go library. */
class JobQueueScheduledJobsIntegrationTests extends GoCompatibilityFixture {

    private NewJob job() {
        return NewJob.of(JQ_TYPE).tenant(JQ_TENANT);
    }

    @Test
    void theGoLibraryFetchesTheDetailsOfAJobJobQueueScheduled() throws Exception {
        String id = queue.schedule(job().runAt(NOW.plusMillis(2500))
                        .executions(4)
                        .correlationId("order-1")
                        .properties(Map.of("orderId", 1))
                        .userFields(new UserFields("alice", "bob", 7, 8)))
                .value();

        StoredJob row = assertRow(id, 1, 10, 4, 1);
        Details details = go.fetchDetails(id).orElseThrow();

        assertThat(details)
                .isEqualTo(new Details(
                        id,
                        NOW.plusSeconds(2),
                        TYPE,
                        1,
                        10,
                        "order-1",
                        4,
                        TENANT,
                        "{\"orderId\":1}",
                        "alice",
                        "bob",
                        7,
                        8,
                        row.retryGroup()));
    }

    @Test
    void theGoPollerClaimsAJobJobQueueScheduledAndCompletesIt() throws Exception {
        String id = queue.schedule(job().runAt(NOW)).value();

        assertThat(go.poll(TENANT, TYPE).claimedId()).isEqualTo(id);

        assertThat(assertRow(id, 2, 10, 2, 2).leaseExpiresAt()).isNull();
        JobDetails processing = queue.details(jobId(id)).orElseThrow();
        assertThat(processing.state()).isEqualTo(JobState.PROCESSING);
        assertThat(processing.subState()).isEqualTo(10);
        assertThat(go.poll(TENANT, TYPE).outcome()).isEqualTo(PollOutcome.NO_JOB);

        go.markCompleted(id);

        assertRow(id, 3, 30, 2, 2);
        assertThat(queue.details(jobId(id)).orElseThrow().state()).isEqualTo(JobState.DONE);
    }

    @Test
    void theGoPollerGivesTheWaitHintClampedTo1msAnd1sForAJobJobQueueScheduledLater() throws Exception {
        String id = queue.schedule(job().runAt(NOW.plusSeconds(10))).value();

        Poll early = go.poll(TENANT, TYPE);
        clock.advance(Duration.ofMillis(9999).plusNanos(500_000));
        Poll almostDue = go.poll(TENANT, TYPE);

        assertThat(early).isEqualTo(new Poll(PollOutcome.WAIT, id, Duration.ofSeconds(1)));
        assertThat(almostDue).isEqualTo(new Poll(PollOutcome.WAIT, id, Duration.ofMillis(1)));
        assertRow(id, 1, 10, 3, 1);
        assertThat(go.poll(TENANT, TYPE + 1).outcome()).isEqualTo(PollOutcome.NO_JOB);
        clock.advance(Duration.ofNanos(500_000));
        assertThat(go.poll(TENANT, TYPE).claimedId()).isEqualTo(id);
    }

    @Test
    void bothSidesAgreeToTheMillisecondWhenAJobIsDue() throws Exception {
        String ours = queue.schedule(job().runAt(NOW.plusSeconds(10))).value();
        String goJob = go.schedule(ScheduleRequest.of(TENANT, TYPE, NOW.plusSeconds(10)));
        clock.advance(Duration.ofMillis(9999));

        assertThat(queue.claim(JQ_TENANT, JQ_TYPE, 10, LEASE).nextDueAt()).isEqualTo(NOW.plusSeconds(10));
        assertThat(go.poll(TENANT, TYPE).outcome()).isEqualTo(PollOutcome.WAIT);
        clock.advance(Duration.ofMillis(1));

        assertThat(queue.claim(JQ_TENANT, JQ_TYPE, 1, LEASE).jobs()).hasSize(1);
        assertThat(go.poll(TENANT, TYPE).outcome()).isEqualTo(PollOutcome.CLAIMED);
        assertThat(List.of(rows.get(ours).subState(), rows.get(goJob).subState()))
                .containsExactlyInAnyOrder(10, 20);
    }

    @Test
    void theGoLibraryRetriesAJobJobQueueScheduledCopyingIntUdf1IntoIntUdf2AsTheSeedDoes() throws Exception {
        String id = queue.schedule(job().runAt(NOW)
                        .correlationId("c-1")
                        .properties("{\"a\":1}")
                        .userFields(new UserFields("s1", "s2", 11, 22)))
                .value();
        go.poll(TENANT, TYPE).claimedId();

        String retryId = go.markFailedWithRetry(id, NOW.plusMillis(10_500)).orElseThrow();

        StoredJob failed = assertRow(id, 4, 44, 2, 2);
        StoredJob retry = assertRow(retryId, 1, 10, 2, 1);
        assertThat(retry.retryGroup()).isEqualTo(failed.retryGroup());
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
                .containsExactly(TENANT, TYPE, "c-1", "{\"a\":1}", "s1", "s2", 11, 11, null);

        assertThat(queue.claim(JQ_TENANT, JQ_TYPE, 1, LEASE).nextDueAt()).isEqualTo(NOW.plusSeconds(10));
        clock.advance(Duration.ofSeconds(10));
        ClaimedJob claimed = queue.claim(JQ_TENANT, JQ_TYPE, 1, LEASE).jobs().get(0);
        assertThat(claimed.id().value()).isEqualTo(retryId);
        assertThat(claimed.pendingExecution()).isEqualTo(1);
        assertThat(claimed.userFields()).isEqualTo(new UserFields("s1", "s2", 11, 11));
        queue.complete(claimed);
        assertRow(retryId, 3, 30, 1, 3);
    }

    @Test
    void theGoLibraryFailsAJobJobQueueScheduledWith43WhenNoExecutionIsLeftAnd45WithoutRetryTime() throws Exception {
        String exhausted =
                queue.schedule(job().runAt(NOW.minusSeconds(2)).executions(1)).value();
        String declined = queue.schedule(job().runAt(NOW.minusSeconds(1))).value();
        go.poll(TENANT, TYPE).claimedId();
        go.poll(TENANT, TYPE).claimedId();

        assertThat(go.markFailedWithRetry(exhausted, NOW.plusSeconds(10))).isEmpty();
        assertThat(go.markFailedWithRetry(declined, null)).isEmpty();

        assertRow(exhausted, 4, 43, 0, 2);
        assertRow(declined, 4, 45, 2, 2);
        assertThat(rows.all()).hasSize(2);
    }

    @Test
    void aJobJobQueueClaimedIsCompletedByTheGoLibraryAndJobQueueThenNoLongerHoldsIt() throws Exception {
        JobId id = queue.schedule(job().runAt(NOW));
        ClaimedJob held = queue.claim(JQ_TENANT, JQ_TYPE, 1, LEASE).jobs().get(0);
        assertRow(id.value(), 2, 20, 2, 2);

        go.markCompleted(id.value());

        StoredJob done = assertRow(id.value(), 3, 30, 2, 2);
        assertThatExceptionOfType(JobLostException.class)
                .isThrownBy(() -> queue.complete(held))
                .withMessageContaining(id.value());
        assertThatExceptionOfType(JobLostException.class).isThrownBy(() -> queue.heartbeat(held, LEASE));
        clock.advance(LEASE.plusSeconds(1));
        assertThat(queue.recoverExpiredLeases(JQ_TENANT, JQ_TYPE, 10, RetryPolicy.fixedDelay(Duration.ZERO)))
                .isZero();
        assertThat(rows.get(id.value())).isEqualTo(done);
        assertThat(rows.all()).hasSize(1);
    }

    @Test
    void aJobJobQueueClaimedIsFailedAndRetriedByTheGoLibraryAndJobQueueCannotRetryItAgain() throws Exception {
        JobId id = queue.schedule(job().runAt(NOW));
        ClaimedJob held = queue.claim(JQ_TENANT, JQ_TYPE, 1, LEASE).jobs().get(0);

        String retryId = go.markFailedWithRetry(id.value(), NOW.plusSeconds(5)).orElseThrow();

        StoredJob failed = assertRow(id.value(), 4, 44, 2, 2);
        assertRow(retryId, 1, 10, 2, 1);
        assertThatExceptionOfType(JobLostException.class).isThrownBy(() -> queue.failAndRetry(held, NOW));
        assertThat(rows.retryGroup(failed.retryGroup()))
                .extracting(StoredJob::id)
                .containsExactly(id.value(), retryId);
    }
}
