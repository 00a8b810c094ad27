package dev.jobqueue.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.handler.JobListener;
import dev.jobqueue.handler.JobOutcome;
import dev.jobqueue.persistence.internal.ClaimedJob;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The application's {@link JobListener} beans, told by real workers on a real database: what they
 * are told, that the outcome is committed when they are (read on another connection from inside
 * the listener), never for a refused outcome, and that a listener that throws breaks nothing.
 */
@ExtendWith(TestDatabaseExtension.class)
class JobListenerIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aSuccessfulJobIsToldOnceItIsDoneInTheDatabase(TestSchema schema) {
        runner(schema, "listen_ok").run(context -> {
            JobId id = context.getBean(JobScheduler.class)
                    .job(Handlers.GREET, new Handlers.Greeting("Ada"))
                    .schedule();

            Recorder recorder = context.getBean(Recorder.class);
            await().atMost(WAIT).until(() -> recorder.calls.size() == 1);

            assertThat(recorder.calls).singleElement().satisfies(call -> {
                assertThat(call.event()).isEqualTo("succeeded");
                assertThat(call.outcome()).isEqualTo(new JobOutcome(id, Handlers.GREET, Tenant.DEFAULT, 1, null));
                assertThat(call.committedState()).isEqualTo(JobState.DONE.code());
            });
        });
    }

    @Test
    void aFailureIsToldAsFailedWhileARetryIsLeftAndAsExhaustedOnTheLastExecution(TestSchema schema) {
        runner(schema, "listen_fail")
                .withPropertyValues("jobqueue.types.fail.retry.strategy=fixed", "jobqueue.types.fail.retry.delay=0s")
                .run(context -> {
                    JobId id = context.getBean(JobScheduler.class)
                            .job(Handlers.FAIL, null)
                            .executions(2)
                            .schedule();
                    JobQueue queue = context.getBean(JobQueue.class);
                    Recorder recorder = context.getBean(Recorder.class);

                    await().atMost(WAIT).until(() -> recorder.calls.size() == 2);

                    List<JobDetails> rows = queue.findByRetryGroup(
                            queue.details(id).orElseThrow().retryGroup());
                    assertThat(recorder.calls).extracting(Call::event).containsExactly("failed", "exhausted");
                    assertThat(recorder.calls)
                            .extracting(call -> call.outcome().id())
                            .containsExactly(rows.get(0).id(), rows.get(1).id());
                    assertThat(recorder.calls)
                            .extracting(call -> call.outcome().attempt())
                            .containsExactly(1, 2);
                    assertThat(recorder.calls).allSatisfy(call -> {
                        assertThat(call.outcome().error())
                                .isInstanceOf(IllegalStateException.class)
                                .hasMessageStartingWith("always fails, attempt "
                                        + call.outcome().attempt());
                        assertThat(call.committedState()).isEqualTo(JobState.FAILED.code());
                    });
                });
    }

    @Test
    void aNonRetryableFailureIsToldAsExhaustedAtOnce(TestSchema schema) {
        runner(schema, "listen_reject").run(context -> {
            JobId id = context.getBean(JobScheduler.class)
                    .job(Handlers.REJECT, java.util.Map.of("a", 1))
                    .executions(3)
                    .schedule();
            Recorder recorder = context.getBean(Recorder.class);

            await().atMost(WAIT).until(() -> recorder.calls.size() == 1);

            assertThat(recorder.calls).singleElement().satisfies(call -> {
                assertThat(call.event()).isEqualTo("exhausted");
                assertThat(call.outcome().id()).isEqualTo(id);
                assertThat(call.outcome().error()).isInstanceOf(IllegalArgumentException.class);
                assertThat(call.committedState()).isEqualTo(JobState.FAILED.code());
            });
        });
    }

    @Test
    void aJobWhoseLeaseExpiredIsToldAsRecoveredAndItsRetryAsSucceeded(TestSchema schema) {
        runner(schema, "listen_recover")
                .withPropertyValues(
                        "jobqueue.types.greet.lease=1s",
                        "jobqueue.types.greet.retry.strategy=fixed",
                        "jobqueue.types.greet.retry.delay=0s")
                .run(context -> {
                    JobQueue queue = context.getBean(JobQueue.class);
                    JobWorkers workers = context.getBean(JobWorkers.class);
                    workers.stop();
                    JobId id = context.getBean(JobScheduler.class)
                            .job(Handlers.GREET, new Handlers.Greeting("Lin"))
                            .schedule();
                    ClaimedJob claimedByDeadWorker = queue.claim(
                                    Tenant.DEFAULT, Handlers.GREET, 1, Duration.ofSeconds(1))
                            .jobs()
                            .get(0);
                    queue.recordStarts(List.of(claimedByDeadWorker));
                    workers.start();
                    Recorder recorder = context.getBean(Recorder.class);

                    await().atMost(WAIT).until(() -> recorder.calls.size() == 2);

                    assertThat(recorder.calls).extracting(Call::event).containsExactly("recovered", "succeeded");
                    Call recovered = recorder.calls.peek();
                    assertThat(recovered.outcome())
                            .isEqualTo(new JobOutcome(id, Handlers.GREET, Tenant.DEFAULT, 1, null));
                    assertThat(recovered.committedState()).isEqualTo(JobState.FAILED.code());
                    assertThat(recorder.calls)
                            .last()
                            .satisfies(
                                    call -> assertThat(call.outcome().attempt()).isEqualTo(2));
                });
    }

    @Test
    void anOutcomeRefusedBecauseTheJobWasTakenAwayIsNeverTold(TestSchema schema) {
        runner(schema, "listen_lost").run(context -> {
            Handlers handlers = context.getBean(Handlers.class);
            handlers.slowFor = Duration.ofSeconds(2);
            JobId id =
                    context.getBean(JobScheduler.class).job(Handlers.SLOW, null).schedule();
            JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
            await().atMost(WAIT).until(() -> handlers.runsById.containsKey(id.value()));

            // Another actor changes the job while its handler runs: the completion's version guard refuses it.
            assertThat(jdbc.update("UPDATE listen_lost SET version = version + 1 WHERE id = ?", id.value()))
                    .isOne();
            JobQueueObserverProbe probe = context.getBean(JobQueueObserverProbe.class);
            await().atMost(WAIT).until(() -> probe.lost.size() == 1);

            assertThat(context.getBean(Recorder.class).calls).isEmpty();
            assertThat(context.getBean(JobQueue.class).details(id).orElseThrow().state())
                    .isEqualTo(JobState.PROCESSING);
        });
    }

    @Test
    void aListenerThatThrowsNeitherBreaksTheWorkerNorKeepsTheNextListenerFromBeingTold(TestSchema schema) {
        runner(schema, "listen_throw").withBean(Throwing.class).run(context -> {
            JobScheduler scheduler = context.getBean(JobScheduler.class);
            JobQueue queue = context.getBean(JobQueue.class);
            Recorder recorder = context.getBean(Recorder.class);

            JobId first =
                    scheduler.job(Handlers.GREET, new Handlers.Greeting("one")).schedule();
            await().atMost(WAIT).until(() -> recorder.calls.size() == 1);
            JobId second =
                    scheduler.job(Handlers.GREET, new Handlers.Greeting("two")).schedule();
            await().atMost(WAIT).until(() -> recorder.calls.size() == 2);

            assertThat(context.getBean(Throwing.class).calls).isEqualTo(2);
            assertThat(recorder.calls).extracting(call -> call.outcome().id()).containsExactly(first, second);
            assertThat(queue.details(first).orElseThrow().state()).isEqualTo(JobState.DONE);
            assertThat(queue.details(second).orElseThrow().state()).isEqualTo(JobState.DONE);
            assertThat(context.getBean(JobWorkers.class).isRunning()).isTrue();
        });
    }

    private static ApplicationContextRunner runner(TestSchema schema, String table) {
        return WorkerFixture.runner(schema, table)
                .withBean(Handlers.class)
                .withBean(Recorder.class, () -> new Recorder(table))
                .withBean(JobQueueObserverProbe.class);
    }

    /** One call of a listener, and the state of the job's row that another connection saw during it. */
    record Call(String event, JobOutcome outcome, int committedState) {}

    /** Records every call, reading the job's state on a connection of its own. */
    @Order(2)
    static final class Recorder implements JobListener {

        final Queue<Call> calls = new ConcurrentLinkedQueue<>();
        private final String table;
        private JdbcTemplate jdbc;

        Recorder(String table) {
            this.table = table;
        }

        @org.springframework.beans.factory.annotation.Autowired
        void setDataSource(DataSource dataSource) {
            this.jdbc = new JdbcTemplate(dataSource);
        }

        @Override
        public void succeeded(JobOutcome outcome) {
            record("succeeded", outcome);
        }

        @Override
        public void failed(JobOutcome outcome) {
            record("failed", outcome);
        }

        @Override
        public void exhausted(JobOutcome outcome) {
            record("exhausted", outcome);
        }

        @Override
        public void recovered(JobOutcome outcome) {
            record("recovered", outcome);
        }

        private void record(String event, JobOutcome outcome) {
            Integer state = jdbc.queryForObject(
                    "SELECT state FROM " + table + " WHERE id = ?",
                    Integer.class,
                    outcome.id().value());
            calls.add(new Call(event, outcome, state));
        }
    }

    /** Called first, and always throws. */
    @Order(1)
    static final class Throwing implements JobListener {

        volatile int calls;

        @Override
        public void succeeded(JobOutcome outcome) {
            calls++;
            throw new IllegalStateException("listener bug");
        }
    }

    /** The observer, to see when an outcome was refused. */
    static final class JobQueueObserverProbe implements JobQueueObserver {

        final Queue<JobType> lost = new ConcurrentLinkedQueue<>();

        @Override
        public void lost(JobType type, Tenant tenant, int jobs) {
            lost.add(type);
        }
    }
}
