package dev.jobqueue.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobOperationResult;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.scheduling.Jobs;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** Operations on two nodes (two Spring contexts, each with its own pool and workers) on one database. */
@ExtendWith(TestDatabaseExtension.class)
class OperationsWorkerIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aCancelIssuedOnOneNodeStopsTheHandlerRunningOnTheOther(TestSchema schema) {
        // lease 1500ms: a heartbeat every 500ms; the stubborn handler is interrupted 1s after its node learns.
        Duration heartbeat = Duration.ofMillis(500);
        Duration grace = Duration.ofSeconds(1);
        ApplicationContextRunner node = runner(
                schema, "cancelled", "jobqueue.types.stubborn.lease=1500ms", "jobqueue.types.stubborn.cancel-grace=1s");
        node.run(one -> node.run(two -> {
            JobId id = one.getBean(JobScheduler.class)
                    .job(OperatorHandlers.STUBBORN, null)
                    .schedule();
            await().atMost(WAIT).until(() -> runs(one).size() + runs(two).size() == 1);
            ApplicationContext running = runs(one).isEmpty() ? two : one;
            ApplicationContext other = running == one ? two : one;
            OperatorHandlers handler = running.getBean(OperatorHandlers.class);

            Instant cancelledAt = Instant.now();
            JobOperationResult result = other.getBean(Jobs.class).cancel(id);

            assertThat(result.applied()).isTrue();
            assertThat(result.subStateBefore()).isEqualTo(20);
            await().atMost(WAIT).until(() -> handler.returned);
            Duration learned = Duration.between(cancelledAt, handler.sawCancelAt);
            Duration interruptedAfter = Duration.between(handler.sawCancelAt, handler.interruptedAt);
            System.out.println("Cancel on the other node: handler saw it after " + learned.toMillis()
                    + " ms (heartbeat " + heartbeat.toMillis() + " ms), interrupted " + interruptedAfter.toMillis()
                    + " ms later (grace " + grace.toMillis() + " ms)");
            assertThat(learned).isLessThanOrEqualTo(heartbeat.plusMillis(300));
            assertThat(interruptedAfter).isBetween(grace.minusMillis(150), grace.plusMillis(700));
            JobQueue queue = one.getBean(JobQueue.class);
            await().during(Duration.ofMillis(500))
                    .atMost(WAIT)
                    .until(() -> queue.details(id).orElseThrow().subState() == 49);
            assertThat(queue.details(id).orElseThrow().state()).isEqualTo(JobState.FAILED);
            assertThat(queue.findByRetryGroup(queue.details(id).orElseThrow().retryGroup()))
                    .hasSize(1);
            assertThat(runs(one).size() + runs(two).size())
                    .as("ran once, never again")
                    .isEqualTo(1);
            assertThat(other.getBean(Jobs.class).cancel(id).status())
                    .isEqualTo(JobOperationResult.Status.ALREADY_FINISHED);
        }));
    }

    @Test
    void aPauseOnOneNodeStopsClaimsOnBothWithinAPollIntervalAndAResumeRestartsThem(TestSchema schema) {
        Duration pollInterval = Duration.ofMillis(200);
        JdbcTemplate jdbc = new JdbcTemplate(schema.dataSource());
        ApplicationContextRunner node =
                runner(schema, "paused", "jobqueue.worker.poll-interval=200ms", "jobqueue.worker.max-poll-interval=1s");
        node.run(one -> node.run(two -> {
            Jobs jobs = one.getBean(Jobs.class);
            JobScheduler scheduler = two.getBean(JobScheduler.class);
            scheduler.job(OperatorHandlers.TICK, null).schedule();
            await().atMost(WAIT).until(() -> ticks(one) + ticks(two) == 1);

            assertThat(jobs.pause(OperatorHandlers.TICK, null, "runbook test")).isTrue();
            await().pollDelay(pollInterval).atMost(WAIT).until(() -> true);
            List<JobId> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ids.add(scheduler.job(OperatorHandlers.TICK, null).schedule());
            }

            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(3))
                    .until(() ->
                            jdbc.queryForObject("SELECT COUNT(*) FROM paused WHERE state = 1", Integer.class) == 20);
            assertThat(one.getBean(JobWorkers.class).pausedServedQueues()).isEqualTo(1);
            assertThat(two.getBean(JobWorkers.class).pausedServedQueues()).isEqualTo(1);
            assertThat(ticks(one) + ticks(two)).isEqualTo(1);

            Instant resumedAt = Instant.now();
            assertThat(two.getBean(Jobs.class).resume(OperatorHandlers.TICK, null))
                    .isTrue();
            await().pollInterval(Duration.ofMillis(10))
                    .atMost(WAIT)
                    .until(() ->
                            jdbc.queryForObject("SELECT COUNT(*) FROM paused WHERE state = 1", Integer.class) < 20);
            Duration firstClaim = Duration.between(resumedAt, Instant.now());
            JobQueue queue = one.getBean(JobQueue.class);
            await().atMost(WAIT)
                    .until(() -> queue.countByState(Tenant.DEFAULT, OperatorHandlers.TICK)
                                    .get(JobState.DONE)
                            == 21);
            System.out.println("Resume: first claim after " + firstClaim.toMillis() + " ms (poll interval "
                    + pollInterval.toMillis() + " ms); node one ran " + ticks(one) + ", node two " + ticks(two));
            assertThat(firstClaim).isLessThanOrEqualTo(pollInterval.multipliedBy(2));
            assertThat(one.getBean(JobWorkers.class).pausedServedQueues()).isZero();
            assertThat(two.getBean(JobWorkers.class).pausedServedQueues()).isZero();
        }));
    }

    private static List<String> runs(ApplicationContext context) {
        return new ArrayList<>(context.getBean(OperatorHandlers.class).started);
    }

    private static int ticks(ApplicationContext context) {
        return context.getBean(OperatorHandlers.class).ticks.size();
    }

    private static ApplicationContextRunner runner(TestSchema schema, String table, String... properties) {
        return WorkerFixture.withJobs(schema, table)
                .withBean(OperatorHandlers.class)
                .withPropertyValues(properties);
    }
}
