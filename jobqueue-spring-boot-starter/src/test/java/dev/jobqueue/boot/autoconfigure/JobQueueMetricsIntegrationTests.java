package dev.jobqueue.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.boot.autoconfigure.ObservedHandlers.Greeting;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The counters, timer and gauges after jobs went through the workers of a real context. */
@ExtendWith({TestDatabaseExtension.class, OutputCaptureExtension.class})
class JobQueueMetricsIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aJobThatRunsIsCountedAsScheduledClaimedAndCompletedAndItsHandlerTimed(TestSchema schema) {
        ObservabilityFixture.runner(schema, "counted")
                .withBean(SimpleMeterRegistry.class)
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);

                    context.getBean(JobScheduler.class).schedule(ObservedHandlers.GREET, new Greeting("Ada"));

                    await().atMost(WAIT).until(() -> count(registry, "jobqueue.jobs.completed", "greet") == 1);
                    assertThat(count(registry, "jobqueue.jobs.scheduled", "greet"))
                            .isEqualTo(1);
                    assertThat(count(registry, "jobqueue.jobs.claimed", "greet"))
                            .isEqualTo(1);
                    assertThat(registry.get("jobqueue.handler.duration")
                                    .tag("type", "greet")
                                    .tag("tenant", "0")
                                    .tag("outcome", "success")
                                    .timer()
                                    .count())
                            .isEqualTo(1);
                    assertThat(registry.find("jobqueue.jobs.failed").counters()).isEmpty();
                    context.getBean("jobQueueLockContentionMetrics", MeterBinder.class)
                            .bindTo(registry);
                    assertThat(registry.get("jobqueue.lock.retries")
                                    .functionCounter()
                                    .count())
                            .isZero();
                    assertThat(registry.get("jobqueue.lock.exhausted")
                                    .functionCounter()
                                    .count())
                            .isZero();
                });
    }

    @Test
    void aFailingJobIsCountedAsRetriedThenAsFailedForGood(TestSchema schema) {
        ObservabilityFixture.runner(schema, "failing")
                .withBean(SimpleMeterRegistry.class)
                .withPropertyValues("jobqueue.types.fail.retry.strategy=fixed", "jobqueue.types.fail.retry.delay=0s")
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);

                    context.getBean(JobScheduler.class)
                            .job(ObservedHandlers.FAIL, null)
                            .executions(2)
                            .schedule();

                    await().atMost(WAIT)
                            .until(() -> registry.find("jobqueue.jobs.failed")
                                            .tag("retried", "false")
                                            .counter()
                                    != null);
                    assertThat(registry.get("jobqueue.jobs.failed")
                                    .tag("type", "fail")
                                    .tag("retried", "true")
                                    .counter()
                                    .count())
                            .isEqualTo(1);
                    assertThat(registry.get("jobqueue.jobs.failed")
                                    .tag("type", "fail")
                                    .tag("retried", "false")
                                    .counter()
                                    .count())
                            .isEqualTo(1);
                    assertThat(count(registry, "jobqueue.jobs.claimed", "fail")).isEqualTo(2);
                    assertThat(registry.get("jobqueue.handler.duration")
                                    .tag("type", "fail")
                                    .tag("outcome", "failure")
                                    .timer()
                                    .count())
                            .isEqualTo(2);
                    assertThat(registry.find("jobqueue.jobs.completed").counters())
                            .isEmpty();
                });
    }

    @Test
    void theGaugesShowTheDepthAndTheLagOfAnOverdueJob(TestSchema schema) {
        ObservabilityFixture.runner(schema, "overdue")
                .withBean(SimpleMeterRegistry.class)
                .withPropertyValues("jobqueue.worker.enabled=false", "jobqueue.metrics.sample-interval=100ms")
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    JobScheduler scheduler = context.getBean(JobScheduler.class);
                    Instant now = Instant.now();
                    scheduler
                            .job(ObservedHandlers.GREET, new Greeting("late"))
                            .at(now.minusSeconds(120))
                            .schedule();
                    scheduler
                            .job(ObservedHandlers.GREET, new Greeting("later"))
                            .at(now.plusSeconds(3600))
                            .schedule();

                    await().atMost(WAIT).until(() -> depth(registry, "greet", "scheduled") == 2);
                    assertThat(depth(registry, "greet", "processing")).isZero();
                    assertThat(depth(registry, "greet", "done"))
                            .as("no depth gauge counts finished jobs")
                            .isEqualTo(-1);
                    assertThat(depth(registry, "fail", "scheduled")).isZero();
                    assertThat(registry.get("jobqueue.queue.lag")
                                    .tag("type", "greet")
                                    .tag("tenant", "0")
                                    .timeGauge()
                                    .value(TimeUnit.SECONDS))
                            .isBetween(119.0, 300.0);
                    assertThat(registry.get("jobqueue.queue.lag")
                                    .tag("type", "fail")
                                    .timeGauge()
                                    .value(TimeUnit.SECONDS))
                            .isZero();
                });
    }

    @Test
    void theGaugesShowNaNAndTheLogNoCredentialsWhenTheDatabaseCannotBeRead(TestSchema schema, CapturedOutput output) {
        ObservabilityFixture.brokenDatabase(schema)
                .withBean(SimpleMeterRegistry.class)
                .withPropertyValues("jobqueue.metrics.sample-interval=100ms")
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);

                    await().atMost(WAIT).until(() -> output.getOut().contains("Sampling queue depth and lag"));
                    assertThat(depth(registry, "greet", "scheduled")).isNaN();
                    assertThat(registry.get("jobqueue.queue.lag")
                                    .tag("type", "greet")
                                    .timeGauge()
                                    .value(TimeUnit.SECONDS))
                            .isNaN();
                    assertThat(context.getBean(QueueBacklogSampler.class).isRunning())
                            .isTrue();
                });
        assertThat(output.getAll())
                .contains("failed; the gauges show NaN")
                .doesNotContain(ObservabilityFixture.PASSWORD);
    }

    /** The counter's count, 0 before it exists. */
    private static double count(MeterRegistry registry, String name, String type) {
        Counter counter =
                registry.find(name).tag("type", type).tag("tenant", "0").counter();
        return counter == null ? 0 : counter.count();
    }

    private static double depth(MeterRegistry registry, String type, String state) {
        Gauge gauge = registry.find("jobqueue.queue.depth")
                .tag("type", type)
                .tag("tenant", "0")
                .tag("state", state)
                .gauge();
        return gauge == null ? -1 : gauge.value();
    }
}
