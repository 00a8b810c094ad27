package dev.jobqueue.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Claims at the defaults ({@code batch-size} not set) on a real database: slow jobs are claimed
 * only for free handlers, so two nodes share them; no-op jobs are claimed hundreds at a time.
 * Both run at the default poll interval, where the buffer of fixed-size claims (what the
 * handlers run in one poll interval) would hold slow jobs back from the other node.
 */
@ExtendWith(TestDatabaseExtension.class)
class AdaptiveClaimsIntegrationTests {

    private static final Logger LOGGER = LoggerFactory.getLogger(AdaptiveClaimsIntegrationTests.class);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int CONCURRENCY = 4;

    @Test
    void slowJobsAreSpreadOverTwoNodesEachHoldingNoMoreThanItsHandlers(TestSchema schema) {
        String table = "claims_slow";
        int jobs = 48;
        ClaimHandlers.Runs runs = new ClaimHandlers.Runs();
        ClaimHandlers.Claims first = new ClaimHandlers.Claims();
        ClaimHandlers.Claims second = new ClaimHandlers.Claims();
        node(schema, table, runs, "a", first)
                .run(a -> node(schema, table, runs, "b", second).run(b -> {
                    assertThat(a).hasNotFailed();
                    assertThat(b).hasNotFailed();
                    a.getBean(JobScheduler.class).scheduleAll(batch(ClaimHandlers.SLOW, jobs));

                    await().atMost(WAIT).until(() -> done(schema, table, ClaimHandlers.SLOW) == jobs);

                    LOGGER.info(
                            "{} jobs of {} ms on two nodes of {} handlers: runs by node {}; most held {} and {};"
                                    + " largest claims {} and {}",
                            jobs,
                            ClaimHandlers.SLOW_RUN.toMillis(),
                            CONCURRENCY,
                            runs.byNode,
                            first.mostHeld.get(),
                            second.mostHeld.get(),
                            first.largest.get(),
                            second.largest.get());
                    assertThat(runs.total.get()).isEqualTo(jobs);
                    for (ClaimHandlers.Claims node : List.of(first, second)) {
                        assertThat(node.largest.get())
                                .as("largest claim of a node (fixed claims buffer 4 × 500 / 250 more)")
                                .isLessThanOrEqualTo(CONCURRENCY + 1);
                        // The observer hears of a finished handler just after its thread is free
                        // again, so a claim for that thread may be counted before it: one per handler.
                        assertThat(node.mostHeld.get())
                                .as("jobs a node held at once, as its observer counts them")
                                .isLessThanOrEqualTo(2 * CONCURRENCY);
                    }
                    assertThat(runs.of("a")).as("runs on node a").isGreaterThanOrEqualTo(jobs / 4);
                    assertThat(runs.of("b")).as("runs on node b").isGreaterThanOrEqualTo(jobs / 4);
                }));
    }

    @Test
    void noOpJobsAreClaimedHundredsAtATime(TestSchema schema) {
        String table = "claims_fast";
        int jobs = 4_000;
        ClaimHandlers.Runs runs = new ClaimHandlers.Runs();
        ClaimHandlers.Claims claims = new ClaimHandlers.Claims();
        node(schema, table, runs, "a", claims)
                .withPropertyValues("jobqueue.types.noopclaims.concurrency=8")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    context.getBean(JobScheduler.class).scheduleAll(batch(ClaimHandlers.NOOP, jobs));

                    await().atMost(WAIT).until(() -> done(schema, table, ClaimHandlers.NOOP) == jobs);

                    LOGGER.info(
                            "{} no-op jobs on one node of 8 handlers: {} claims, the largest {} jobs",
                            jobs,
                            claims.claims.get(),
                            claims.largest.get());
                    assertThat(claims.largest.get())
                            .as("the largest claim, where fixed claims take at most 32")
                            .isGreaterThanOrEqualTo(100)
                            .isLessThanOrEqualTo(TypeSettings.DEFAULT_MAX_BATCH_SIZE);
                });
    }

    @Test
    void aFixedBatchSizeKeepsClaimsAtThatSize(TestSchema schema) {
        String table = "claims_fixed";
        int jobs = 1_000;
        ClaimHandlers.Runs runs = new ClaimHandlers.Runs();
        ClaimHandlers.Claims claims = new ClaimHandlers.Claims();
        node(schema, table, runs, "a", claims)
                .withPropertyValues(
                        "jobqueue.types.noopclaims.concurrency=8", "jobqueue.types.noopclaims.batch-size=20")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    context.getBean(JobScheduler.class).scheduleAll(batch(ClaimHandlers.NOOP, jobs));

                    await().atMost(WAIT).until(() -> done(schema, table, ClaimHandlers.NOOP) == jobs);

                    assertThat(claims.largest.get()).isEqualTo(20);
                });
    }

    private static ApplicationContextRunner node(
            TestSchema schema, String table, ClaimHandlers.Runs runs, String node, ClaimHandlers.Claims claims) {
        return WorkerFixture.runner(schema, table)
                .withBean(ClaimHandlers.class, () -> new ClaimHandlers(runs, node))
                .withBean(JobQueueObserver.class, () -> claims)
                .withPropertyValues(
                        "jobqueue.worker.poll-interval=500ms",
                        "jobqueue.worker.max-poll-interval=1s",
                        "jobqueue.types.slowclaims.concurrency=" + CONCURRENCY);
    }

    private static List<NewJob> batch(JobType type, int jobs) {
        List<NewJob> batch = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            batch.add(NewJob.of(type));
        }
        return batch;
    }

    private static long done(TestSchema schema, String table, JobType type) {
        Long done = new JdbcTemplate(schema.dataSource())
                .queryForObject(
                        "SELECT COUNT(*) FROM " + table + " WHERE job_type = ? AND state = 3", Long.class, type.id());
        return done == null ? 0 : done;
    }
}
