package dev.jobqueue.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.boot.autoconfigure.JobQueueEndpoint.JobQueueDescriptor;
import dev.jobqueue.boot.autoconfigure.JobQueueEndpoint.QueueDescriptor;
import dev.jobqueue.boot.autoconfigure.ObservedHandlers.Greeting;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.lifecycle.JobLifecycle;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.test.MutableClock;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The health indicator and the endpoint on a real database. */
@ExtendWith({TestDatabaseExtension.class, OutputCaptureExtension.class})
class JobQueueActuatorAutoConfigurationIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void healthIsUpWhenTheDatabaseAnswersAndThePollersClaim(TestSchema schema) {
        ObservabilityFixture.runner(schema, "healthy").run(context -> {
            HealthIndicator indicator = context.getBean("jobqueueHealthIndicator", HealthIndicator.class);

            await().atMost(WAIT)
                    .until(() -> !pollers(indicator.health()).containsValue("no claim yet")
                            && !pollers(indicator.health()).isEmpty());
            Health health = indicator.health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("database", "ok").containsEntry("table", "healthy");
            assertThat(pollers(health)).containsOnlyKeys("1/0", "2/0");
        });
    }

    @Test
    void bootsHealthRegistryListsTheIndicatorAsJobqueue(TestSchema schema) {
        ObservabilityFixture.runner(schema, "registered")
                .withPropertyValues("jobqueue.worker.enabled=false")
                .withConfiguration(AutoConfigurations.of(
                        HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class))
                .run(context -> assertThat(
                                context.getBean(HealthContributorRegistry.class).getContributor("jobqueue"))
                        .isSameAs(context.getBean(JobQueueHealthIndicator.class)));
    }

    @Test
    void healthOfANodeWithoutWorkersOnlyChecksTheDatabase(TestSchema schema) {
        ObservabilityFixture.runner(schema, "producer")
                .withPropertyValues("jobqueue.worker.enabled=false")
                .run(context -> {
                    Health health =
                            context.getBean(JobQueueHealthIndicator.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(pollers(health)).isEmpty();
                });
    }

    @Test
    void healthIsDownWithoutCredentialsWhenTheDatabaseDoesNotAnswer(TestSchema schema, CapturedOutput output) {
        ObservabilityFixture.brokenDatabase(schema).run(context -> {
            Health health = context.getBean(JobQueueHealthIndicator.class).health();

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat((String) health.getDetails().get("database")).startsWith("unreachable: ");
            assertThat((String) health.getDetails().get("reason")).startsWith("database unreachable");
            assertThat(health.getDetails().toString()).doesNotContain(ObservabilityFixture.PASSWORD);
        });
        assertThat(output.getAll())
                .contains("jobqueue on table broken is DOWN")
                .doesNotContain(ObservabilityFixture.PASSWORD);
    }

    @Test
    void healthIsDownWhenAPollerHasNotClaimedForThreeMaxPollIntervals(TestSchema schema) {
        JobQueueHealthIndicator indicator = new JobQueueHealthIndicator(
                schema.dataSource(),
                () -> Map.of("1/0", NOW.minusSeconds(2), "2/0", NOW.minusSeconds(61)),
                Duration.ofSeconds(20),
                TableName.of("jobs"),
                Clock.fixed(NOW, ZoneOffset.UTC));

        Health health = indicator.health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat((String) health.getDetails().get("reason"))
                .isEqualTo("poller 2/0 has not finished a claim for PT1M1S (limit PT1M)");
        assertThat(pollers(health)).containsEntry("1/0", "PT2S").containsEntry("2/0", "PT1M1S");
    }

    @Test
    void aPollerIsGivenAtLeastThirtySecondsAndCountsFromWhenFirstSeenBeforeItsFirstClaim(TestSchema schema) {
        MutableClock clock = new MutableClock(NOW);
        JobQueueHealthIndicator indicator = new JobQueueHealthIndicator(
                schema.dataSource(),
                () -> Map.of("1/0", NOW.minusSeconds(29), "2/0", Instant.EPOCH),
                Duration.ofMillis(200),
                TableName.of("jobs"),
                clock);

        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        assertThat(pollers(indicator.health())).containsEntry("2/0", "no claim yet");

        clock.set(NOW.plusSeconds(31));
        assertThat((String) indicator.health().getDetails().get("reason"))
                .contains("poller 1/0")
                .contains("poller 2/0 has not finished a claim for PT31S");
    }

    @Test
    void theEndpointShowsTheDepthOfEachServedQueueAndTheLifecycle(TestSchema schema) {
        ObservabilityFixture.runner(schema, "endpoint")
                .withPropertyValues("jobqueue.worker.enabled=false", "jobqueue.tenants=0,7")
                .run(context -> {
                    JobScheduler scheduler = context.getBean(JobScheduler.class);
                    scheduler.schedule(ObservedHandlers.GREET, new Greeting("Ada"));
                    scheduler
                            .job(ObservedHandlers.GREET, new Greeting("Lin"))
                            .tenant(7)
                            .schedule();
                    scheduler
                            .job(ObservedHandlers.GREET, new Greeting("Bo"))
                            .tenant(7)
                            .schedule();

                    JobQueueDescriptor descriptor =
                            context.getBean(JobQueueEndpoint.class).jobQueue();

                    assertThat(descriptor.table()).isEqualTo("endpoint");
                    assertThat(descriptor.queues())
                            .extracting(QueueDescriptor::type, QueueDescriptor::tenant)
                            .containsExactly(tuple("greet", 0), tuple("greet", 7), tuple("fail", 0), tuple("fail", 7));
                    assertThat(descriptor.queues().get(1).typeId()).isEqualTo(1);
                    assertThat(descriptor.queues().get(1).depth())
                            .containsExactly(
                                    Map.entry("scheduled", 2L),
                                    Map.entry("processing", 0L),
                                    Map.entry("done", 0L),
                                    Map.entry("failed", 0L));
                    assertThat(descriptor.queues().get(0).depth()).containsEntry("scheduled", 1L);
                    assertThat(descriptor.lifecycle())
                            .startsWith("stateDiagram-v2")
                            .isEqualTo(context.getBean(JobLifecycle.class).toMermaid());
                });
    }

    @Test
    void withoutSpringBootHealthThereIsNoHealthIndicator(TestSchema schema) {
        ObservabilityFixture.runner(schema, "no_health")
                .withPropertyValues("jobqueue.worker.enabled=false")
                .withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
                .run(context -> {
                    assertThat(context)
                            .hasNotFailed()
                            .doesNotHaveBean(JobQueueHealthIndicator.class)
                            .hasSingleBean(JobQueueEndpoint.class);
                });
    }

    @Test
    void withoutSpringBootActuatorThereIsNoEndpoint(TestSchema schema) {
        ObservabilityFixture.runner(schema, "no_actuator")
                .withPropertyValues("jobqueue.worker.enabled=false")
                .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
                .run(context -> {
                    assertThat(context)
                            .hasNotFailed()
                            .doesNotHaveBean(JobQueueEndpoint.class)
                            .hasSingleBean(JobQueueHealthIndicator.class);
                });
    }

    @Test
    void theHealthIndicatorCanBeSwitchedOff(TestSchema schema) {
        ObservabilityFixture.runner(schema, "health_off")
                .withPropertyValues("jobqueue.worker.enabled=false", "management.health.jobqueue.enabled=false")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(JobQueueHealthIndicator.class);
                });
    }

    @Test
    void withoutJobqueueThereIsNeitherHealthNorEndpoint(TestSchema schema) {
        ObservabilityFixture.runner(schema, "off")
                .withPropertyValues("jobqueue.enabled=false")
                .run(context -> {
                    assertThat(context)
                            .hasNotFailed()
                            .doesNotHaveBean(JobQueueHealthIndicator.class)
                            .doesNotHaveBean(JobQueueEndpoint.class);
                });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> pollers(Health health) {
        return (Map<String, String>) health.getDetails().get("pollers");
    }
}
