package dev.jobqueue.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobFailure;
import dev.jobqueue.domain.JobId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * With separate worker processes: a job that ends its worker's JVM stops being retried after
 * {@code max-crashes} lease losses although executions remain, with the reason "worker died
 * while running it"; a handler past its type's timeout is interrupted, its job fails as timed out
 * (41, the reason stored) and its retry runs.
 */
class CrashLimitAndTimeoutIntegrationTests {

    private static final Logger LOGGER = LoggerFactory.getLogger(CrashLimitAndTimeoutIntegrationTests.class);
    private static final String RUNS_OF_GROUP = """
            SELECT COUNT(*) FROM executions e JOIN jobs_data d ON d.id = e.job_id WHERE d.retry_group = ?
            """;

    private ReliabilityDatabase database;

    @BeforeEach
    void createSchema() {
        database = new ReliabilityDatabase("CrashLimit");
    }

    @AfterEach
    void dropSchema() {
        database.close();
    }

    @Test
    void aJobThatEndsItsJvmTwiceIsNotRetriedAThirdTimeThoughExecutionsRemain() {
        JobId halting = null;
        int starts = 0;
        int died = 0;
        while (starts < 5 && (starts == 0 || database.unfinished() > 0)) {
            starts++;
            try (WorkerProcess worker = WorkerProcess.start(
                    database.schema(), "crash-" + starts, "--jobqueue.types.scripted.max-crashes=2")) {
                if (halting == null) {
                    halting = database.scheduleAll(List.of(
                                    ReliabilityDatabase.job(Script.haltTheJvm()).executions(10)))
                            .get(0);
                }
                // The dead worker's lease (2 s) runs out, and this one's recovery takes the job.
                await("crash-" + starts + " dies or the job is finished")
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> worker.exited() || database.unfinished() == 0);
                if (worker.exited()) {
                    died++;
                }
            }
        }
        String group = Objects.requireNonNull(
                database.queue().details(halting).orElseThrow().retryGroup());
        List<JobDetails> rows = database.queue().findByRetryGroup(group);
        int runs = new JdbcTemplate(database.schema().dataSource()).queryForObject(RUNS_OF_GROUP, Integer.class, group);
        LOGGER.info(
                "{} worker starts, {} died; the halting job ran {} times, its rows ended in {}",
                starts,
                died,
                runs,
                rows.stream().map(JobDetails::subState).toList());

        assertThat(runs).as("runs of the job that ends its JVM").isEqualTo(2);
        assertThat(died).as("workers the job ended").isEqualTo(2);
        assertThat(rows).extracting(JobDetails::subState).containsExactly(41, 42);
        assertThat(rows.get(1).pendingExecution()).as("executions left unused").isEqualTo(8);
        for (JobDetails row : rows) {
            JobFailure failure = database.queue().failureOf(row.id()).orElseThrow();
            assertThat(failure.kind()).isEqualTo(JobFailure.Kind.CRASH);
            assertThat(failure.exceptionClass()).isEqualTo("worker died while running it");
            assertThat(failure.node()).isNotBlank();
        }
        assertThat(database.queue().failureOf(rows.get(1).id()).orElseThrow().message())
                .contains("crash 2 of at most 2");
    }

    @Test
    void aHandlerPastItsTimeoutIsInterruptedInItsWorkerProcessAndItsRetrySucceeds() {
        try (WorkerProcess worker =
                WorkerProcess.start(database.schema(), "timeout", "--jobqueue.types.scripted.timeout=1s")) {
            long start = System.nanoTime();
            JobId slow = database.schedule(List.of(Script.slowOnce("succeed", 20_000)))
                    .get(0);
            String group = Objects.requireNonNull(
                    database.queue().details(slow).orElseThrow().retryGroup());

            await().atMost(Duration.ofSeconds(30)).until(() -> database.unfinished() == 0);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            List<JobDetails> rows = database.queue().findByRetryGroup(group);
            assertThat(rows).extracting(JobDetails::subState).containsExactly(41, 30);
            assertThat(took)
                    .as("from scheduling to the retry's success, the first run sleeping 20 s")
                    .isLessThan(Duration.ofSeconds(10));
            JobFailure failure = database.queue().failureOf(slow).orElseThrow();
            assertThat(failure.kind()).isEqualTo(JobFailure.Kind.TIMEOUT);
            assertThat(failure.exceptionClass()).isEqualTo("timed out after PT1S");
            assertThat(worker.exited()).isFalse();
        }
    }
}
