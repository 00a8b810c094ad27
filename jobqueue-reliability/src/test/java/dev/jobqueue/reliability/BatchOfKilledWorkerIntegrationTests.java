package dev.jobqueue.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.domain.Batch;
import dev.jobqueue.domain.BatchProgress;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.persistence.internal.JobChain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A worker JVM killed with SIGKILL while the members of a batch finish (issue #16): members it had
 * run but not yet recorded, and members it held, end on the survivor after their leases expire;
 * every member is counted once, and the callback is scheduled and runs exactly once.
 */
class BatchOfKilledWorkerIntegrationTests {

    private static final Logger LOGGER = LoggerFactory.getLogger(BatchOfKilledWorkerIntegrationTests.class);
    private static final int MEMBERS = 150;

    private static ReliabilityDatabase database;

    @BeforeAll
    static void createSchema() {
        database = new ReliabilityDatabase("KilledBatch");
    }

    @AfterAll
    static void dropSchema() {
        database.close();
    }

    @Test
    void theCallbackOfABatchRunsOnceWhenAWorkerIsKilledBetweenItsMembersCompletions() {
        JdbcTemplate jdbc = new JdbcTemplate(database.schema().dataSource());
        Batch batch;
        try (WorkerProcess first = WorkerProcess.start(database.schema(), "killed");
                WorkerProcess second = WorkerProcess.start(database.schema(), "survivor")) {
            List<JobChain> members = new ArrayList<>();
            for (int i = 0; i < MEMBERS; i++) {
                // One in ten fails every time and ends 43 after its 3 executions.
                Script script = i % 10 == 0 ? Script.alwaysThrow() : Script.sleepThenSucceed(150);
                members.add(JobChain.of(plain(script)));
            }
            batch = database.queue().scheduleBatch(members, JobChain.of(plain(Script.succeed())));
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() ->
                            database.queue().batch(batch.id()).orElseThrow().succeeded() >= 20
                                    && database.countHeldBy(first) > 0);
            first.kill();
            long heldByTheKilled = database.countHeldBy(first);
            LOGGER.info(
                    "Killed the worker holding {} members; batch {}",
                    heldByTheKilled,
                    database.queue().batch(batch.id()).orElseThrow());
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> database.unfinished() == 0
                            && database.queue().batch(batch.id()).orElseThrow().finished()
                            && database.count(
                                            "id = ? AND state = 3",
                                            batch.callback().value())
                                    == 1);
        }
        BatchProgress progress = database.queue().batch(batch.id()).orElseThrow();
        LOGGER.info("Batch after the kill: {}", progress);
        assertThat(progress.total()).isEqualTo(MEMBERS);
        assertThat(progress.failed()).isEqualTo(MEMBERS / 10);
        assertThat(progress.succeeded()).isEqualTo(MEMBERS - MEMBERS / 10);
        assertThat(progress.remaining()).isZero();
        assertThat(database.count(
                        "job_type = ? AND id = ?",
                        ReliabilityDatabase.PLAIN_TYPE.id(),
                        batch.callback().value()))
                .as("callback rows")
                .isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM executions WHERE job_id = ?",
                        Integer.class,
                        batch.callback().value()))
                .as("runs of the callback")
                .isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "SELECT properties FROM jobs_data WHERE id = ?",
                        String.class,
                        batch.callback().value()))
                .contains("\"succeeded\":" + (MEMBERS - MEMBERS / 10) + ",\"failed\":" + MEMBERS / 10
                        + ",\"cancelled\":0");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM jobs_follow_ups", Integer.class))
                .as("follow-ups left")
                .isZero();
    }

    private static NewJob plain(Script script) {
        return NewJob.of(ReliabilityDatabase.PLAIN_TYPE).tenant(Tenant.DEFAULT).properties(script);
    }
}
