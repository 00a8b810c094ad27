package dev.jobqueue.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.boot.autoconfigure.ObservedHandlers.Greeting;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import dev.jobqueue.worker.JobWorkers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The flow control meters of a type with a cap, after its jobs went through a real context (issue #17). */
@ExtendWith(TestDatabaseExtension.class)
class FlowMetricsIntegrationTests {

    @Test
    void aCappedTypeShowsItsRunningJobsAndItsThrottledClaims(TestSchema schema) {
        ObservabilityFixture.runner(schema, "flow_metrics")
                .withBean(SimpleMeterRegistry.class)
                .withPropertyValues("jobqueue.types.greet.max-concurrency=1", "jobqueue.worker.auto-startup=false")
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    context.getBean("jobQueueFlowMetrics", MeterBinder.class).bindTo(registry);
                    // why: paused workers, so no claim has counted the running jobs yet
                    assertThat(registry.get("jobqueue.flow.running")
                                    .tag("type", "greet")
                                    .gauge()
                                    .value())
                            .isNaN();
                    context.getBean(JobWorkers.class).start();
                    JobScheduler scheduler = context.getBean(JobScheduler.class);
                    for (int i = 0; i < 5; i++) {
                        scheduler.schedule(ObservedHandlers.GREET, new Greeting("Ada " + i));
                    }
                    JobQueue queue = context.getBean(JobQueue.class);

                    await().atMost(Duration.ofSeconds(30))
                            .until(() -> queue.countUnfinished(Tenant.of(0), ObservedHandlers.GREET)
                                            .getOrDefault(JobState.SCHEDULED, 0L)
                                    == 0);

                    double running = registry.get("jobqueue.flow.running")
                            .tag("type", "greet")
                            .gauge()
                            .value();
                    assertThat(running).isBetween(0.0, 1.0);
                    assertThat(registry.get("jobqueue.flow.throttled")
                                    .tag("type", "greet")
                                    .functionCounter()
                                    .count())
                            .as("claims for 4 free handlers cut to 1")
                            .isPositive();
                    assertThat(registry.get("jobqueue.flow.running")
                                    .tag("type", "fail")
                                    .gauge()
                                    .value())
                            .as("a type without a cap is not counted")
                            .isNaN();
                });
    }
}
