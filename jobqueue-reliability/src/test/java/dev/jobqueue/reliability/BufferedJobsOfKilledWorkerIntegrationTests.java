package dev.jobqueue.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.NewJob;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A worker JVM killed with a full buffer: the jobs it had claimed but never started keep their
 * executions. Each job may run once ({@code executions = 1}), so a buffered job that lost an
 * execution at lease recovery would end 4/43 without having run.
 */
class BufferedJobsOfKilledWorkerIntegrationTests {

    private static final Logger LOGGER = LoggerFactory.getLogger(BufferedJobsOfKilledWorkerIntegrationTests.class);

    /** Handlers of the killed worker run at once; the rest of its claims wait in its buffer. */
    private static final int CONCURRENCY = 8;

    private static final int SLOW_JOBS = 24;
    /**
     * Quick jobs run first: the buffer is what the handlers run in a poll interval, by a moving
     * average of their run time that starts at the first (slow, cold) run.
     */
    private static final int WARM_UP_JOBS = 300;
    /** Longer than the wait for a full buffer, so no slow job finishes before the kill. */
    private static final long SLOW_MILLIS = 3_000;
    /** Far above the documented bound on recording a start (the 20 ms completion linger plus a write). */
    private static final long SINCE_LAST_START_MILLIS = 300;

    private static final String HELD_NOT_STARTED = """
            SELECT j.id FROM jobs j
            WHERE j.state = 2
              AND NOT EXISTS (SELECT 1 FROM executions e WHERE e.job_id = j.id)
            ORDER BY j.id
            """;
    private static final String HELD_STARTED_BY = """
            SELECT j.id FROM jobs j
            WHERE j.state = 2
              AND EXISTS (SELECT 1 FROM executions e WHERE e.job_id = j.id AND e.worker = ?)
            ORDER BY j.id
            """;
    private static final String MILLIS_SINCE_LAST_START = """
            SELECT TIMESTAMPDIFF(MICROSECOND, MAX(started_at), UTC_TIMESTAMP(6)) DIV 1000 FROM executions
            """;

    private static ReliabilityDatabase database;

    @BeforeAll
    static void createSchema() {
        database = new ReliabilityDatabase("BufferedJobs");
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    @Test
    void jobsClaimedIntoTheBufferOfAKilledWorkerRunElsewhereWithTheirExecutions() {
        JdbcTemplate jdbc = new JdbcTemplate(database.schema().dataSource());
        List<String> buffered;
        List<String> started;
        try (WorkerProcess killed = WorkerProcess.start(database.schema(), "killed")) {
            // A buffer exists once handlers have finished: quick jobs first show the worker they are quick.
            database.queue().scheduleAll(Collections.nCopies(WARM_UP_JOBS, job(Script.succeed())));
            await().atMost(Duration.ofSeconds(60)).until(() -> database.count("state = 3") == WARM_UP_JOBS);

            database.queue().scheduleAll(Collections.nCopies(SLOW_JOBS, job(Script.sleepThenSucceed(SLOW_MILLIS))));
            await("a full buffer and every start at least " + SINCE_LAST_START_MILLIS + " ms old")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> database.count("state = 2") == SLOW_JOBS
                            && jdbc.queryForList(HELD_STARTED_BY, String.class, killed.name())
                                            .size()
                                    == CONCURRENCY
                            && millisSinceLastStart(jdbc) >= SINCE_LAST_START_MILLIS);
            killed.kill();
            buffered = jdbc.queryForList(HELD_NOT_STARTED, String.class);
            started = jdbc.queryForList(HELD_STARTED_BY, String.class, killed.name());
        }
        assertThat(database.count("state = 3"))
                .as("no slow job finished before the kill")
                .isEqualTo(WARM_UP_JOBS);
        assertThat(buffered).as("jobs in the killed worker's buffer").hasSize(SLOW_JOBS - CONCURRENCY);
        assertThat(started).as("jobs the killed worker was running").hasSize(CONCURRENCY);

        try (WorkerProcess survivor = WorkerProcess.start(database.schema(), "survivor")) {
            await().atMost(Duration.ofSeconds(90)).until(() -> database.unfinished() == 0);
        }

        InvariantChecker.Report report = database.checker().check();
        LOGGER.info(
                "Killed worker held {} buffered and {} running jobs; {}",
                buffered.size(),
                started.size(),
                report.figures());
        report.assertHolds();
        assertThat(report.endedWithoutRunning())
                .as("jobs that ended in 43 without running")
                .isZero();
        for (String id : buffered) {
            JobDetails job = database.queue().details(JobId.parse(id)).orElseThrow();
            assertThat(job.subState()).as("buffered job %s ends done", id).isEqualTo(30);
            assertThat(job.attempt())
                    .as("buffered job %s ran in its first attempt", id)
                    .isEqualTo(1);
            assertThat(database.queue().findByRetryGroup(job.retryGroup()))
                    .as("rows of buffered job %s", id)
                    .hasSize(1);
            assertThat(jdbc.queryForList("SELECT worker FROM executions WHERE job_id = ?", String.class, id))
                    .as("runs of buffered job %s", id)
                    .containsExactly("survivor");
        }
        for (String id : started) {
            assertThat(database.queue().details(JobId.parse(id)).orElseThrow().subState())
                    .as("job %s, whose one run started on the killed worker and died with it", id)
                    .isEqualTo(43);
        }
        assertThat(report.groupsByFinalSubState())
                .isEqualTo(Map.of(30, WARM_UP_JOBS + buffered.size(), 43, started.size()));
    }

    private static NewJob job(Script script) {
        return ReliabilityDatabase.job(script).executions(1);
    }

    private static long millisSinceLastStart(JdbcTemplate jdbc) {
        Long millis = jdbc.queryForObject(MILLIS_SINCE_LAST_START, Long.class);
        return millis == null ? 0 : millis;
    }
}
