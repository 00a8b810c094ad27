package dev.jobqueue.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.persistence.internal.ClaimedJob;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

/** Workers in a full Spring context on a real database. */
@ExtendWith(TestDatabaseExtension.class)
class WorkerIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aHandlerRunsAScheduledJobAndTheJobIsDone(TestSchema schema) {
        runner(schema, "ok").run(context -> {
            JobScheduler scheduler = context.getBean(JobScheduler.class);
            JobQueue queue = context.getBean(JobQueue.class);

            JobId id = scheduler
                    .job(Handlers.GREET, new Handlers.Greeting("Ada"))
                    .correlationId("c")
                    .schedule();

            await().atMost(WAIT).until(() -> queue.details(id).orElseThrow().state() == JobState.DONE);
            assertThat(context.getBean(Handlers.class).greeted).containsExactly("Ada");
            assertThat(queue.details(id).orElseThrow().subState()).isEqualTo(30);
        });
    }

    @Test
    void aFailingJobIsRetriedAtTheConfiguredDelayUntilNoExecutionIsLeft(TestSchema schema) {
        Duration delay = Duration.ofSeconds(2);
        runner(schema, "retried")
                .withPropertyValues(
                        "jobqueue.types.fail.retry.strategy=fixed",
                        "jobqueue.types.fail.retry.delay=" + delay.toSeconds() + "s")
                .run(context -> {
                    JobQueue queue = context.getBean(JobQueue.class);
                    JobId id = context.getBean(JobScheduler.class)
                            .job(Handlers.FAIL, null)
                            .executions(3)
                            .schedule();
                    String group = queue.details(id).orElseThrow().retryGroup();

                    await().atMost(WAIT)
                            .until(() -> queue.findByRetryGroup(group).size() == 3
                                    && queue.findByRetryGroup(group).get(2).state() == JobState.FAILED);

                    List<JobDetails> rows = queue.findByRetryGroup(group);
                    assertThat(rows).extracting(JobDetails::subState).containsExactly(44, 44, 43);
                    Handlers handlers = context.getBean(Handlers.class);
                    assertThat(handlers.attempts).containsExactly(1, 2, 3);
                    List<Instant> starts = new ArrayList<>(handlers.failStarts);
                    for (int i = 0; i < rows.size(); i++) {
                        assertThat(starts.get(i))
                                .as("start of run %d", i + 1)
                                .isAfterOrEqualTo(rows.get(i).processAt());
                    }
                    // A retry is due the delay after its failure, truncated to the second like every
                    // process_at, and runs no earlier; how much later depends on the machine's load.
                    for (int i = 1; i < rows.size(); i++) {
                        Instant earliest = starts.get(i - 1).plus(delay).truncatedTo(ChronoUnit.SECONDS);
                        assertThat(rows.get(i).processAt())
                                .as("retry %d due", i)
                                .isAfterOrEqualTo(earliest);
                        assertThat(starts.get(i)).as("retry %d started", i).isAfterOrEqualTo(earliest);
                    }
                });
    }

    @Test
    void aNonRetryableExceptionFailsTheJobAtOnce(TestSchema schema) {
        runner(schema, "rejected").run(context -> {
            JobQueue queue = context.getBean(JobQueue.class);
            JobId id = context.getBean(JobScheduler.class)
                    .job(Handlers.REJECT, Map.of("x", 1))
                    .executions(5)
                    .schedule();

            await().atMost(WAIT).until(() -> queue.details(id).orElseThrow().state() == JobState.FAILED);

            assertThat(queue.details(id).orElseThrow().subState()).isEqualTo(42);
            assertThat(queue.findByRetryGroup(queue.details(id).orElseThrow().retryGroup()))
                    .hasSize(1);
        });
    }

    @Test
    void aPayloadThatCannotBeBoundFailsAtOnceWithoutRunningTheHandlerOrUsingItsRetries(TestSchema schema) {
        runner(schema, "unbindable").run(context -> {
            JobQueue queue = context.getBean(JobQueue.class);
            JobScheduler scheduler = context.getBean(JobScheduler.class);
            JobId wrongShape = scheduler
                    .job(Handlers.GREET, "{\"name\": {\"first\": \"Ada\"}}")
                    .executions(3)
                    .schedule();
            JobId missing = scheduler.job(Handlers.GREET, null).executions(3).schedule();

            await().atMost(WAIT)
                    .until(() -> queue.details(wrongShape).orElseThrow().state() == JobState.FAILED
                            && queue.details(missing).orElseThrow().state() == JobState.FAILED);

            for (JobId id : List.of(wrongShape, missing)) {
                List<JobDetails> rows =
                        queue.findByRetryGroup(queue.details(id).orElseThrow().retryGroup());
                assertThat(rows).as("rows of job %s", id).singleElement().satisfies(row -> {
                    assertThat(row.state()).isEqualTo(JobState.FAILED);
                    assertThat(row.subState()).isEqualTo(42);
                });
            }
            assertThat(context.getBean(Handlers.class).greeted).isEmpty();
            assertThat(context.getBean(Handlers.class).runsById).isEmpty();
        });
    }

    @Test
    void aHandlerWhosePayloadIsNullableRunsAJobWithoutPayload(TestSchema schema) {
        runner(schema, "nullable").run(context -> {
            JobQueue queue = context.getBean(JobQueue.class);
            JobId id = context.getBean(JobScheduler.class)
                    .job(Handlers.MAYBE, null)
                    .schedule();

            await().atMost(WAIT).until(() -> queue.details(id).orElseThrow().state() == JobState.DONE);

            assertThat(queue.details(id).orElseThrow().subState()).isEqualTo(30);
            assertThat(context.getBean(Handlers.class).maybeRuns).containsExactly("no payload");
        });
    }

    @Test
    void typeInformationInAPayloadIsIgnoredEvenWhenTheApplicationsMapperEnablesDefaultTyping(TestSchema schema) {
        JsonMapper typing = JsonMapper.builder()
                .activateDefaultTypingAsProperty(
                        BasicPolymorphicTypeValidator.builder()
                                .allowIfBaseType(Object.class)
                                .build(),
                        DefaultTyping.NON_FINAL,
                        "@class")
                .build();
        Handlers.Gadget.CONSTRUCTED.set(0);
        runner(schema, "typed").withBean(JsonMapper.class, () -> typing).run(context -> {
            JobQueue queue = context.getBean(JobQueue.class);
            String payload = "{\"name\": \"x\", \"content\": {\"@class\": \"" + Handlers.Gadget.class.getName()
                    + "\", \"command\": \"touch /tmp/owned\"}}";
            JobId id = context.getBean(JobScheduler.class)
                    .job(Handlers.ENVELOPE, payload)
                    .schedule();

            await().atMost(WAIT)
                    .until(() -> queue.details(id).orElseThrow().state() != JobState.SCHEDULED
                            && queue.details(id).orElseThrow().state() != JobState.PROCESSING);

            assertThat(Handlers.Gadget.CONSTRUCTED).as("gadgets constructed").hasValue(0);
            assertThat(queue.details(id).orElseThrow().subState()).isEqualTo(30);
            assertThat(context.getBean(Handlers.class).envelopeContents)
                    .singleElement()
                    .asInstanceOf(InstanceOfAssertFactories.MAP)
                    .containsEntry("command", "touch /tmp/owned");
        });
    }

    @Test
    void aRescheduledJobRunsAgainInANewRowWithoutUsingAnExecution(TestSchema schema) {
        runner(schema, "rescheduled").run(context -> {
            JobQueue queue = context.getBean(JobQueue.class);
            JobId id = context.getBean(JobScheduler.class)
                    .job(Handlers.LATER, null)
                    .executions(1)
                    .schedule();
            String group = queue.details(id).orElseThrow().retryGroup();

            await().atMost(WAIT)
                    .until(() -> queue.findByRetryGroup(group).size() == 2
                            && queue.findByRetryGroup(group).get(1).state() == JobState.DONE);

            assertThat(queue.findByRetryGroup(group))
                    .extracting(JobDetails::subState)
                    .containsExactly(32, 30);
            assertThat(queue.findByRetryGroup(group))
                    .extracting(JobDetails::pendingExecution)
                    .containsExactly(0, 0);
            assertThat(context.getBean(Handlers.class).attempts).containsExactly(1, 1);
        });
    }

    @Test
    void aJobAbandonedByADeadWorkerIsRecoveredAfterItsLeaseAndRunAgain(TestSchema schema) {
        runner(schema, "abandoned")
                .withPropertyValues(
                        "jobqueue.types.greet.lease=1s",
                        "jobqueue.types.greet.retry.strategy=fixed",
                        "jobqueue.types.greet.retry.delay=0s")
                .run(context -> {
                    JobQueue queue = context.getBean(JobQueue.class);
                    context.getBean(JobWorkers.class).stop();
                    JobId id = context.getBean(JobScheduler.class)
                            .job(Handlers.GREET, new Handlers.Greeting("Lin"))
                            .schedule();
                    ClaimedJob claimedByDeadWorker = queue.claim(
                                    Tenant.DEFAULT, Handlers.GREET, 1, Duration.ofSeconds(1))
                            .jobs()
                            .get(0);
                    assertThat(claimedByDeadWorker.id()).isEqualTo(id);
                    queue.recordStarts(java.util.List.of(claimedByDeadWorker));
                    context.getBean(JobWorkers.class).start();

                    String group = claimedByDeadWorker.retryGroup();
                    await().atMost(WAIT)
                            .until(() -> queue.findByRetryGroup(group).size() == 2
                                    && queue.findByRetryGroup(group).get(1).state() == JobState.DONE);

                    assertThat(queue.findByRetryGroup(group))
                            .extracting(JobDetails::subState)
                            .containsExactly(41, 30);
                    assertThat(context.getBean(Handlers.class).greeted).containsExactly("Lin");
                });
    }

    @Test
    void aJobADeadWorkerClaimedButNeverStartedRunsAgainWithItsExecution(TestSchema schema) {
        runner(schema, "unstarted")
                .withPropertyValues("jobqueue.types.greet.lease=1s")
                .run(context -> {
                    JobQueue queue = context.getBean(JobQueue.class);
                    context.getBean(JobWorkers.class).stop();
                    JobId id = context.getBean(JobScheduler.class)
                            .job(Handlers.GREET, new Handlers.Greeting("Ada"))
                            .schedule();
                    ClaimedJob claimedByDeadWorker = queue.claim(
                                    Tenant.DEFAULT, Handlers.GREET, 1, Duration.ofSeconds(1))
                            .jobs()
                            .get(0);
                    context.getBean(JobWorkers.class).start();

                    await().atMost(WAIT)
                            .until(() -> queue.details(id).orElseThrow().state() == JobState.DONE);

                    assertThat(queue.findByRetryGroup(claimedByDeadWorker.retryGroup()))
                            .singleElement()
                            .satisfies(job -> {
                                assertThat(job.subState()).isEqualTo(30);
                                assertThat(job.pendingExecution()).isEqualTo(claimedByDeadWorker.pendingExecution());
                            });
                    assertThat(context.getBean(Handlers.class).greeted).containsExactly("Ada");
                });
    }

    @Test
    void heartbeatsKeepALongJobFromBeingTakenAway(TestSchema schema) {
        runner(schema, "longjob")
                .withPropertyValues("jobqueue.types.slow.lease=1s")
                .run(context -> {
                    JobQueue queue = context.getBean(JobQueue.class);
                    context.getBean(Handlers.class).slowFor = Duration.ofSeconds(3);
                    JobId id = context.getBean(JobScheduler.class)
                            .job(Handlers.SLOW, null)
                            .schedule();

                    await().atMost(WAIT)
                            .until(() -> queue.details(id).orElseThrow().state() == JobState.DONE);

                    assertThat(queue.findByRetryGroup(
                                    queue.details(id).orElseThrow().retryGroup()))
                            .hasSize(1);
                    assertThat(context.getBean(Handlers.class)
                                    .runsById
                                    .get(id.value())
                                    .get())
                            .isEqualTo(1);
                });
    }

    @Test
    void aGracefulShutdownLetsRunningJobsFinish(TestSchema schema) {
        List<JobId> ids = new ArrayList<>();
        JdbcTemplate jdbc = new JdbcTemplate(schema.dataSource());
        runner(schema, "graceful").run(context -> {
            context.getBean(Handlers.class).slowFor = Duration.ofMillis(1500);
            JobScheduler scheduler = context.getBean(JobScheduler.class);
            for (int i = 0; i < 3; i++) {
                ids.add(scheduler.job(Handlers.SLOW, null).schedule());
            }
            await().atMost(WAIT)
                    .until(() ->
                            jdbc.queryForObject("SELECT COUNT(*) FROM graceful WHERE state = 2", Integer.class) == 3);
        });

        assertThat(jdbc.queryForList("SELECT sub_state FROM graceful", Integer.class))
                .containsOnly(30)
                .hasSize(3);
    }

    @Test
    void twoApplicationsOnOneDatabaseRunEveryJobExactlyOnce(TestSchema schema) {
        ApplicationContextRunner first = runner(schema, "shared");
        ApplicationContextRunner second = runner(schema, "shared");
        first.run(one -> second.run(two -> {
            JobQueue queue = one.getBean(JobQueue.class);
            List<dev.jobqueue.domain.NewJob> jobs = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                jobs.add(one.getBean(JobScheduler.class)
                        .job(Handlers.GREET, new Handlers.Greeting("n" + i))
                        .toNewJob());
            }
            one.getBean(JobScheduler.class).scheduleAll(jobs);

            await().atMost(WAIT)
                    .until(() ->
                            queue.countByState(Tenant.DEFAULT, Handlers.GREET).get(JobState.DONE) == 400);

            Handlers a = one.getBean(Handlers.class);
            Handlers b = two.getBean(Handlers.class);
            assertThat(a.greeted.size() + b.greeted.size()).isEqualTo(400);
            Map<String, AtomicInteger> all = new java.util.HashMap<>(a.runsById);
            b.runsById.forEach((id, runs) -> all.merge(id, runs, (x, y) -> new AtomicInteger(x.get() + y.get())));
            assertThat(all).hasSize(400);
            assertThat(all.values()).allSatisfy(runs -> assertThat(runs.get()).isEqualTo(1));
        }));
    }

    private static ApplicationContextRunner runner(TestSchema schema, String table) {
        return WorkerFixture.runner(schema, table).withBean(Handlers.class);
    }
}
