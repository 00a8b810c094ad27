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
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A handler past {@code jobqueue.types.<name>.timeout} is interrupted and its job fails as timed
 * out (41, the reason recorded) and is retried per policy, whether the handler honours the
 * interrupt or ignores it; the late outcome of one that ignores it changes nothing.
 */
@ExtendWith({TestDatabaseExtension.class, OutputCaptureExtension.class})
class HandlerTimeoutIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofMillis(600);
    /** The timeout, plus the check interval (a quarter of it), plus the time to write the failure. */
    private static final Duration FAILED_WITHIN = TIMEOUT.plusMillis(900);

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static ApplicationContextRunner runner(TestSchema schema, String table) {
        return WorkerFixture.withJobs(schema, table)
                .withBean(FaultHandlers.class)
                .withPropertyValues(
                        "jobqueue.types.honours.timeout=" + TIMEOUT.toMillis() + "ms",
                        "jobqueue.types.ignores.timeout=" + TIMEOUT.toMillis() + "ms",
                        "jobqueue.types.ignores.concurrency=2",
                        "jobqueue.types.honours.retry.strategy=fixed",
                        "jobqueue.types.honours.retry.delay=0s",
                        "jobqueue.types.ignores.retry.strategy=fixed",
                        "jobqueue.types.ignores.retry.delay=0s");
    }

    @Test
    void aHandlerThatHonoursTheInterruptEndsTimedOutAndIsRetriedUntilItsExecutionsAreSpent(TestSchema schema) {
        runner(schema, "timeout_honoured").run(context -> {
            Jobs jobs = context.getBean(Jobs.class);
            FaultHandlers handlers = context.getBean(FaultHandlers.class);
            Instant scheduled = Instant.now();
            JobId id = context.getBean(JobScheduler.class)
                    .job(FaultHandlers.HONOURS, null)
                    .executions(2)
                    .schedule();
            String group = jobs.find(id).orElseThrow().retryGroup();

            await().atMost(WAIT).until(() -> jobs.find(id).orElseThrow().state() == JobState.FAILED);
            Duration firstFailedAfter = Duration.between(scheduled, Instant.now());
            await().atMost(WAIT)
                    .until(() -> jobs.findByRetryGroup(group).size() == 2
                            && jobs.findByRetryGroup(group).get(1).state() == JobState.FAILED);

            List<JobDetails> rows = jobs.findByRetryGroup(group);
            assertThat(rows).extracting(JobDetails::subState).containsExactly(41, 43);
            assertThat(firstFailedAfter)
                    .as("from scheduling to the first row failing")
                    .isGreaterThanOrEqualTo(TIMEOUT)
                    .isLessThan(FAILED_WITHIN.plusSeconds(1));
            for (JobDetails row : rows) {
                JobFailure failure = jobs.failureOf(row.id()).orElseThrow();
                assertThat(failure.kind()).isEqualTo(JobFailure.Kind.TIMEOUT);
                assertThat(failure.exceptionClass()).isEqualTo("timed out after PT0.6S");
                assertThat(failure.message()).contains("ran longer than its timeout of PT0.6S and was interrupted");
                assertThat(failure.node())
                        .isEqualTo(context.getBean(JobWorkers.class).node().id());
            }
            await().atMost(WAIT).until(() -> handlers.interrupted.size() == 2);
            assertThat(handlers.interrupted)
                    .containsExactly(rows.get(0).id().value(), rows.get(1).id().value());
        });
    }

    @Test
    void aHandlerThatIgnoresTheInterruptIsFailedAndRetriedWhileItRunsAndItsLateSuccessChangesNothing(
            TestSchema schema, CapturedOutput output) {
        runner(schema, "timeout_ignored").run(context -> {
            Jobs jobs = context.getBean(Jobs.class);
            FaultHandlers handlers = context.getBean(FaultHandlers.class);
            JobId id = context.getBean(JobScheduler.class)
                    .job(FaultHandlers.IGNORES, null)
                    .executions(2)
                    .schedule();
            String group = jobs.find(id).orElseThrow().retryGroup();

            await().atMost(WAIT)
                    .until(() -> jobs.findByRetryGroup(group).size() == 2
                            && jobs.findByRetryGroup(group).get(1).state() == JobState.FAILED);
            assertThat(handlers.returned)
                    .as("handlers returned when both rows had failed")
                    .isEmpty();
            assertThat(handlers.ignoredInterrupts).contains(id.value());

            await().atMost(WAIT).until(() -> handlers.returned.size() == 2);
            // Give the late outcomes time to be (not) written.
            await().pollDelay(Duration.ofMillis(500)).atMost(WAIT).until(() -> true);
            List<JobDetails> rows = jobs.findByRetryGroup(group);
            assertThat(rows).extracting(JobDetails::subState).containsExactly(41, 43);
            assertThat(rows)
                    .allSatisfy(row -> assertThat(jobs.failureOf(row.id()))
                            .get()
                            .extracting(JobFailure::kind)
                            .isEqualTo(JobFailure.Kind.TIMEOUT));
            assertThat(output.getOut())
                    .contains("ignores job " + id.value())
                    .contains("timed out after PT0.6S and was interrupted; retry 1 of 1 at")
                    .contains("timed out after PT0.6S and was interrupted; failed for good (43)")
                    .doesNotContain("Could not record");
        });
    }

    @Test
    void aTimeoutThatIsNotPositiveStopsStartupNamingTheProperty(TestSchema schema) {
        WorkerFixture.withJobs(schema, "timeout_bad")
                .withBean(FaultHandlers.class)
                .withPropertyValues("jobqueue.types.honours.timeout=0s")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .hasMessageContaining("jobqueue.types.honours.timeout must be positive but was PT0S");
                });
    }
}
