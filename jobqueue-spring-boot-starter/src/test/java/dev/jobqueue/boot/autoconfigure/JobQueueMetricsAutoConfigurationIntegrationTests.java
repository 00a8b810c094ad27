package dev.jobqueue.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.boot.autoconfigure.ObservedHandlers.Greeting;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import dev.jobqueue.worker.JobQueueObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Which metrics beans exist, with and without Micrometer. */
@ExtendWith(TestDatabaseExtension.class)
class JobQueueMetricsAutoConfigurationIntegrationTests {

    @Test
    void bootsOwnMeterRegistryGetsTheMicrometerObserverAndTheBacklogSampler(TestSchema schema) {
        ObservabilityFixture.runner(schema, "boot_metrics")
                .withConfiguration(AutoConfigurations.of(
                        MetricsAutoConfiguration.class,
                        SimpleMetricsExportAutoConfiguration.class,
                        CompositeMeterRegistryAutoConfiguration.class))
                .run(context -> {
                    assertThat(context)
                            .hasSingleBean(JobQueueObserver.class)
                            .hasSingleBean(MicrometerJobQueueObserver.class)
                            .hasSingleBean(QueueBacklogSampler.class);
                    assertThat(context.getBean(QueueBacklogSampler.class).isRunning())
                            .isTrue();
                });
    }

    @Test
    void theSchedulerReportsToTheMeterRegistry(TestSchema schema) {
        ObservabilityFixture.runner(schema, "scheduled")
                .withPropertyValues("jobqueue.worker.enabled=false")
                .withBean(SimpleMeterRegistry.class)
                .run(context -> {
                    context.getBean(JobScheduler.class).schedule(ObservedHandlers.GREET, new Greeting("Ada"));
                    context.getBean(JobScheduler.class).schedule(JobType.of(77), null);

                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get("jobqueue.jobs.scheduled")
                                    .tag("type", "greet")
                                    .tag("tenant", "0")
                                    .counter()
                                    .count())
                            .isEqualTo(1);
                    assertThat(registry.get("jobqueue.jobs.scheduled")
                                    .tag("type", "77")
                                    .counter()
                                    .count())
                            .isEqualTo(1);
                });
    }

    @Test
    void withoutMicrometerTheQueueKeepsTheSilentObserver(TestSchema schema) {
        ObservabilityFixture.runner(schema, "no_micrometer")
                .withClassLoader(new FilteredClassLoader("io.micrometer.core"))
                .run(context -> {
                    assertThat(context)
                            .hasNotFailed()
                            .doesNotHaveBean(MicrometerJobQueueObserver.class)
                            .doesNotHaveBean(QueueBacklogSampler.class);
                    assertThat(context.getBean(JobQueueObserver.class)).isSameAs(JobQueueObserver.NONE);
                });
    }

    @Test
    void withoutAMeterRegistryBeanTheMetricsBackOff(TestSchema schema) {
        ObservabilityFixture.runner(schema, "no_registry").run(context -> {
            assertThat(context)
                    .doesNotHaveBean(MicrometerJobQueueObserver.class)
                    .doesNotHaveBean(QueueBacklogSampler.class);
            assertThat(context.getBean(JobQueueObserver.class)).isSameAs(JobQueueObserver.NONE);
        });
    }

    @Test
    void anApplicationsOwnObserverReplacesTheMicrometerOne(TestSchema schema) {
        ObservabilityFixture.runner(schema, "own_observer")
                .withBean(SimpleMeterRegistry.class)
                .withUserConfiguration(OwnObserverConfiguration.class)
                .run(context -> {
                    assertThat(context)
                            .hasSingleBean(JobQueueObserver.class)
                            .doesNotHaveBean(MicrometerJobQueueObserver.class);
                    assertThat(context.getBean(JobQueueObserver.class))
                            .isSameAs(context.getBean(OwnObserverConfiguration.class).observer);
                });
    }

    @Test
    void disablingJobqueueDisablesItsMetrics(TestSchema schema) {
        ObservabilityFixture.runner(schema, "disabled")
                .withBean(SimpleMeterRegistry.class)
                .withPropertyValues("jobqueue.enabled=false")
                .run(context -> {
                    assertThat(context)
                            .doesNotHaveBean(JobQueueObserver.class)
                            .doesNotHaveBean(QueueBacklogSampler.class);
                });
    }

    @Test
    void aSampleIntervalThatIsNotPositiveFailsStartupNamingTheProperty(TestSchema schema) {
        ObservabilityFixture.runner(schema, "bad_interval")
                .withBean(SimpleMeterRegistry.class)
                .withPropertyValues("jobqueue.metrics.sample-interval=0s")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .hasMessageContaining("jobqueue.metrics.sample-interval must be positive");
                });
    }

    @Test
    void defaultValues() {
        assertThat(new JobQueueMetricsProperties().getSampleInterval()).isEqualTo(Duration.ofSeconds(15));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnObserverConfiguration {

        final JobQueueObserver observer = new JobQueueObserver() {
            @Override
            public void scheduled(JobType type, Tenant tenant, int jobs) {}
        };

        @Bean
        JobQueueObserver ownObserver() {
            return observer;
        }
    }
}
