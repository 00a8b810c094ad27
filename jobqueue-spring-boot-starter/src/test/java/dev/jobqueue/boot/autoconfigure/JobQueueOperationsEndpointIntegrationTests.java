package dev.jobqueue.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.boot.autoconfigure.JobQueueOperationsEndpoint.OperationDescriptor;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobOperationResult;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The {@code jobqueueops} endpoint, the pauses' health detail and metric, on a real database. */
@ExtendWith(TestDatabaseExtension.class)
class JobQueueOperationsEndpointIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final JobType GREET = JobType.of(1);

    @Test
    void cancelsRetriesAndAnswersAlreadyFinishedForOneJob(TestSchema schema) {
        ObservabilityFixture.withJobs(schema, "opsjob").run(context -> {
            JobQueueOperationsEndpoint endpoint = context.getBean(JobQueueOperationsEndpoint.class);
            JobId id = context.getBean(JobScheduler.class)
                    .job(GREET, new ObservedHandlers.Greeting("later"))
                    .in(Duration.ofHours(1))
                    .schedule();

            OperationDescriptor cancelled = act(endpoint, "cancel", id.value());
            OperationDescriptor again = act(endpoint, "cancel", id.value());
            OperationDescriptor retried =
                    endpoint.act("retry-now", id.value(), 2, null, null, null, null, null, null, null, null, null);

            assertThat(cancelled.result().status()).isEqualTo(JobOperationResult.Status.APPLIED);
            assertThat(cancelled.changed()).isEqualTo(1);
            assertThat(again.result().status()).isEqualTo(JobOperationResult.Status.ALREADY_FINISHED);
            assertThat(again.changed()).isZero();
            assertThat(again.message()).contains("has already finished");
            assertThat(retried.result().status()).isEqualTo(JobOperationResult.Status.APPLIED);
            JdbcTemplate jdbc = new JdbcTemplate(schema.dataSource());
            await().atMost(WAIT)
                    .until(() -> jdbc.queryForObject(
                                    "SELECT sub_state FROM opsjob WHERE id = ?",
                                    Integer.class,
                                    retried.result().newJob().value())
                            == 30);
            assertThat(jdbc.queryForObject(
                            "SELECT pending_execution FROM opsjob WHERE id = ?",
                            Integer.class,
                            retried.result().newJob().value()))
                    .isEqualTo(1);
        });
    }

    @Test
    void aPauseShowsInHealthAndInTheMetricUntilResumed(TestSchema schema) {
        ObservabilityFixture.withJobs(schema, "opspause")
                .withConfiguration(AutoConfigurations.of(
                        MetricsAutoConfiguration.class,
                        SimpleMetricsExportAutoConfiguration.class,
                        CompositeMeterRegistryAutoConfiguration.class))
                .run(context -> {
                    JobQueueOperationsEndpoint endpoint = context.getBean(JobQueueOperationsEndpoint.class);
                    HealthIndicator pauses = context.getBean("jobqueuePausesHealthIndicator", HealthIndicator.class);
                    MeterRegistry meters = context.getBean(MeterRegistry.class);

                    OperationDescriptor paused = endpoint.act(
                            "pause", "1", null, null, null, null, null, null, null, null, null, "night shift");

                    assertThat(paused.message()).isEqualTo("paused type 1 for every tenant");
                    assertThat(endpoint.pauses().paused())
                            .singleElement()
                            .satisfies(pause -> assertThat(pause.by()).isEqualTo("night shift"));
                    await().atMost(WAIT)
                            .until(() -> meters.get("jobqueue.paused").gauge().value() == 1.0);
                    Health health = pauses.health();
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat((List<?>) health.getDetails().get("paused"))
                            .singleElement()
                            .asString()
                            .startsWith("type 1, every tenant, since ")
                            .endsWith("by night shift");

                    assertThat(act(endpoint, "resume", "1").changed()).isEqualTo(1);
                    await().atMost(WAIT)
                            .until(() -> meters.get("jobqueue.paused").gauge().value() == 0.0);
                    assertThat((List<?>) pauses.health().getDetails().get("paused"))
                            .isEmpty();
                });
    }

    @Test
    void refusesUnknownActionsBadIdsAndABulkActionWithoutAFilterWritingNothing(TestSchema schema) {
        ObservabilityFixture.withJobs(schema, "opsbad")
                .withPropertyValues("jobqueue.worker.enabled=false")
                .run(context -> {
                    JobQueueOperationsEndpoint endpoint = context.getBean(JobQueueOperationsEndpoint.class);
                    context.getBean(JobScheduler.class)
                            .job(GREET, new ObservedHandlers.Greeting("x"))
                            .schedule();

                    assertThatExceptionOfType(InvalidEndpointRequestException.class)
                            .isThrownBy(() -> act(endpoint, "delete", "x"))
                            .withMessageContaining("cancel, run-now");
                    assertThatExceptionOfType(InvalidEndpointRequestException.class)
                            .isThrownBy(() -> act(endpoint, "cancel", "not-a-ulid"))
                            .withMessageContaining("not-a-ulid");
                    assertThatExceptionOfType(InvalidEndpointRequestException.class)
                            .isThrownBy(() -> act(endpoint, "cancel-all", "matching"))
                            .withMessageContaining("at least one of type, tenant");
                    assertThatExceptionOfType(InvalidEndpointRequestException.class)
                            .isThrownBy(() -> endpoint.act(
                                    "retry-all", "matching", 0, 1, null, null, null, null, null, null, null, null))
                            .withMessageContaining("executions");

                    assertThat(new JdbcTemplate(schema.dataSource())
                                    .queryForObject(
                                            "SELECT COUNT(*) FROM opsbad WHERE state = 1 AND sub_state = 10",
                                            Integer.class))
                            .isOne();
                    OperationDescriptor all = endpoint.act(
                            "cancel-all", "matching", null, 1, null, null, null, null, null, null, null, null);
                    assertThat(all.changed()).isOne();
                });
    }

    private static OperationDescriptor act(JobQueueOperationsEndpoint endpoint, String action, String target) {
        return endpoint.act(action, target, null, null, null, null, null, null, null, null, null, null);
    }
}
