package dev.jobqueue.persistence.gocompat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.jobqueue.domain.JobDataUpdate;
import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.UserFields;
import dev.jobqueue.persistence.gocompat.GoApi.Details;
import dev.jobqueue.persistence.gocompat.GoApi.PollOutcome;
import dev.jobqueue.persistence.gocompat.GoApi.ScheduleRequest;
import dev.jobqueue.persistence.gocompat.StoredRows.StoredJob;
import dev.jobqueue.persistence.internal.ClaimedJob;
import dev.jobqueue.persistence.internal.CorrelationScope;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.persistence.internal.JobQueueSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Retry groups, correlation and job data, with both sides working on the same jobs. */
class MixedRetryGroupsIntegrationTests extends GoCompatibilityFixture {

    @Test
    void aRetryGroupTheGoLibraryStartedRunsThroughBothSidesUntilNoExecutionIsLeft() throws Exception {
        String first = go.schedule(ScheduleRequest.of(TENANT, TYPE, NOW).udfs("s1", "s2", 11, 22));
        String group = rows.get(first).retryGroup();

        queue.failAndRetry(queue.claim(JQ_TENANT, JQ_TYPE, 1, LEASE).jobs().get(0), NOW.plusSeconds(10));
        clock.advance(Duration.ofSeconds(10));
        String second = go.poll(TENANT, TYPE).claimedId();
        assertRow(second, 2, 10, 1, 2);
        String third = go.markFailedWithRetry(second, NOW.plusSeconds(20)).orElseThrow();
        clock.advance(Duration.ofSeconds(10));
        ClaimedJob last = queue.claim(JQ_TENANT, JQ_TYPE, 1, LEASE).jobs().get(0);
        assertThat(last.id().value()).isEqualTo(third);
        queue.failAndRetry(last, NOW.plusSeconds(30));

        List<StoredJob> runs = rows.retryGroup(group);
        runs.forEach(GoCompatibilityFixture::assertFollowsContract);
        assertThat(runs)
                .extracting(
                        StoredJob::id,
                        StoredJob::state,
                        StoredJob::subState,
                        StoredJob::pendingExecution,
                        StoredJob::version,
                        StoredJob::intUdf2)
                .as("jobqueue bumps the version on every change, the Go library only on its claim; the Go retry"
                        + " copies int_udf_1 into int_udf_2")
                .containsExactly(
                        tuple(first, 4, 44, 2, 3, 22), tuple(second, 4, 44, 1, 2, 22), tuple(third, 4, 43, 0, 3, 11));
        assertThat(runs)
                .extracting(StoredJob::processAt)
                .containsExactly(NOW, NOW.plusSeconds(10), NOW.plusSeconds(20));
        assertThat(rows.dataRowsOfRetryGroup(group)).isEqualTo(3);
        assertThat(queue.findByRetryGroup(group))
                .extracting(job -> job.id().value())
                .containsExactly(first, second, third);
    }

    @Test
    void aRetryGroupJobQueueStartedRunsThroughBothSidesUntilNoExecutionIsLeft() throws Exception {
        String first = queue.schedule(
                        NewJob.of(JQ_TYPE).tenant(JQ_TENANT).runAt(NOW).properties("{\"k\":\"v\"}"))
                .value();
        String group = rows.get(first).retryGroup();

        go.poll(TENANT, TYPE).claimedId();
        String second = go.markFailedWithRetry(first, NOW).orElseThrow();
        ClaimedJob claimed = queue.claim(JQ_TENANT, JQ_TYPE, 1, LEASE).jobs().get(0);
        assertThat(claimed.id().value()).isEqualTo(second);
        assertThat(claimed.retryGroup()).isEqualTo(group);
        queue.failAndRetry(claimed, NOW);
        String third = go.poll(TENANT, TYPE).claimedId();
        assertThat(go.markFailedWithRetry(third, NOW)).isEmpty();

        List<StoredJob> runs = rows.retryGroup(group);
        runs.forEach(GoCompatibilityFixture::assertFollowsContract);
        assertThat(runs)
                .extracting(
                        StoredJob::id,
                        StoredJob::state,
                        StoredJob::subState,
                        StoredJob::pendingExecution,
                        StoredJob::version,
                        StoredJob::properties)
                .containsExactly(
                        tuple(first, 4, 44, 2, 2, "{\"k\":\"v\"}"),
                        tuple(second, 4, 44, 1, 3, "{\"k\":\"v\"}"),
                        tuple(third, 4, 43, 0, 2, "{\"k\":\"v\"}"));
        assertThat(go.poll(TENANT, TYPE).outcome()).isEqualTo(PollOutcome.NO_JOB);
    }

