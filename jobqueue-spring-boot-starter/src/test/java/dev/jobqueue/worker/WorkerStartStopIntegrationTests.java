package dev.jobqueue.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Workers that start paused ({@code jobqueue.worker.auto-startup=false}) and are started and
 * stopped through {@link JobWorkers}, as often as the application likes, and that leave no
 * thread behind when stopped or when the context closes.
 */
@ExtendWith(TestDatabaseExtension.class)
class WorkerStartStopIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Many poll intervals (50 ms) and recovery intervals (200 ms) of the fixture. */
    private static final Duration QUIET = Duration.ofSeconds(1);

    @Test
    void workersThatDoNotStartWithTheContextRunNothingUntilStartedAndNothingAfterBeingStopped(TestSchema schema) {
        runner(schema, "startstop_paused")
                .withPropertyValues("jobqueue.worker.auto-startup=false")
                .run(context -> {
                    JobWorkers workers = context.getBean(JobWorkers.class);
                    JobScheduler scheduler = context.getBean(JobScheduler.class);
                    JobQueue queue = context.getBean(JobQueue.class);
                    Handlers handlers = context.getBean(Handlers.class);

                    assertThat(workers.isAutoStartup()).isFalse();
                    assertThat(workers.isRunning()).isFalse();
                    JobId first = scheduler
                            .job(Handlers.GREET, new Handlers.Greeting("first"))
                            .schedule();
                    await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> handlers.greeted.isEmpty());
                    assertThat(queue.details(first).orElseThrow().state()).isEqualTo(JobState.SCHEDULED);
                    assertThat(workerThreads()).isEmpty();

                    workers.start();
                    assertThat(workers.isRunning()).isTrue();
                    await().atMost(WAIT)
                            .until(() -> queue.details(first).orElseThrow().state() == JobState.DONE);

                    workers.stop();
                    assertThat(workers.isRunning()).isFalse();
                    await().atMost(WAIT).until(() -> workerThreads().isEmpty());
                    JobId second = scheduler
                            .job(Handlers.GREET, new Handlers.Greeting("second"))
                            .schedule();
                    await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> handlers.greeted.size() == 1);
                    assertThat(queue.details(second).orElseThrow().state()).isEqualTo(JobState.SCHEDULED);

                    workers.start();
                    await().atMost(WAIT)
                            .until(() -> queue.details(second).orElseThrow().state() == JobState.DONE);
                    assertThat(handlers.greeted).containsExactly("first", "second");
                });
    }

    @Test
    void workersStartWithTheContextByDefaultAndTheirThreadsEndWithIt(TestSchema schema) {
        runner(schema, "startstop_default").run(context -> {
            JobWorkers workers = context.getBean(JobWorkers.class);
            assertThat(workers.isAutoStartup()).isTrue();
            assertThat(workers.isRunning()).isTrue();
            JobId id = context.getBean(JobScheduler.class)
                    .job(Handlers.GREET, new Handlers.Greeting("Ada"))
                    .schedule();
            JobQueue queue = context.getBean(JobQueue.class);
            await().atMost(WAIT).until(() -> queue.details(id).orElseThrow().state() == JobState.DONE);
            assertThat(workerThreads())
                    .anyMatch(name -> name.startsWith("jobqueue-poll-greet-"))
                    .contains("jobqueue-maintenance");
        });
        await().atMost(WAIT).until(() -> workerThreads().isEmpty());
    }

    /** The names of live threads of jobqueue's workers and their background tasks. */
    private static List<String> workerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("jobqueue-poll-")
                        || name.startsWith("jobqueue-complete-")
                        || name.equals("jobqueue-maintenance")
                        || name.startsWith("jobqueue-greet"))
                .toList();
    }

    private static ApplicationContextRunner runner(TestSchema schema, String table) {
        return WorkerFixture.runner(schema, table).withBean(Handlers.class);
    }
}
