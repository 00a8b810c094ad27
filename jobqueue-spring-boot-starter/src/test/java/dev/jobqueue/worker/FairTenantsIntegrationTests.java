package dev.jobqueue.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.persistence.internal.JobQueueSchema;
import dev.jobqueue.persistence.internal.JobQueueSettings;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One tenant holds a backlog of 200,000 due jobs and another schedules 10 (issue #17): the small
 * tenant's jobs start within one poll interval, because each tenant has a poller of its own and
 * the pollers of a type take turns at its handlers.
 */
@ExtendWith(TestDatabaseExtension.class)
class FairTenantsIntegrationTests {

    private static final Logger LOGGER = LoggerFactory.getLogger(FairTenantsIntegrationTests.class);
    private static final TableName TABLE = TableName.of("flow_fair");
    private static final Tenant BIG = Tenant.of(1);
    private static final Tenant SMALL = Tenant.of(2);
    private static final int BACKLOG = 200_000;
    private static final Duration POLL = Duration.ofMillis(500);

    @Test
    void aSmallTenantsJobsStartWithinOnePollIntervalBesideABigTenantsBacklog(TestSchema schema) {
        JobQueueSchema.migrate(schema.dataSource(), TABLE);
        long inserted = insertBacklog(schema);
        assertThat(inserted).isEqualTo(BACKLOG);
        FlowHandlers.Recorder recorder = new FlowHandlers.Recorder();
        // Another node schedules the small tenant's jobs: no local wake-up helps this node's poller.
        JobQueue otherNode = JobQueue.create(
                schema.newDataSource(2), JobQueueSettings.defaults().withTable(TABLE));

        WorkerFixture.runner(schema, TABLE.base())
                .withBean(FlowHandlers.class, () -> new FlowHandlers(recorder, "A"))
                .withPropertyValues(
                        "jobqueue.tenants=1,2",
                        "jobqueue.worker.poll-interval=" + POLL.toMillis() + "ms",
                        "jobqueue.worker.max-poll-interval=" + POLL.toMillis() + "ms",
                        "jobqueue.types.fair.concurrency=4")
                .run(context -> {
                    await().atMost(Duration.ofSeconds(60)).until(() -> recorder.finished.get() >= 2_000);
                    List<Duration> remote = smallTenantLatencies(recorder, jobs -> otherNode.scheduleAll(jobs));
                    List<Duration> local = smallTenantLatencies(
                            recorder,
                            jobs -> context.getBean(JobScheduler.class).scheduleAll(jobs));
                    int bigDone = recorder.finished.get();
                    LOGGER.info(
                            "Backlog of {} due jobs of tenant {}: 10 jobs of tenant {} scheduled by another node"
                                    + " started after {} (max {} ms), scheduled on this node after {} (max {} ms); poll"
                                    + " interval {} ms; {} jobs run meanwhile",
                            BACKLOG,
                            BIG,
                            SMALL,
                            millis(remote),
                            max(remote),
                            millis(local),
                            max(local),
                            POLL.toMillis(),
                            bigDone);

                    // An idle poller sleeps one poll interval; then one claim's round trip and the big
                    // tenant's jobs already buffered for the handlers (about one poll interval's worth of
                    // 1 ms jobs over 4 handlers) come before the small tenant's first start.
                    assertThat(max(remote))
                            .as("ms until the last job of the small tenant started")
                            .isLessThanOrEqualTo(POLL.toMillis() + 250);
                    assertThat(max(local))
                            .as("ms until the last job started, when a local wake-up cuts the"
                                    + " poller's sleep short")
                            .isLessThanOrEqualTo(POLL.toMillis());
                    assertThat(scheduled(schema, BIG))
                            .as("the big backlog is still there")
                            .isGreaterThan(100_000);
                });
    }

    private interface Scheduling {
        List<JobId> schedule(List<NewJob> jobs);
    }

    /** Schedules 10 due jobs of the small tenant and returns how long after the commit each started. */
    private static List<Duration> smallTenantLatencies(FlowHandlers.Recorder recorder, Scheduling scheduling) {
        List<NewJob> jobs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            jobs.add(NewJob.of(FlowHandlers.FAIR).tenant(SMALL));
        }
        List<JobId> ids = scheduling.schedule(jobs);
        Instant committed = Instant.now();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ids.stream().allMatch(id -> recorder.startsById.containsKey(id.value())));
        return ids.stream()
                .map(id -> Duration.between(committed, recorder.startsById.get(id.value())))
                .toList();
    }

    /** 200,000 due jobs of the big tenant, written by two INSERT ... SELECT statements from a sequence. */
    private static long insertBacklog(TestSchema schema) {
        JdbcTemplate jdbc = new JdbcTemplate(schema.dataSource());
        Instant second = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        String prefix = JobId.lowerBound(second.toEpochMilli()).substring(0, 10);
        LocalDateTime part = LocalDateTime.ofInstant(second, ZoneOffset.UTC);
        jdbc.update(
                "INSERT INTO " + TABLE.jobsData() + " (id, tenant, properties, string_udf_1, string_udf_2,"
                        + " int_udf_1, int_udf_2, part, retry_group, attempt)"
                        + " SELECT CONCAT(?, LPAD(seq, 16, '0')), ?, '{}', NULL, NULL, NULL, NULL, ?, UUID(), 1"
                        + " FROM seq_1_to_" + BACKLOG,
                prefix,
                BIG.value(),
                part);
        return jdbc.update(
                "INSERT INTO " + TABLE.jobs() + " (id, tenant, correlation_id, job_type, state, sub_state,"
                        + " pending_execution, version, process_at, part)"
                        + " SELECT CONCAT(?, LPAD(seq, 16, '0')), ?, NULL, ?, 1, 10, 3, 1, ?, ? FROM seq_1_to_"
                        + BACKLOG,
                prefix,
                BIG.value(),
                FlowHandlers.FAIR.id(),
                part,
                part);
    }

    private static long scheduled(TestSchema schema, Tenant tenant) {
        Long count = new JdbcTemplate(schema.dataSource())
                .queryForObject(
                        "SELECT COUNT(*) FROM " + TABLE.jobs() + " WHERE tenant = ? AND state = 1",
                        Long.class,
                        tenant.value());
        return count == null ? 0 : count;
    }

    private static List<Long> millis(List<Duration> latencies) {
        return latencies.stream().map(Duration::toMillis).sorted().toList();
    }

    private static long max(List<Duration> latencies) {
        return latencies.stream().mapToLong(Duration::toMillis).max().orElseThrow();
    }
}
