package dev.jobqueue.reliability.galera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.persistence.internal.ClaimBatch;
import dev.jobqueue.persistence.internal.ClaimedJob;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.persistence.internal.JobQueueSchema;
import dev.jobqueue.persistence.internal.JobQueueSettings;
import dev.jobqueue.persistence.internal.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The node the workers write to is killed with SIGKILL in the middle of claims and completions
 * (single-writer mode, a {@code sequential} failover URL): the workers carry on on the next
 * node, the jobs the dead node's transactions held come back after their leases, every job
 * ends done, none is completed twice, and the killed node rejoins by state transfer.
 */
class GaleraFailoverIntegrationTests {

    private static final Logger LOGGER = LoggerFactory.getLogger(GaleraFailoverIntegrationTests.class);
    private static final Tenant TENANT = Tenant.of(3);
    private static final JobType TYPE = JobType.of(9);
    private static final TableName TABLE = TableName.of("failover");
    private static final int JOBS = 400;
    private static final int WORKERS = 4;
    private static final Duration LEASE = Duration.ofSeconds(5);

    private static GaleraCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = GaleraCluster.startIfPossible();
    }

    @BeforeEach
    void needsTheCluster() {
        GaleraCluster.assumeStarted(cluster);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void workersOfAKilledNodeFailOverAndEveryJobEndsDoneOnce() throws Exception {
        JobQueueSchema.migrate(cluster.dataSource(1, 2), TABLE);
        JobQueueSettings settings = JobQueueSettings.defaults().withTable(TABLE).withLockRetries(50);
        JobQueue producer = JobQueue.create(cluster.dataSource(3, 2), settings);
        Set<String> scheduled = new HashSet<>();
        for (int batch = 0; batch < JOBS / 100; batch++) {
            producer.scheduleAll(IntStream.range(0, 100)
                            .mapToObj(i -> NewJob.of(TYPE).tenant(TENANT))
                            .toList())
                    .forEach(id -> scheduled.add(id.value()));
        }
        // Writes go to node 2 while it answers, then to node 3.
        String url = cluster.failoverUrl(2, 3);
        List<JobQueue> workers = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            workers.add(JobQueue.create(cluster.dataSource(url, 2), settings));
        }
        ConcurrentLinkedQueue<String> completed = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        AtomicInteger recovered = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(WORKERS);
        long killedAt;
        long drainedAt;
        try {
            List<Future<?>> running = new ArrayList<>();
            for (JobQueue queue : workers) {
                running.add(threads.submit(() -> work(queue, completed, errors, recovered)));
            }
            await("a quarter of the jobs done").atMost(Duration.ofMinutes(1)).until(() -> completed.size() >= JOBS / 4);
            cluster.kill(2);
            killedAt = System.nanoTime();
            LOGGER.info("Killed node 2 (SIGKILL) after {} completions", completed.size());
            for (Future<?> worker : running) {
                worker.get(3, TimeUnit.MINUTES);
            }
            drainedAt = System.nanoTime();
        } finally {
            threads.shutdownNow();
        }

        JdbcTemplate node3 = new JdbcTemplate(cluster.dataSource(3, 1));
        LOGGER.info(
                "After the kill: drained in {} ms; {} errors seen by workers (first: {}); {} jobs recovered"
                        + " after their leases; rows by state/sub_state/version {}",
                TimeUnit.NANOSECONDS.toMillis(drainedAt - killedAt),
                errors.size(),
                errors.isEmpty() ? "none" : errors.peek(),
                recovered.get(),
                node3.queryForList(
                        "SELECT CONCAT(state, '/', sub_state, '/', version, ' x', COUNT(*)) FROM " + TABLE.jobs()
                                + " GROUP BY state, sub_state, version",
                        String.class));
        assertThat(new ArrayList<>(completed)).as("no job completed twice").doesNotHaveDuplicates();
        assertThat(new HashSet<>(node3.queryForList("SELECT id FROM " + TABLE.jobs(), String.class)))
                .as("no job lost, none added")
                .isEqualTo(scheduled);
        assertThat(node3.queryForList(
                        "SELECT DISTINCT CONCAT(state, '/', sub_state) FROM " + TABLE.jobs(), String.class))
                .as("every job done")
                .containsExactly("3/30");

        long rejoin = System.nanoTime();
        cluster.restart(2);
        LOGGER.info("Node 2 rejoined and synced in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - rejoin));
        JdbcTemplate node2 = new JdbcTemplate(cluster.dataSource(2, 1));
        assertThat(node2.queryForObject("SELECT COUNT(*) FROM " + TABLE.jobs() + " WHERE state = 3", Integer.class))
                .as("the rejoined node has every completion")
                .isEqualTo(JOBS);
    }

    /** Claims and completes until nothing is left; errors other than lost locks are noted, not fatal. */
    private static Void work(
            JobQueue queue,
            ConcurrentLinkedQueue<String> completed,
            ConcurrentLinkedQueue<String> errors,
            AtomicInteger recovered)
            throws InterruptedException {
        int emptyInARow = 0;
        while (emptyInARow < 3) {
            try {
                recovered.addAndGet(
                        queue.recoverExpiredLeases(TENANT, TYPE, 100, RetryPolicy.fixedDelay(Duration.ZERO)));
                ClaimBatch batch = queue.claim(TENANT, TYPE, 5, LEASE);
                if (batch.isEmpty()) {
                    Set<?> unfinished = queue.countUnfinished(TENANT, TYPE).values().stream()
                            .filter(count -> count > 0)
                            .collect(Collectors.toSet());
                    emptyInARow = unfinished.isEmpty() ? emptyInARow + 1 : 0;
                    Thread.sleep(unfinished.isEmpty() ? 50 : 500);
                    continue;
                }
                emptyInARow = 0;
                List<ClaimedJob> noLongerHeld = queue.completeAll(batch.jobs());
                batch.jobs().stream()
                        .filter(job -> !noLongerHeld.contains(job))
                        .forEach(job -> completed.add(job.id().value()));
            } catch (RuntimeException e) {
                // The connection died with the node, or the cluster paused while it noticed.
                errors.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                Thread.sleep(200);
            }
        }
        return null;
    }
}
