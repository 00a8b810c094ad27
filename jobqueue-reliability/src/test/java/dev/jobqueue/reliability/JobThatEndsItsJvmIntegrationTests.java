package dev.jobqueue.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.NewJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A job whose handler ends its worker's JVM at once ({@code Runtime.halt}, as {@code System.exit},
 * an out-of-memory error or a native crash would): its start is never written by the batched
 * path, so only the claim's own record of it stops each restart from giving the execution back.
 * With it the crash loop ends after the job's executions.
 */
class JobThatEndsItsJvmIntegrationTests {

    private static final Logger LOGGER = LoggerFactory.getLogger(JobThatEndsItsJvmIntegrationTests.class);

    private static final int EXECUTIONS = 3;
    /** One start per run, one more to recover the last, and room to see a loop go on. */
    private static final int MAX_WORKER_STARTS = 6;

    private static final int OTHER_JOBS = 20;
    /**
     * The other jobs keep the worker busy, so its completion batcher lingers (20 ms) before it
     * writes the starts it was given: the halting job ends the JVM well within that, and its
     * start reaches the database only if the claim wrote it.
     */
    private static final long OTHER_JOB_MILLIS = 1_000;

    private static final String RUNS_OF_GROUP = """
            SELECT COUNT(*) FROM executions e JOIN jobs_data d ON d.id = e.job_id WHERE d.retry_group = ?
            """;

    private static ReliabilityDatabase database;

    @BeforeAll
    static void createSchema() {
        database = new ReliabilityDatabase("EndsItsJvm");
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    @Test
    void aJobThatEndsItsWorkersJvmRunsOnlyItsExecutionsAndTheOtherJobsComplete() {
        JdbcTemplate jdbc = new JdbcTemplate(database.schema().dataSource());
        JobId halting = null;
        List<JobId> others = List.of();
        int starts = 0;
        int died = 0;
        while (starts < MAX_WORKER_STARTS && (starts == 0 || database.unfinished() > 0)) {
            starts++;
            try (WorkerProcess worker = WorkerProcess.start(database.schema(), "worker-" + starts)) {
                if (halting == null) {
                    // Scheduled once the first worker runs, in one call: it claims them together.
                    List<NewJob> jobs = new ArrayList<>();
                    jobs.add(job(Script.haltTheJvm()).executions(EXECUTIONS));
                    jobs.addAll(Collections.nCopies(
                            OTHER_JOBS,
                            job(Script.sleepThenSucceed(OTHER_JOB_MILLIS)).executions(10)));
                    List<JobId> ids = database.scheduleAll(jobs);
                    halting = ids.get(0);
                    others = ids.subList(1, ids.size());
                }
                // The dead worker's lease (2 s) runs out, this one's recovery takes the job, and it runs.
                await("worker-" + starts + " dies or every job is finished")
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
        List<Integer> subStates = database.queue().findByRetryGroup(group).stream()
                .map(JobDetails::subState)
                .toList();
        int runs = jdbc.queryForObject(RUNS_OF_GROUP, Integer.class, group);
        LOGGER.info(
                "{} worker starts, {} died; the halting job ran {} times, its rows ended in {}",
                starts,
                died,
                runs,
                subStates);

        assertThat(runs).as("runs of the job that ends its JVM").isEqualTo(EXECUTIONS);
        assertThat(died).as("workers the job ended").isEqualTo(EXECUTIONS);
        assertThat(subStates).as("its rows, oldest first").containsExactly(41, 41, 43);
        assertThat(database.unfinished()).as("rows not finished").isZero();
        // Those handed to threads together with it had their runs cut short too (41, and a retry row).
        for (JobId id : others) {
            String othersGroup = Objects.requireNonNull(
                    database.queue().details(id).orElseThrow().retryGroup());
            assertThat(database.queue().findByRetryGroup(othersGroup))
                    .as("rows of job %s, scheduled with it", id)
                    .extracting(JobDetails::subState)
                    .last()
                    .isEqualTo(30);
        }
    }

    private static NewJob job(Script script) {
        return ReliabilityDatabase.job(script);
    }
}
