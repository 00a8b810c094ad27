package dev.jobqueue.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.RateLimit;
import dev.jobqueue.scheduling.FlowControl;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Concurrency caps and rate limits across three nodes (three contexts with their own pools and
 * workers) on a real database (issue #17).
 */
@ExtendWith(TestDatabaseExtension.class)
class FlowControlIntegrationTests {

    private static final Logger LOGGER = LoggerFactory.getLogger(FlowControlIntegrationTests.class);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void threeNodesNeverRunMoreThanTheCapAndReachIt(TestSchema schema) throws Exception {
        FlowHandlers.Recorder recorder = new FlowHandlers.Recorder();
        int jobs = 150;
        onThreeNodes(
                schema,
                "flow_capped",
                recorder,
                nodes -> {
                    Sampler sampler = new Sampler(schema, "flow_capped", FlowHandlers.CAPPED);
                    sampler.start();
                    List<NewJob> batch = new ArrayList<>();
                    for (int i = 0; i < jobs; i++) {
                        batch.add(NewJob.of(FlowHandlers.CAPPED));
                    }
                    nodes.get(0).getBean(JobScheduler.class).scheduleAll(batch);

                    await().atMost(WAIT).until(() -> recorder.finished.get() == jobs);
                    sampler.stop();

                    double seconds = Duration.between(recorder.firstStart, recorder.lastEnd)
                                    .toMillis()
                            / 1000.0;
                    double throughput = jobs / seconds;
                    LOGGER.info(
                            "Cap 5 over 3 nodes of 4 handlers, 200 ms jobs: {} jobs in {} s = {} jobs/s (ideal 25);"
                                    + " most running seen by the sampler {} in {} samples, by the handlers {}; runs by node {}",
                            jobs,
                            seconds,
                            String.format("%.1f", throughput),
                            sampler.max.get(),
                            sampler.samples.get(),
                            recorder.maxRunning.get(),
                            recorder.runsByNode);
                    assertThat(sampler.max.get())
                            .as("most jobs in PROCESSING the sampler saw")
                            .isLessThanOrEqualTo(5);
                    assertThat(recorder.maxRunning.get())
                            .as("most handlers running at once")
                            .isEqualTo(5);
                    assertThat(recorder.runsByNode)
                            .as("no node alone has 5 handlers")
                            .hasSizeGreaterThanOrEqualTo(2);
                    assertThat(throughput).as("jobs per second, 25 at the cap").isGreaterThanOrEqualTo(15.0);
                    assertThat(doneOnce(schema, "flow_capped", FlowHandlers.CAPPED))
                            .isEqualTo(jobs);
                    assertThat(nodes.get(0).getBean(FlowControl.class).throttledClaims(FlowHandlers.CAPPED)
                                    + nodes.get(1).getBean(FlowControl.class).throttledClaims(FlowHandlers.CAPPED)
                                    + nodes.get(2).getBean(FlowControl.class).throttledClaims(FlowHandlers.CAPPED))
                            .isPositive();
                },
                "jobqueue.types.capped.max-concurrency=5",
                "jobqueue.types.capped.concurrency=4",
                "jobqueue.types.capped.lease=10s");
    }

    @Test
    void threeNodesStartAtMostTheRateLimitPerWindowAndJobsOverItWaitScheduled(TestSchema schema) throws Exception {
        FlowHandlers.Recorder recorder = new FlowHandlers.Recorder();
        int jobs = 90;
        onThreeNodes(
                schema,
                "flow_rated",
                recorder,
                nodes -> {
                    List<NewJob> batch = new ArrayList<>();
                    for (int i = 0; i < jobs; i++) {
                        batch.add(NewJob.of(FlowHandlers.RATED));
                    }
                    nodes.get(0).getBean(JobScheduler.class).scheduleAll(batch);
                    await().atMost(Duration.ofMillis(500)).until(() -> recorder.finished.get() > 0);
                    long waiting = scheduled(schema, "flow_rated", FlowHandlers.RATED);

                    await().atMost(WAIT).until(() -> recorder.finished.get() == jobs);

                    Map<Long, Long> perWindow = startsPerWindow(schema, "flow_rated", FlowHandlers.RATED, 1000);
                    LOGGER.info(
                            "Rate limit 20/1s over 3 nodes of 4 handlers: starts per 1 s window {}; {} jobs waited"
                                    + " scheduled after the first window opened",
                            perWindow.values(),
                            waiting);
                    assertThat(perWindow.values().stream()
                                    .mapToLong(Long::longValue)
                                    .sum())
                            .isEqualTo(jobs);
                    assertThat(perWindow.values())
                            .allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(20));
                    assertThat(perWindow.values()).as("the limit is reached").contains(20L);
                    assertThat(waiting).as("jobs over the limit stay scheduled").isGreaterThanOrEqualTo(jobs - 40);
                    assertThat(doneOnce(schema, "flow_rated", FlowHandlers.RATED))
                            .isEqualTo(jobs);
                },
                "jobqueue.types.rated.rate-limit=20/1s",
                "jobqueue.types.rated.concurrency=4");
    }

    @Test
    void aCapSetAtRunTimeAppliesToTheNextClaimAndItsRemovalToo(TestSchema schema) {
        FlowHandlers.Recorder recorder = new FlowHandlers.Recorder();
        WorkerFixture.runner(schema, "flow_runtime")
                .withBean(FlowHandlers.class, () -> new FlowHandlers(recorder, "A"))
                .withPropertyValues("jobqueue.types.capped.concurrency=4")
                .run(context -> {
                    FlowControl flow = context.getBean(FlowControl.class);
                    flow.setMaxConcurrency(FlowHandlers.CAPPED, 1);
                    List<NewJob> batch = new ArrayList<>();
                    for (int i = 0; i < 6; i++) {
                        batch.add(NewJob.of(FlowHandlers.CAPPED));
                    }
                    context.getBean(JobScheduler.class).scheduleAll(batch);

                    await().atMost(WAIT).until(() -> recorder.finished.get() >= 2);
                    assertThat(recorder.maxRunning.get())
                            .as("one at a time under a cap of 1")
                            .isEqualTo(1);
                    assertThat(flow.maxConcurrency(FlowHandlers.CAPPED)).hasValue(1);
                    flow.setMaxConcurrency(FlowHandlers.CAPPED, null);

                    await().atMost(WAIT).until(() -> recorder.finished.get() == 6);
                    assertThat(recorder.maxRunning.get())
                            .as("the rest at once without the cap")
                            .isGreaterThan(1);
                    assertThat(flow.maxConcurrency(FlowHandlers.CAPPED)).isEmpty();
                });
    }

    @Test
    void limitsFromPropertiesAreReadableThroughTheBean(TestSchema schema) {
        FlowHandlers.Recorder recorder = new FlowHandlers.Recorder();
        WorkerFixture.runner(schema, "flow_props")
                .withBean(FlowHandlers.class, () -> new FlowHandlers(recorder, "A"))
                .withPropertyValues(
                        "jobqueue.types.capped.max-concurrency=7",
                        "jobqueue.types.rated.rate-limit=100/1s",
                        "jobqueue.types.rated.tenants.3.max-concurrency=2",
                        "jobqueue.types.rated.tenants.3.rate-limit=5/250ms")
                .run(context -> {
                    FlowControl flow = context.getBean(FlowControl.class);
                    assertThat(flow.maxConcurrency(FlowHandlers.CAPPED)).hasValue(7);
                    assertThat(flow.rateLimit(FlowHandlers.CAPPED)).isEmpty();
                    assertThat(flow.rateLimit(FlowHandlers.RATED)).contains(new RateLimit(100, Duration.ofSeconds(1)));
                    assertThat(flow.maxConcurrency(FlowHandlers.RATED, dev.jobqueue.domain.Tenant.of(3)))
                            .hasValue(2);
                    assertThat(flow.rateLimit(FlowHandlers.RATED, dev.jobqueue.domain.Tenant.of(3)))
                            .contains(new RateLimit(5, Duration.ofMillis(250)));
                    assertThat(flow.maxConcurrency(FlowHandlers.FAIR)).isEmpty();
                });
    }

    /** Runs {@code test} with three nodes: contexts with their own pools, workers and handlers. */
    private static void onThreeNodes(
            TestSchema schema, String table, FlowHandlers.Recorder recorder, NodesTest test, String... properties) {
        ApplicationContextRunner[] runners = new ApplicationContextRunner[3];
        for (int i = 0; i < 3; i++) {
            String node = "node-" + i;
            runners[i] = WorkerFixture.runner(schema, table)
                    .withBean(FlowHandlers.class, () -> new FlowHandlers(recorder, node))
                    .withPropertyValues(properties);
        }
        runners[0].run(a -> runners[1].run(b -> runners[2].run(c -> {
            assertThat(a).hasNotFailed();
            assertThat(b).hasNotFailed();
            assertThat(c).hasNotFailed();
            test.run(List.of(a, b, c));
        })));
    }

    @FunctionalInterface
    private interface NodesTest {
        void run(List<org.springframework.context.ApplicationContext> nodes) throws Exception;
    }

    private static long doneOnce(TestSchema schema, String table, JobType type) {
        Long done = new JdbcTemplate(schema.dataSource())
                .queryForObject(
                        "SELECT COUNT(*) FROM " + table + " WHERE job_type = ? AND state = 3 AND sub_state = 30",
                        Long.class,
                        type.id());
        Long rows = new JdbcTemplate(schema.dataSource())
                .queryForObject("SELECT COUNT(*) FROM " + table + " WHERE job_type = ?", Long.class, type.id());
        assertThat(rows).as("one row per job: none failed or retried").isEqualTo(done);
        return done == null ? 0 : done;
    }

    private static long scheduled(TestSchema schema, String table, JobType type) {
        Long count = new JdbcTemplate(schema.dataSource())
                .queryForObject(
                        "SELECT COUNT(*) FROM " + table + " WHERE job_type = ? AND state = 1", Long.class, type.id());
        return count == null ? 0 : count;
    }

    /** Claims (run_started_at, written by the claim with the limiter's time) per window of the limit. */
    private static Map<Long, Long> startsPerWindow(TestSchema schema, String table, JobType type, long windowMillis) {
        List<Instant> starts = new JdbcTemplate(schema.dataSource())
                .query(
                        "SELECT run_started_at FROM " + table + " WHERE job_type = ?",
                        (rs, n) -> rs.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                        type.id());
        Map<Long, Long> perWindow = new TreeMap<>();
        starts.forEach(start -> perWindow.merge(Math.floorDiv(start.toEpochMilli(), windowMillis), 1L, Long::sum));
        return perWindow;
    }

    /** Polls the jobs in PROCESSING of a type from outside the nodes, as an operator's query would. */
    private static final class Sampler {

        final AtomicInteger max = new AtomicInteger();
        final AtomicInteger samples = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Sampler(TestSchema schema, String table, JobType type) {
            JdbcTemplate jdbc = new JdbcTemplate(schema.newDataSource(1));
            String sql = "SELECT COUNT(*) FROM " + table + " WHERE job_type = " + type.id() + " AND state = 2";
            this.thread = new Thread(
                    () -> {
                        while (running.get()) {
                            Integer count = jdbc.queryForObject(sql, Integer.class);
                            max.accumulateAndGet(count == null ? 0 : count, Math::max);
                            samples.incrementAndGet();
                            try {
                                Thread.sleep(2);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    },
                    "flow-sampler");
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
        }
    }
}
