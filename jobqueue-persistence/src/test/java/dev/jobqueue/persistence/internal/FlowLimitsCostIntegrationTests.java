package dev.jobqueue.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.RateLimit;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a limit that never bites costs (issue #17): two nodes with four claimers each drain the
 * same number of jobs with no limit, with a cap equal to the most jobs they can hold, and with a
 * rate limit far above their throughput. The figures go to the log; the bound only catches a
 * limit that serializes far more than its row lock.
 */
@ExtendWith(TestDatabaseExtension.class)
class FlowLimitsCostIntegrationTests {

    private static final Logger LOGGER = LoggerFactory.getLogger(FlowLimitsCostIntegrationTests.class);
    private static final JobType TYPE = JobType.of(11);
    private static final Tenant TENANT = Tenant.of(1);
    private static final int JOBS = 4_000;
    private static final int CLAIMERS = 8;
    private static final int BATCH = 8;

    @Test
    void aCapAndARateLimitThatNeverBiteCostLittleThroughput(TestSchema schema) throws Exception {
        double none = drain(schema, "flow_cost_none", limits -> {});
        double capped =
                drain(schema, "flow_cost_cap", limits -> limits.setMaxConcurrency(TYPE, null, CLAIMERS * BATCH));
        double rated = drain(
                schema,
                "flow_cost_rate",
                limits -> limits.setRateLimit(TYPE, null, new RateLimit(1_000_000, Duration.ofSeconds(1))));
        LOGGER.info(
                "Drain of {} jobs by {} claimers on 2 nodes, batches of {}: no limit {} jobs/s; cap of {} {}"
                        + " jobs/s (ratio {}); rate limit 1000000/1s {} jobs/s (ratio {})",
                JOBS,
                CLAIMERS,
                BATCH,
                round(none),
                CLAIMERS * BATCH,
                round(capped),
                round(capped / none),
                round(rated),
                round(rated / none));

        assertThat(capped / none)
                .as("throughput with a cap that never bites, as a share of none")
                .isGreaterThan(0.3);
        assertThat(rated / none)
                .as("throughput with a rate limit that never bites, as a share of none")
                .isGreaterThan(0.3);
    }

    /** Jobs per second of a drain with the limits {@code configure} sets on both nodes. */
    private static double drain(TestSchema schema, String name, Consumer<FlowLimits> configure) throws Exception {
        TableName table = TableName.of(name);
        JobQueueSchema.migrate(schema.dataSource(), table);
        JobQueueSettings settings = JobQueueSettings.defaults().withTable(table);
        List<JobQueue> nodes = List.of(
                JobQueue.create(schema.newDataSource(5), settings), JobQueue.create(schema.newDataSource(5), settings));
        nodes.forEach(node -> configure.accept(node.flowLimits()));
        List<NewJob> jobs = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            jobs.add(NewJob.of(TYPE).tenant(TENANT).runAt(Instant.now().minusSeconds(10)));
        }
        nodes.get(0).scheduleAll(jobs);

        AtomicInteger done = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(CLAIMERS);
        long start = System.nanoTime();
        List<Future<?>> claimers = new ArrayList<>();
        for (int t = 0; t < CLAIMERS; t++) {
            JobQueue node = nodes.get(t % 2);
            claimers.add(threads.submit(() -> {
                List<ClaimedJob> held = List.of();
                while (done.get() < JOBS) {
                    CompletedAndClaimed result =
                            node.completeAndClaim(held, TENANT, TYPE, BATCH, Duration.ofMinutes(5));
                    done.addAndGet(held.size() - result.refused().size());
                    held = result.claimed().jobs();
                    if (held.isEmpty() && done.get() < JOBS) {
                        Thread.sleep(1);
                    }
                }
                node.completeAll(held);
                return null;
            }));
        }
        for (Future<?> claimer : claimers) {
            claimer.get(120, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        threads.shutdown();
        return JOBS / seconds;
    }

    private static String round(double value) {
        return String.format("%.2f", value);
    }
}
