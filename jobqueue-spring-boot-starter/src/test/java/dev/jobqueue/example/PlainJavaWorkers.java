package dev.jobqueue.example;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.handler.JobHandler;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.persistence.internal.JobQueueSchema;
import dev.jobqueue.persistence.internal.JobQueueSettings;
import dev.jobqueue.persistence.internal.RetryPolicy;
import dev.jobqueue.worker.JobHandlerRegistry;
import dev.jobqueue.worker.JobQueueObserver;
import dev.jobqueue.worker.JobWorkers;
import dev.jobqueue.worker.LocalWakeups;
import dev.jobqueue.worker.TypeSettings;
import dev.jobqueue.worker.WorkerSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import tools.jackson.databind.json.JsonMapper;

/** The engine started by plain Java, without Spring Boot: the example of docs/architecture.md, verbatim. */
public class PlainJavaWorkers {

    public record Greeting(String name) {}

    public static class Greetings {

        @JobHandler(id = 1, name = "greet")
        void greet(Greeting greeting) {
            System.out.println("Hello, " + greeting.name());
        }
    }

    /** The queue on {@code table}, whose tables it creates or updates first. */
    public static JobQueue queue(DataSource dataSource, TableName table) {
        JobQueueSchema.migrate(dataSource, table);
        return JobQueue.create(dataSource, new JobQueueSettings(table, 3, 10, Clock.systemUTC()));
    }

    /** Starts workers for the handlers of {@link Greetings}; stop them with {@link JobWorkers#stop()}. */
    public static JobWorkers startWorkers(JobQueue queue) {
        return startWorkers(queue, List.of(Tenant.DEFAULT));
    }

    /** Starts workers serving {@code tenants}; stop them with {@link JobWorkers#stop()}. */
    public static JobWorkers startWorkers(JobQueue queue, List<Tenant> tenants) {
        JobHandlerRegistry handlers = new JobHandlerRegistry();
        handlers.registerHandlersOf(new Greetings());
        TypeSettings everyType = new TypeSettings(
                4, 50, Duration.ofSeconds(30), RetryPolicy.fixedDelay(Duration.ofSeconds(10)), List.of());
        WorkerSettings polling = new WorkerSettings(
                Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), false);
        JobWorkers workers = new JobWorkers(
                queue,
                handlers,
                handler -> everyType,
                tenants,
                polling,
                JsonMapper.builder().build(),
                JobQueueObserver.NONE,
                new LocalWakeups());
        workers.start();
        return workers;
    }

    /** Schedules a greeting, due now. */
    public static JobId greet(JobQueue queue, String name) {
        return queue.schedule(NewJob.of(JobType.of(1)).properties(new Greeting(name)));
    }
}