    /**
     * Fails until fixed: a production bug (see the report of the Go compatibility tests). A row
     * the Go library wrote has no {@code attempt}, and jobqueue reads a null attempt as 1, so
     * the third run of a group reaches its worker as attempt 1 (and exponential backoff starts
     * over), and its own retry row is written as attempt 2.
     */
    @Test
    void aRetryRowTheGoLibraryWroteIsClaimedAsTheRunItIsInItsRetryGroup() throws Exception {
        String first = queue.schedule(
                        NewJob.of(JQ_TYPE).tenant(JQ_TENANT).runAt(NOW).executions(4))
                .value();
        queue.failAndRetry(queue.claim(JQ_TENANT, JQ_TYPE, 1, LEASE).jobs().get(0), NOW);
        String second = go.poll(TENANT, TYPE).claimedId();
        String third = go.markFailedWithRetry(second, NOW).orElseThrow();

        ClaimedJob thirdRun = queue.claim(JQ_TENANT, JQ_TYPE, 1, LEASE).jobs().get(0);
        queue.failAndRetry(thirdRun, NOW);

        assertThat(thirdRun.id().value()).isEqualTo(third);
        assertThat(thirdRun.attempt())
                .as("attempt of the third run, a row the Go library wrote")
                .isEqualTo(3);
        List<StoredJob> runs = rows.retryGroup(rows.get(first).retryGroup());
        assertThat(runs)
                .extracting(StoredJob::attempt)
                .as("attempt column, first run first")
                .containsExactly(1, 2, null, 4);
    }

    @Test
    void completingAJobInJobQueueCompletesTheScheduledJobsTheGoLibraryWroteWithTheSameCorrelationId() throws Exception {
        queue = JobQueue.create(
                jobQueueDataSource,
                JobQueueSettings.defaults()
                        .withTable(TABLE)
                        .withClock(clock)
                        .withCorrelationScope(JQ_TYPE, CorrelationScope.TENANT));
        String running = go.schedule(ScheduleRequest.of(TENANT, TYPE, NOW).correlationId("c-1"));
        String heldByGo = go.schedule(ScheduleRequest.of(TENANT, TYPE + 1, NOW).correlationId("c-1"));
        String sibling = go.schedule(
                ScheduleRequest.of(TENANT, TYPE, NOW.plusSeconds(60)).correlationId("c-1"));
        String otherTenant = go.schedule(
                ScheduleRequest.of(TENANT + 1, TYPE, NOW.plusSeconds(60)).correlationId("c-1"));
        go.poll(TENANT, TYPE + 1).claimedId();

        queue.complete(queue.claim(JQ_TENANT, JQ_TYPE, 1, LEASE).jobs().get(0));

        assertRow(running, 3, 30, 2, 3);
        assertRow(sibling, 3, 31, 3, 2);
        assertRow(heldByGo, 2, 10, 2, 2);
        assertRow(otherTenant, 1, 10, 3, 1);
    }

    @Test
    void jobDataUpdatedOnOneSideReadsBackOnTheOther() throws Exception {
        String goJob = go.schedule(ScheduleRequest.of(TENANT, TYPE, NOW).properties("{\"v\":1}"));
        String ourJob = queue.schedule(NewJob.of(JQ_TYPE).tenant(JQ_TENANT).properties(Map.of("v", 1)))
                .value();

        queue.updateData(jobId(goJob), new JobDataUpdate(Map.of("v", 2), new UserFields("x", "y", 1, 2)));
        go.updateJobData(ourJob, "{\"v\":3}", "p", null, 5, null);

        Details goView = go.fetchDetails(goJob).orElseThrow();
        assertThat(goView.properties()).isEqualTo("{\"v\":2}");
        assertThat(goView)
                .extracting(Details::stringUdf1, Details::stringUdf2, Details::intUdf1, Details::intUdf2)
                .containsExactly("x", "y", 1, 2);
        JobDetails ourView = queue.details(jobId(ourJob)).orElseThrow();
        assertThat(ourView.properties()).isEqualTo("{\"v\":3}");
        assertThat(ourView.userFields())
                .as("the Go library writes '' and 0 for missing user fields")
                .isEqualTo(new UserFields("p", "", 5, 0));
        assertRow(goJob, 1, 10, 3, 1);
        assertRow(ourJob, 1, 10, 3, 1);
    }
}
