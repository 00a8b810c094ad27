package dev.jobqueue.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.boot.autoconfigure.JobQueueRecurringAutoConfiguration;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.handler.JobContext;
import dev.jobqueue.handler.JobHandler;
import dev.jobqueue.handler.JobMdcKeys;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryEventPublisherBeansApplicationListener;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A handler run continues the trace its job was scheduled in, on another node, through the trace
 * context stored with the job (issue #17); Spring Boot's tracing over the OpenTelemetry bridge,
 * spans caught by an in-memory exporter per node.
 */
@ExtendWith(TestDatabaseExtension.class)
class TracingIntegrationTests {

    static final JobType TRACED = JobType.of(31);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("jobqueue.outcome");
    private static final AttributeKey<String> JOB_ID = AttributeKey.stringKey("jobqueue.job.id");

    /** What the MDC held in each run. */
    static final class TracedHandlers {

        final List<Map<String, String>> seen = new CopyOnWriteArrayList<>();

        @JobHandler(id = 31, name = "traced")
        void run(JobContext context) {
            Map<String, String> copy = MDC.getCopyOfContextMap();
            seen.add(copy == null ? Map.of() : Map.copyOf(copy));
        }
    }

    /** Fails its first attempt. */
    static final class FlakyHandlers {

        @JobHandler(id = 32, name = "flaky")
        void run(JobContext context) {
            if (context.attempt() == 1) {
                throw new IllegalStateException("first attempt fails");
            }
        }
    }

    private static ApplicationContextRunner tracedNode(TestSchema schema, String table, InMemorySpanExporter spans) {
        return WorkerFixture.runner(schema, table)
                .withConfiguration(AutoConfigurations.of(
                        ObservationAutoConfiguration.class,
                        MicrometerTracingAutoConfiguration.class,
                        OpenTelemetrySdkAutoConfiguration.class,
                        OpenTelemetryTracingAutoConfiguration.class))
                // What SpringApplication does through spring.factories: MDC and baggage follow the current span.
                .withInitializer(context -> {
                    OpenTelemetryEventPublisherBeansApplicationListener.addWrapper();
                    context.addApplicationListener(new OpenTelemetryEventPublisherBeansApplicationListener());
                })
                .withBean(InMemorySpanExporter.class, () -> spans)
                .withPropertyValues(
                        "management.tracing.sampling.probability=1.0",
                        "management.opentelemetry.tracing.export.schedule-delay=20ms");
    }

    @Test
    void aRunOnAnotherNodeContinuesTheTraceItsJobWasScheduledIn(TestSchema schema) {
        InMemorySpanExporter schedulingSpans = InMemorySpanExporter.create();
        InMemorySpanExporter runSpans = InMemorySpanExporter.create();
        TableName table = new TableName("traced");
        tracedNode(schema, "traced", schedulingSpans)
                .withBean(TracedHandlers.class)
                .withPropertyValues("jobqueue.worker.enabled=false")
                .run(scheduling -> {
                    ObservationRegistry registry = scheduling.getBean(ObservationRegistry.class);
                    JobScheduler scheduler = scheduling.getBean(JobScheduler.class);
                    JobId id = Observation.createNotStarted("test.request", registry)
                            .observe(() -> scheduler.schedule(TRACED, null));
                    await().atMost(WAIT)
                            .until(() -> schedulingSpans.getFinishedSpanItems().size() == 2);
                    SpanData request = span(schedulingSpans, SpanKind.INTERNAL);
                    SpanData schedule = span(schedulingSpans, SpanKind.PRODUCER);
                    assertThat(schedule.getParentSpanId()).isEqualTo(request.getSpanId());
                    assertThat(schedule.getName()).isEqualTo("schedule traced");
                    assertThat(schedule.getAttributes().get(JOB_ID)).isEqualTo(id.value());
                    assertThat(storedContexts(schema, table))
                            .as("the context stored with the job")
                            .containsExactly(
                                    "traceparent=00-" + schedule.getTraceId() + "-" + schedule.getSpanId() + "-01\n");

                    tracedNode(schema, "traced", runSpans)
                            .withBean(TracedHandlers.class)
                            .run(running -> {
                                TracedHandlers handlers = running.getBean(TracedHandlers.class);
                                JobQueue queue = running.getBean(JobQueue.class);
                                await().atMost(WAIT)
                                        .until(() ->
                                                queue.details(id).orElseThrow().state() == JobState.DONE);
                                await().atMost(WAIT)
                                        .until(() -> runSpans.getFinishedSpanItems().stream()
                                                .anyMatch(span -> span.getKind() == SpanKind.CONSUMER));
                                SpanData run = span(runSpans, SpanKind.CONSUMER);

                                assertThat(run.getTraceId()).isEqualTo(request.getTraceId());
                                assertThat(run.getParentSpanId())
                                        .as("the scheduling span is the run's parent")
                                        .isEqualTo(schedule.getSpanId());
                                assertThat(run.getName()).isEqualTo("run traced");
                                assertThat(run.getAttributes().get(OUTCOME)).isEqualTo("complete");
                                assertThat(run.getAttributes().get(JOB_ID)).isEqualTo(id.value());
                                assertThat(handlers.seen).singleElement().satisfies(mdc -> {
                                    assertThat(mdc)
                                            .containsEntry("traceId", request.getTraceId())
                                            .containsEntry("spanId", run.getSpanId())
                                            .containsEntry(JobMdcKeys.JOB_ID, id.value());
                                });
                                await().atMost(WAIT)
                                        .untilAsserted(() -> assertThat(storedContexts(schema, table))
                                                .as("deleted once the job ended for good")
                                                .isEmpty());
                            });
                });
    }

    @Test
    void aRetryContinuesTheTraceItsFirstJobWasScheduledIn(TestSchema schema) {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        tracedNode(schema, "flaky", spans)
                .withBean(FlakyHandlers.class)
                .withPropertyValues("jobqueue.types.flaky.retry.strategy=fixed", "jobqueue.types.flaky.retry.delay=0s")
                .run(context -> {
                    ObservationRegistry registry = context.getBean(ObservationRegistry.class);
                    JobScheduler scheduler = context.getBean(JobScheduler.class);
                    Observation.createNotStarted("test.request", registry)
                            .observe(() -> scheduler
                                    .job(JobType.of(32), null)
                                    .executions(3)
                                    .schedule());
                    await().atMost(WAIT)
                            .until(() -> spans.getFinishedSpanItems().stream()
                                            .filter(span -> span.getKind() == SpanKind.CONSUMER)
                                            .count()
                                    == 2);
                    SpanData schedule = span(spans, SpanKind.PRODUCER);
                    List<SpanData> runs = spans.getFinishedSpanItems().stream()
                            .filter(span -> span.getKind() == SpanKind.CONSUMER)
                            .toList();

                    assertThat(runs).allSatisfy(run -> {
                        assertThat(run.getTraceId()).isEqualTo(schedule.getTraceId());
                        assertThat(run.getParentSpanId()).isEqualTo(schedule.getSpanId());
                    });
                    assertThat(runs)
                            .extracting(run -> run.getAttributes().get(OUTCOME))
                            .containsExactlyInAnyOrder("fail_retry", "complete");
                    assertThat(runs)
                            .extracting(run -> run.getAttributes().get(AttributeKey.stringKey("jobqueue.attempt")))
                            .containsExactlyInAnyOrder("1", "2");
                    await().atMost(WAIT)
                            .untilAsserted(() -> assertThat(storedContexts(schema, new TableName("flaky")))
                                    .isEmpty());
                });
    }

    @Test
    void anOccurrenceOfARecurringJobRunsInTheTraceItsFiringStarted(TestSchema schema) {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        tracedNode(schema, "ticking", spans)
                .withConfiguration(AutoConfigurations.of(JobQueueRecurringAutoConfiguration.class))
                .withBean(TracedHandlers.class)
                .withPropertyValues(
                        "jobqueue.recurring-poll-interval=200ms",
                        "jobqueue.recurring.tick.interval=1s",
                        "jobqueue.recurring.tick.type=traced")
                .run(context -> {
                    await().atMost(WAIT)
                            .until(() -> spans.getFinishedSpanItems().stream()
                                    .anyMatch(span -> span.getKind() == SpanKind.CONSUMER));
                    SpanData run = span(spans, SpanKind.CONSUMER);
                    SpanData firing = spans.getFinishedSpanItems().stream()
                            .filter(span -> span.getSpanId().equals(run.getParentSpanId()))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError(
                                    "the run's parent is not among " + spans.getFinishedSpanItems()));

                    assertThat(firing.getKind()).isEqualTo(SpanKind.PRODUCER);
                    assertThat(firing.getName()).isEqualTo("schedule traced");
                    assertThat(firing.getAttributes().get(JOB_ID))
                            .as("the firing wrote the occurrence that ran")
                            .isEqualTo(run.getAttributes().get(JOB_ID));
                    assertThat(firing.getParentSpanContext().isValid())
                            .as("no request scheduled it: the firing is the trace's root")
                            .isFalse();
                    assertThat(run.getTraceId()).isEqualTo(firing.getTraceId());
                    assertThat(run.getAttributes().get(OUTCOME)).isEqualTo("complete");
                    await().atMost(WAIT)
                            .untilAsserted(() -> assertThat(context.getBean(TracedHandlers.class).seen)
                                    .anySatisfy(mdc -> assertThat(mdc).containsEntry("traceId", firing.getTraceId())));
                });
    }

    @Test
    void aJobScheduledByTheGoLibraryRunsInATraceOfItsOwn(TestSchema schema) {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        TableName table = new TableName("seeded");
        tracedNode(schema, "seeded", spans).withBean(TracedHandlers.class).run(context -> {
            JobId id = insertAsTheGoLibraryDoes(schema, table);
            JobQueue queue = context.getBean(JobQueue.class);
            await().atMost(WAIT).until(() -> queue.details(id).orElseThrow().state() == JobState.DONE);
            await().atMost(WAIT).until(() -> !spans.getFinishedSpanItems().isEmpty());

            SpanData run = span(spans, SpanKind.CONSUMER);
            assertThat(run.getParentSpanContext().isValid())
                    .as("no stored context: a new trace")
                    .isFalse();
            assertThat(run.getAttributes().get(OUTCOME)).isEqualTo("complete");
            assertThat(context.getBean(TracedHandlers.class).seen)
                    .singleElement()
                    .satisfies(mdc -> assertThat(mdc).containsEntry("traceId", run.getTraceId()));
        });
    }

    @Test
    void withoutATracerNothingIsStoredAndJobsRun(TestSchema schema) {
        TableName table = new TableName("untraced");
        MeterRegistry meters = new SimpleMeterRegistry();
        WorkerFixture.runner(schema, "untraced")
                .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
                .withBean(DefaultMeterObservationHandler.class, () -> new DefaultMeterObservationHandler(meters))
                .withBean(TracedHandlers.class)
                .run(context -> {
                    ObservationRegistry registry = context.getBean(ObservationRegistry.class);
                    assertThat(registry.isNoop())
                            .as("observations, timed, without a tracer")
                            .isFalse();
                    JobScheduler scheduler = context.getBean(JobScheduler.class);
                    JobId first = Observation.createNotStarted("test.request", registry)
                            .observe(() -> scheduler.schedule(TRACED, null));
                    JobId second = scheduler.job(TRACED, null).unique("once").schedule();
                    JobQueue queue = context.getBean(JobQueue.class);
                    await().atMost(WAIT)
                            .until(() -> queue.details(first).orElseThrow().state() == JobState.DONE
                                    && queue.details(second).orElseThrow().state() == JobState.DONE);
                    assertThat(context.getBean(TracedHandlers.class).seen).hasSize(2);
                    assertThat(storedContexts(schema, table)).isEmpty();
                    assertThat(meters.get("jobqueue.schedule")
                                    .tags("jobqueue.type", "traced", "jobqueue.tenant", "0")
                                    .timer()
                                    .count())
                            .isEqualTo(2);
                    await().atMost(WAIT)
                            .untilAsserted(() -> assertThat(meters.get("jobqueue.run")
                                            .tags(
                                                    "jobqueue.type",
                                                    "traced",
                                                    "jobqueue.outcome",
                                                    "complete",
                                                    "jobqueue.attempt",
                                                    "1")
                                            .timer()
                                            .count())
                                    .isEqualTo(2));
                });
        WorkerFixture.runner(schema, "untraced").withBean(TracedHandlers.class).run(context -> {
            JobId id = context.getBean(JobScheduler.class).schedule(TRACED, null);
            JobQueue queue = context.getBean(JobQueue.class);
            await().atMost(WAIT).until(() -> queue.details(id).orElseThrow().state() == JobState.DONE);
            assertThat(storedContexts(schema, table))
                    .as("no observation registry at all")
                    .isEmpty();
        });
    }

    private static SpanData span(InMemorySpanExporter spans, SpanKind kind) {
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getKind() == kind)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " span in " + spans.getFinishedSpanItems()));
    }

    private static List<String> storedContexts(TestSchema schema, TableName table) {
        return new JdbcTemplate(schema.dataSource())
                .queryForList("SELECT headers FROM " + table.base() + "_trace_context", String.class);
    }

    /** One job as the Go library writes it: empty correlation id, its "no properties", no trace context. */
    private static JobId insertAsTheGoLibraryDoes(TestSchema schema, TableName table) {
        JobId id = JobId.forRunAt(Instant.now().minusSeconds(1));
        JdbcTemplate jdbc = new JdbcTemplate(schema.dataSource());
        Object part = java.time.LocalDateTime.ofInstant(id.part(), java.time.ZoneOffset.UTC);
        jdbc.update(
                "INSERT INTO " + table.jobsData() + " (id, tenant, properties, string_udf_1, string_udf_2,"
                        + " int_udf_1, int_udf_2, part, retry_group, attempt) VALUES (?, 0, '{\"\": \"\"}', '', '', 0, 0, ?,"
                        + " UUID(), 1)",
                id.value(),
                part);
        jdbc.update(
                "INSERT INTO " + table.jobs() + " (id, tenant, correlation_id, job_type, state, sub_state,"
                        + " pending_execution, version, process_at, part) VALUES (?, 0, '', ?, 1, 10, 1, 1, ?, ?)",
                id.value(),
                TRACED.id(),
                part,
                part);
        return id;
    }
}
