package dev.jobqueue.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.domain.Batch;
import dev.jobqueue.domain.BatchProgress;
import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.scheduling.Jobs;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

/** Jobs that follow jobs (issue #16) run by real workers: continuations, and a batch over two nodes. */
@ExtendWith(TestDatabaseExtension.class)
class WorkflowsWorkerIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String[] SHARED_BATCH = {
        "jobqueue.types.member.batch-size=5",
        "jobqueue.worker.poll-interval=100ms",
        "jobqueue.worker.max-poll-interval=200ms"
    };

    private static ApplicationContextRunner node(TestSchema schema, String table) {
        return WorkerFixture.withJobs(schema, table)
                .withBean(WorkflowHandlers.class)
                .withPropertyValues("jobqueue.worker.concurrency=4");
    }

    @BeforeEach
    void reset() {
        WorkflowHandlers.reset();
    }

    @Test
    void theNextJobRunsAfterASuccessAndTheRescueJobAfterAFailureForGood(TestSchema schema) {
        node(schema, "flow_then").run(context -> {
            JobScheduler scheduler = context.getBean(JobScheduler.class);
            scheduler
                    .job(WorkflowHandlers.MEMBER, new WorkflowHandlers.Member(1))
                    .executions(1)
                    .then(scheduler.job(WorkflowHandlers.NEXT, new WorkflowHandlers.Member(1)))
                    .onFailure(scheduler.job(WorkflowHandlers.RESCUE, new WorkflowHandlers.Member(1)))
                    .schedule();
            scheduler
                    .job(WorkflowHandlers.MEMBER, new WorkflowHandlers.Member(7))
                    .executions(2)
                    .then(scheduler.job(WorkflowHandlers.NEXT, new WorkflowHandlers.Member(7)))
                    .onFailure(scheduler.job(WorkflowHandlers.RESCUE, new WorkflowHandlers.Member(7)))
                    .schedule();

            await().atMost(WAIT)
                    .until(() -> WorkflowHandlers.NEXT_RUNS.size() + WorkflowHandlers.RESCUE_RUNS.size() == 2);
            Thread.sleep(500);
            assertThat(WorkflowHandlers.NEXT_RUNS).containsExactly(1);
            assertThat(WorkflowHandlers.RESCUE_RUNS).containsExactly(7);
            assertThat(WorkflowHandlers.MEMBER_RUNS_BY_NODE.values().stream()
                            .mapToInt(c -> c.get())
                            .sum())
                    .as("one run of member 1, two of member 7 (one retry)")
                    .isEqualTo(3);
        });
    }

    /**
     * Two application contexts on one schema, each with its own pool and workers, run the 300
     * members of one batch: every member is counted once, and the callback runs once with the counts.
     */
    @Test
    void aBatchRunOnTwoNodesCallsBackExactlyOnceWithTheCounts(TestSchema schema) {
        // Members take a few milliseconds and claims are small, and both nodes poll often: the node that
        // schedules wakes at once and could otherwise claim and run all 300 before the other one looks.
        WorkflowHandlers.memberMillis = 10;
        node(schema, "flow_batch")
                .withPropertyValues(SHARED_BATCH)
                .run(first -> node(schema, "flow_batch")
                        .withPropertyValues(SHARED_BATCH)
                        .run(second -> {
                            JobScheduler scheduler = first.getBean(JobScheduler.class);
                            JobScheduler.BatchDraft draft = scheduler.batch();
                            for (int n = 0; n < 300; n++) {
                                draft.add(scheduler
                                        .job(WorkflowHandlers.MEMBER, new WorkflowHandlers.Member(n))
                                        .executions(1));
                            }
                            Batch batch = draft.whenFinished(
                                            scheduler.job(WorkflowHandlers.CALLBACK, Map.of("album", 42)))
                                    .schedule();
                            Jobs jobs = second.getBean(Jobs.class);

                            await().atMost(WAIT).until(() -> !WorkflowHandlers.CALLBACK_PAYLOADS.isEmpty());
                            Thread.sleep(1000);

                            assertThat(WorkflowHandlers.CALLBACK_PAYLOADS).hasSize(1);
                            Map<String, Object> payload = WorkflowHandlers.CALLBACK_PAYLOADS.peek();
                            assertThat(payload).containsEntry("album", 42);
                            assertThat(payload.get("batch"))
                                    .isEqualTo(Map.of(
                                            "id",
                                            batch.id(),
                                            "total",
                                            300,
                                            "succeeded",
                                            257,
                                            "failed",
                                            43,
                                            "cancelled",
                                            0));
                            BatchProgress progress = jobs.batch(batch.id()).orElseThrow();
                            assertThat(progress.finished()).isTrue();
                            assertThat(progress.succeeded()).isEqualTo(257);
                            assertThat(progress.failed()).isEqualTo(43);
                            assertThat(progress.remaining()).isZero();
                            await().atMost(WAIT)
                                    .until(() -> jobs.find(batch.callback())
                                                    .orElseThrow()
                                                    .subState()
                                            == 30);
                            assertThat(WorkflowHandlers.MEMBER_RUNS_BY_NODE)
                                    .as("both nodes ran members")
                                    .hasSize(2);
                        }));
    }

    @Test
    void badInputNamesTheFieldAndWritesNothing(TestSchema schema) {
        node(schema, "flow_bad").run(context -> {
            JobScheduler scheduler = context.getBean(JobScheduler.class);
            JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));

            assertThatExceptionOfType(InvalidJobInputException.class)
                    .isThrownBy(() -> scheduler
                            .job(WorkflowHandlers.MEMBER, new WorkflowHandlers.Member(1))
                            .unique("order-1")
                            .then(scheduler.job(WorkflowHandlers.NEXT, null))
                            .schedule())
                    .satisfies(e -> assertThat(e.field()).isEqualTo("unique"));
            assertThatExceptionOfType(InvalidJobInputException.class)
                    .isThrownBy(() -> scheduler
                            .job(WorkflowHandlers.MEMBER, new WorkflowHandlers.Member(1))
                            .then(scheduler.job(WorkflowHandlers.NEXT, null).executions(256))
                            .schedule())
                    .satisfies(e -> assertThat(e.field()).isEqualTo("executions"));
            assertThatExceptionOfType(InvalidJobInputException.class)
                    .isThrownBy(() -> scheduler
                            .batch()
                            .whenFinished(scheduler.job(WorkflowHandlers.CALLBACK, null))
                            .schedule())
                    .satisfies(e -> assertThat(e.field()).isEqualTo("members"));

            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM flow_bad", Integer.class))
                    .isZero();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM flow_bad_follow_ups", Integer.class))
                    .isZero();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM flow_bad_batches", Integer.class))
                    .isZero();
        });
    }
}
