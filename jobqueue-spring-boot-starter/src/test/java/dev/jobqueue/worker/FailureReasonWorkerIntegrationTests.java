package dev.jobqueue.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobFailure;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.scheduling.Jobs;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every row a handler failed keeps why, readable through {@link Jobs#failureOf(JobId)}: the
 * exception's class, its redacted message and causes, a redacted stack trace no longer than
 * {@code jobqueue.worker.stack-trace-limit}, and the node that ran it.
 */
@ExtendWith(TestDatabaseExtension.class)
class FailureReasonWorkerIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void eachFailedRowKeepsItsRedactedReasonWithABoundedStackTraceAndTheNodeThatRanIt(TestSchema schema) {
        WorkerFixture.withJobs(schema, "why_failed")
                .withBean(FaultHandlers.class)
                .withPropertyValues(
                        "jobqueue.worker.stack-trace-limit=700",
                        "jobqueue.types.secret.retry.strategy=fixed",
                        "jobqueue.types.secret.retry.delay=0s")
                .run(context -> {
                    Jobs jobs = context.getBean(Jobs.class);
                    JobScheduler scheduler = context.getBean(JobScheduler.class);
                    JobId id = scheduler
                            .job(FaultHandlers.SECRET, null)
                            .executions(2)
                            .schedule();
                    JobId quick = scheduler.job(FaultHandlers.QUICK, null).schedule();
                    String group = jobs.find(id).orElseThrow().retryGroup();

                    await().atMost(WAIT)
                            .until(() -> jobs.findByRetryGroup(group).size() == 2
                                    && jobs.findByRetryGroup(group).get(1).state() == JobState.FAILED
                                    && jobs.find(quick).orElseThrow().state() == JobState.DONE);

                    List<JobDetails> rows = jobs.findByRetryGroup(group);
                    assertThat(rows).extracting(JobDetails::subState).containsExactly(44, 43);
                    String node = context.getBean(JobWorkers.class).node().id();
                    for (JobDetails row : rows) {
                        JobFailure failure = jobs.failureOf(row.id()).orElseThrow();
                        assertThat(failure.kind()).isEqualTo(JobFailure.Kind.ERROR);
                        assertThat(failure.exceptionClass()).isEqualTo("java.lang.IllegalStateException");
                        assertThat(failure.message())
                                .isEqualTo("IllegalStateException: SMTP refused"
                                        + " smtp://mailer:******@mail.example.com?password=******; caused by IOException:"
                                        + " token=****** expired");
                        assertThat(failure.stackTrace())
                                .hasSizeLessThanOrEqualTo(700)
                                .contains("at dev.jobqueue.worker.FaultHandlers.secret(")
                                .endsWith("(cut at 700 characters)");
                        assertThat(failure.node()).isEqualTo(node);
                        assertThat(failure.toString()).doesNotContain("hunter2");
                    }
                    assertThat(jobs.failureOf(quick)).as("a job that succeeded").isEmpty();
                });
    }

    @Test
    void aNonRetryableFailureKeepsItsReasonToo(TestSchema schema) {
        WorkerFixture.withJobs(schema, "why_refused")
                .withBean(FaultHandlers.class)
                .run(context -> {
                    Jobs jobs = context.getBean(Jobs.class);
                    JobId id = context.getBean(JobScheduler.class)
                            .job(FaultHandlers.REFUSE, null)
                            .schedule();

                    await().atMost(WAIT).until(() -> jobs.find(id).orElseThrow().state() == JobState.FAILED);

                    assertThat(jobs.find(id).orElseThrow().subState()).isEqualTo(42);
                    JobFailure failure = jobs.failureOf(id).orElseThrow();
                    assertThat(failure.exceptionClass()).isEqualTo("java.lang.IllegalArgumentException");
                    assertThat(failure.message()).isEqualTo("IllegalArgumentException: no such customer");
                    assertThat(failure.stackTrace()).contains("at dev.jobqueue.worker.FaultHandlers.refuse(");
                });
    }

    @Test
    void aStackTraceLimitOutOfRangeStopsStartupNamingTheProperty(TestSchema schema) {
        WorkerFixture.withJobs(schema, "why_limit")
                .withBean(FaultHandlers.class)
                .withPropertyValues("jobqueue.worker.stack-trace-limit=1000001")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .hasMessageContaining(
                                    "jobqueue.worker.stack-trace-limit must be between 0 and 1000000 but was 1000001");
                });
    }
}
