package dev.jobqueue.testing;

import static dev.jobqueue.testing.JobAssert.assertThatJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobOperationResult;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.handler.JobOutcome;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.scheduling.Jobs;
import dev.jobqueue.test.TestSchema;
import dev.jobqueue.testing.TestApplication.Call;
import dev.jobqueue.testing.TestApplication.Handlers;
import dev.jobqueue.testing.TestApplication.Outcomes;
import dev.jobqueue.testing.TestApplication.Person;
import dev.jobqueue.worker.JobWorkers;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

@JobQueueTest(
        properties = {
            "jobqueue.types.flaky.retry.initial-delay=0s",
            "jobqueue.types.slow-retry.retry.strategy=fixed",
            "jobqueue.types.slow-retry.retry.delay=2s",
            // A production URL in the application's configuration that a test must not use.
            "spring.config.import=optional:classpath:production-like.properties"
        })
class JobQueueTestRunnerIntegrationTests {

    @Autowired
    JobQueueTestRunner runner;

    @Autowired
    JobScheduler scheduler;

    @Autowired
    Jobs jobs;

    @Autowired
    Handlers handlers;

    @Autowired
    Outcomes outcomes;

    @Autowired
    JobWorkers workers;

    @Autowired
    TestSchema schema;

    @Value("${spring.datasource.url}")
    String datasourceUrl;

    @Test
    void theApplicationRunsOnASchemaOfItsOwnWithItsWorkersStopped() {
        assertThat(datasourceUrl).contains("/" + schema.name()).doesNotContain("production.example");
        assertThat(schema.name()).startsWith("jq_jobqueuetestrunnerintegrationtests_");
        assertThat(workers.isRunning()).as("workers started on their own").isFalse();
    }

    @Test
    void runDueRunsADueJobOnTheTestsThreadThroughItsHandlerAndRecordsItDone() {
        String name = unique("ada");
        JobId id = scheduler.schedule(TestApplication.GREETING, new Person(name));
        assertThat(handlers.of(name)).as("calls before runDue").isEmpty();

        List<JobDetails> ran = runner.runDue();

        assertThat(ran).extracting(JobDetails::id).contains(id);
        assertThat(handlers.of(name)).singleElement().extracting(Call::thread).isSameAs(Thread.currentThread());
        assertThatJob(jobs, id).isDone().hasSubState(SubState.DONE).hasAttempt(1);
        assertThat(outcomes.succeeded).extracting(JobOutcome::id).contains(id);
        assertThat(runner.runDue()).as("a second runDue finds nothing").isEmpty();
    }

    @Test
    void aJobDueLaterDoesNotRun() {
        String name = unique("later");
        JobId id = scheduler
                .job(TestApplication.GREETING, new Person(name))
                .in(Duration.ofHours(1))
                .schedule();

        assertThat(runner.runDue()).extracting(JobDetails::id).doesNotContain(id);

        assertThat(handlers.of(name)).isEmpty();
        runner.assertThatJob(id).isScheduled().hasSubState(10);
    }

    @Test
    void aJobOfAPausedQueueWaitsUntilItsQueueIsResumed() {
        String name = unique("paused");
        jobs.pause(TestApplication.GREETING, null, "test");
        JobId id;
        try {
            id = scheduler.schedule(TestApplication.GREETING, new Person(name));

            assertThat(runner.runDue()).extracting(JobDetails::id).doesNotContain(id);
            assertThat(handlers.of(name)).isEmpty();
        } finally {
            jobs.resume(TestApplication.GREETING, null);
        }

        assertThat(runner.runDue()).extracting(JobDetails::id).contains(id);
        assertThatJob(jobs, id).isDone();
    }

    @Test
    void aRetryWithoutDelayRunsInTheSameRunDueAsANewRowOfTheRetryGroup() {
        String name = unique("grace");
        JobId id = scheduler.schedule(TestApplication.FLAKY, new Person(name));

        List<JobDetails> ran = runner.runDue();

        assertThat(handlers.of(name)).extracting(Call::attempt).containsExactly(1, 2);
        assertThat(ran).filteredOn(job -> name.equals(retryGroupOwner(job))).hasSize(2);
        assertThatJob(jobs, id)
                .isFailed()
                .hasSubState(44)
                .hasFailureMessageContaining("mail server busy")
                .latestRun()
                .isDone()
                .hasAttempt(2);
        assertThat(outcomes.failed).extracting(JobOutcome::id).contains(id);
    }

    @Test
    void aNonRetryableFailureFailsForGoodWithItsReason() {
        String name = unique("nobody");
        JobId id = scheduler.schedule(TestApplication.INVALID, new Person(name));

        runner.runDue();

        assertThat(handlers.of(name)).hasSize(1);
        assertThatJob(jobs, id)
                .isFailed()
                .hasSubState(42)
                .hasFailureMessageContaining("not an address: " + name)
                .latestRun()
                .hasSubState(42);
        assertThat(outcomes.exhausted).extracting(JobOutcome::id).contains(id);
    }

    @Test
    void aJobAHandlerSchedulesForNowRunsInTheSameRunDue() {
        String name = unique("linus");
        JobId id = scheduler.schedule(TestApplication.CHAIN, new Person(name));

        runner.runDue();

        assertThatJob(jobs, id).isDone();
        assertThat(handlers.of("after " + name))
                .as("the greeting the chain scheduled")
                .hasSize(1);
    }

    @Test
    void awaitAllDoneRunsRetriesAsTheyComeDue() {
        String name = unique("barbara");
        JobId id = scheduler.schedule(TestApplication.SLOW_RETRY, new Person(name));
        long start = System.nanoTime();

        runner.awaitAllDone(Duration.ofSeconds(20));

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(handlers.of(name)).extracting(Call::attempt).containsExactly(1, 2);
        assertThatJob(jobs, id).hasSubState(44).latestRun().isDone();
        // process_at keeps whole seconds (the Go library's DATETIME): a delay of 2 s is due after 1 to 2 s.
        assertThat(took)
                .as("the retry waited for its delay")
                .isGreaterThanOrEqualTo(Duration.ofMillis(1000))
                .isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void awaitAllDoneIgnoresJobsDueAfterItsTimeoutAndHeldJobs() {
        JobId later = scheduler
                .job(TestApplication.GREETING, new Person(unique("tomorrow")))
                .in(Duration.ofDays(1))
                .schedule();
        long start = System.nanoTime();

        runner.awaitAllDone(Duration.ofSeconds(5));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        assertThatJob(jobs, later).isScheduled();
        JobOperationResult cancelled = jobs.cancel(later);
        assertThat(cancelled).isNotNull();
    }

    @Test
    void awaitAllDoneFailsListingTheJobsThatWereNotDone() {
        JobId orphan = scheduler.schedule(TestApplication.UNHANDLED, new Person(unique("orphan")));
        try {
            assertThatThrownBy(() -> runner.awaitAllDone(Duration.ofMillis(500)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("were not done after PT0.5S")
                    .hasMessageContaining(orphan + " (type 9, SCHEDULED/10");
        } finally {
            jobs.cancel(orphan);
        }
    }

    @Test
    void runDueRefusesWhileTheWorkersRun() {
        workers.start();
        try {
            assertThatThrownBy(() -> runner.runDue())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("jobqueue.worker.auto-startup=false");
        } finally {
            workers.stop();
        }
    }

    @Test
    void assertionsSayWhatTheJobWas() {
        String name = unique("edsger");
        JobId id = scheduler.schedule(TestApplication.GREETING, new Person(name));
        runner.runDue();

        assertThatThrownBy(() -> assertThatJob(jobs, id).isFailed())
                .hasMessageContaining("Expected job " + id + " to be FAILED but was DONE/30 (type 1, attempt 1");
        assertThatThrownBy(() -> assertThatJob(jobs, id).hasSubState(42))
                .hasMessageContaining("to be in sub-state 42 but was DONE/30");
        assertThatThrownBy(() -> assertThatJob(jobs, id).hasFailureMessageContaining("x"))
                .hasMessageContaining("it has no failure reason");
        JobId missing = JobId.parse("01ARZ3NDEKTSV4RRFFQ69G5FAV");
        assertThatThrownBy(() -> assertThatJob(jobs, missing))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expected job " + missing + " to exist, but there is no such job");
    }

    /** The payload's name of a row, to pick one job's rows out of what runDue ran. */
    private static String retryGroupOwner(JobDetails job) {
        String properties = job.properties();
        return properties == null ? "" : properties.replaceAll(".*\"name\":\"([^\"]*)\".*", "$1");
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
