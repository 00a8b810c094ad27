package dev.jobqueue.reliability.galera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.persistence.internal.ClaimBatch;
import dev.jobqueue.persistence.internal.ClaimedJob;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.persistence.internal.JobQueueSchema;
import dev.jobqueue.persistence.internal.JobQueueSettings;
import dev.jobqueue.persistence.internal.LockContention;
import dev.jobqueue.persistence.partition.MaintenanceReport;
import dev.jobqueue.persistence.partition.PartitionMaintainer;
import dev.jobqueue.persistence.partition.PartitionRange;
import dev.jobqueue.persistence.partition.PartitionSettings;
import dev.jobqueue.test.MutableClock;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * jobqueue on a 3-node MariaDB Galera cluster ({@link GaleraCluster}): claimers on different
 * nodes, and partition maintainers on different nodes. Skipped, with the reason, where no
 * cluster can be started.
 */
class GaleraClusterIntegrationTests {

    private static final Logger LOGGER = LoggerFactory.getLogger(GaleraClusterIntegrationTests.class);
    private static final Tenant TENANT = Tenant.of(7);
    private static final JobType TYPE = JobType.of(42);
    private static final int JOBS = Integer.getInteger("galera.jobs", 600);
    private static final int CLAIMERS = 6;
    private static final int CATCH_ALL_ROWS = Integer.getInteger("galera.catchAllRows", 5_000);

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
    void claimersSpreadOverThreeNodesEndEveryJobExactlyOnceRetryingTheirCertificationConflicts() throws Exception {
        Drained spread = drain(TableName.of("spread"), node -> node % 3 + 1);
        Drained oneNode = drain(TableName.of("single"), node -> 1);

        LOGGER.info(
                "Galera, {} jobs, {} claimers: spread over 3 nodes {} conflicts retried ({} per 1,000 jobs),"
                        + " all on one node (single-writer mode) {} ({} per 1,000 jobs)",
                JOBS,
                CLAIMERS,
                spread.contention.retries(),
                spread.perThousand(),
                oneNode.contention.retries(),
                oneNode.perThousand());
        assertThat(spread.contention.retries())
                .as("claims on different nodes conflict at commit and are retried")
                .isPositive();
        assertThat(spread.contention.exhausted()).isZero();
        assertThat(oneNode.contention.exhausted()).isZero();
    }

    @Test
    void twoMaintainersOnDifferentNodesNeverRunARoundAtOnce() throws Exception {
        TableName table = TableName.of("maintained");
        JobQueueSchema.migrate(cluster.dataSource(1, 2), table);
        MutableClock clock = MutableClock.at("2026-11-25T10:15:30Z");
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger hooks = new AtomicInteger();
        List<PartitionMaintainer> maintainers = new ArrayList<>();
        for (int node = 1; node <= 2; node++) {
            maintainers.add(new PartitionMaintainer(
                    cluster.dataSource(node, 3), table, clock, PartitionSettings.defaults(), (jobs, jobsData) -> {
                        if (inside.incrementAndGet() > 1) {
                            overlaps.incrementAndGet();
                        }
                        hooks.incrementAndGet();
                        Thread.sleep(300);
                        inside.decrementAndGet();
                    }));
        }
        assertThat(maintainers.get(0).maintain().created()).isNotEmpty();
        clock.advance(Duration.ofDays(5 * 7));
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            int notSkipped = 0;
            for (int week = 0; week < 6; week++) {
                clock.advance(Duration.ofDays(7));
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<MaintenanceReport>> rounds = new ArrayList<>();
                for (PartitionMaintainer maintainer : maintainers) {
                    rounds.add(nodes.submit(() -> {
                        together.await(10, TimeUnit.SECONDS);
                        return maintainer.maintain();
                    }));
                }
                for (Future<MaintenanceReport> round : rounds) {
                    notSkipped += round.get(60, TimeUnit.SECONDS).isSkipped() ? 0 : 1;
                }
            }
            LOGGER.info(
                    "Two maintainers on nodes 1 and 2, 6 weeks started together: {} rounds ran, {} drop hooks",
                    notSkipped,
                    hooks.get());
        } finally {
            nodes.shutdownNow();
        }
        assertThat(hooks.get()).as("every week's drop ran its hook").isGreaterThanOrEqualTo(6);
        assertThat(overlaps.get())
                .as("rounds that overlapped another node's round")
                .isZero();
    }

    @Test
    void partitionDdlOnOneNodeStallsWritesOnAnotherOnlyWhileItRuns() throws Exception {
        TableName table = TableName.of("stalled");
        JobQueueSchema.migrate(cluster.dataSource(1, 2), table);
        JobQueueSettings settings = JobQueueSettings.defaults().withTable(table);
        JobQueue far = JobQueue.create(cluster.dataSource(1, 2), settings);
        Instant nextYear = Instant.now().plus(Duration.ofDays(400));
        for (int batch = 0; batch < CATCH_ALL_ROWS / 500; batch++) {
            far.scheduleAll(IntStream.range(0, 500)
                    .mapToObj(i -> NewJob.of(TYPE).tenant(TENANT).runAt(nextYear))
                    .toList());
        }
        JobQueue writer = JobQueue.create(cluster.dataSource(2, 2), settings);
        Stall load = new Stall(writer);
        Thread thread = new Thread(load, "galera-writer");
        thread.start();
        try {
            Thread.sleep(2_000);
            Duration quiet = load.worstSinceLastCall();
            long split = timed(() -> new PartitionMaintainer(
                            cluster.dataSource(1, 2), table, Clock.systemUTC(), PartitionSettings.defaults())
                    .maintain());
            Thread.sleep(1_000);
            // The window includes the write that waited for the DDL and finished after it.
            Duration splitStall = load.worstSinceLastCall();
            long reorganize = timed(() -> new JdbcTemplate(cluster.dataSource(1, 1))
                    .execute("ALTER TABLE "
                            + table.jobs() + " REORGANIZE PARTITION pmax INTO (PARTITION pnextyear VALUES LESS THAN ("
                            + nextYear.plus(Duration.ofDays(7)).getEpochSecond()
                            + "), PARTITION pmax VALUES LESS THAN MAXVALUE)"));
            Thread.sleep(1_000);
            Duration reorganizeStall = load.worstSinceLastCall();
            LOGGER.info(
                    "Partition DDL on node 1 while node 2 schedules one job at a time ({} writes): splitting the"
                            + " catch-all ({} rows, all due next year) into the weeks ahead took {} ms, the slowest write on node 2"
                            + " meanwhile {} ms (before: {} ms); moving them out of the catch-all took {} ms, the slowest"
                            + " write {} ms",
                    load.writes.get(),
                    CATCH_ALL_ROWS,
                    split,
                    splitStall.toMillis(),
                    quiet.toMillis(),
                    reorganize,
                    reorganizeStall.toMillis());
            assertThat(load.failures.get()).as("writes failed during the DDL").isZero();
            assertThat(reorganizeStall)
                    .as("a stall is bounded by the DDL it waits for")
                    .isLessThan(Duration.ofMillis(reorganize + 5_000));
            assertThat(splitStall).isLessThan(Duration.ofMillis(split + 5_000));
        } finally {
            load.stop = true;
            thread.join(10_000);
        }
    }

    @Test
    void aWriteInFlightOnAnotherNodeIntoAWeekBeingDroppedFailsWithADeadlockAndItsRetrySurvives() throws Exception {
        TableName table = TableName.of("raced");
        JobQueueSchema.migrate(cluster.dataSource(1, 2), table);
        MutableClock clock = MutableClock.at("2026-11-25T10:15:30Z");
        PartitionMaintainer maintainer =
                new PartitionMaintainer(cluster.dataSource(1, 2), table, clock, PartitionSettings.defaults());
        maintainer.maintain();
        clock.advance(Duration.ofDays(6 * 7));
        long oldWeek = Instant.parse("2026-11-26T00:00:00Z").getEpochSecond();
        String insertData = "INSERT INTO raced_data (id, part, retry_group) VALUES ('late', FROM_UNIXTIME(?), 'g')";
        String insertJob = "INSERT INTO raced (id, process_at, part, state, sub_state, version)"
                + " VALUES ('late', FROM_UNIXTIME(?), FROM_UNIXTIME(?), 1, 10, 1)";
        try (Connection node2 = DriverManager.getConnection(cluster.jdbcUrl(2), "root", null)) {
            node2.setAutoCommit(false);
            try (PreparedStatement data = node2.prepareStatement(insertData);
                    PreparedStatement job = node2.prepareStatement(insertJob)) {
                data.setLong(1, oldWeek);
                data.executeUpdate();
                job.setLong(1, oldWeek);
                job.setLong(2, oldWeek);
                job.executeUpdate();
            }

            MaintenanceReport report = maintainer.maintain();

            assertThat(report.dropped()).extracting(PartitionRange::partition).contains("p2026w48");
            assertThatExceptionOfType(SQLException.class)
                    .as("the write in flight on node 2 was aborted by the drop")
                    .isThrownBy(node2::commit)
                    .satisfies(e -> assertThat(e.getErrorCode()).isEqualTo(1213));
            node2.rollback();
            // What jobqueue's retry does: the whole transaction again; the row goes to the next partition.
            // The maintenance's later DDL (the weeks it adds) may still be applying on node 2 and abort this
            // one too, so it retries on a deadlock as jobqueue does, a bounded number of times.
            int attempts = 0;
            while (true) {
                attempts++;
                try (PreparedStatement data = node2.prepareStatement(insertData);
                        PreparedStatement job = node2.prepareStatement(insertJob)) {
                    data.setLong(1, oldWeek);
                    data.executeUpdate();
                    job.setLong(1, oldWeek);
                    job.setLong(2, oldWeek);
                    job.executeUpdate();
                    node2.commit();
                    break;
                } catch (SQLException e) {
                    node2.rollback();
                    if (e.getErrorCode() != 1213 || attempts == 5) {
                        throw e;
                    }
                    Thread.sleep(100L * attempts);
                }
            }
        }
        assertThat(new JdbcTemplate(cluster.dataSource(1, 1))
                        .queryForObject("SELECT COUNT(*) FROM raced WHERE id = 'late' AND state = 1", Integer.class))
                .isOne();
    }

    /** Schedules one job at a time and keeps the slowest write since it was last asked. */
    static final class Stall implements Runnable {
        private final JobQueue queue;
        final AtomicInteger writes = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
        private final AtomicLong worstNanos = new AtomicLong();
        volatile boolean stop;

        Stall(JobQueue queue) {
            this.queue = queue;
        }

        @Override
        public void run() {
            while (!stop) {
                long started = System.nanoTime();
                try {
                    queue.schedule(NewJob.of(TYPE).tenant(TENANT));
                    writes.incrementAndGet();
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                }
                long took = System.nanoTime() - started;
                worstNanos.accumulateAndGet(took, Math::max);
            }
        }

        Duration worstSinceLastCall() {
            return Duration.ofNanos(worstNanos.getAndSet(0));
        }
    }

    private static long timed(Runnable ddl) {
        long started = System.nanoTime();
        ddl.run();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    /** What one drain of {@link #JOBS} jobs by {@link #CLAIMERS} claimers cost. */
    record Drained(LockContention contention) {
        long perThousand() {
            return Math.round(contention.retries() * 1000.0 / JOBS);
        }
    }

    interface NodeOf {
        int of(int claimer);
    }

    private static Drained drain(TableName table, NodeOf nodeOf) throws Exception {
        JobQueueSchema.migrate(cluster.dataSource(1, 2), table);
        JobQueueSettings settings = JobQueueSettings.defaults().withTable(table).withLockRetries(50);
        JobQueue producer = JobQueue.create(cluster.dataSource(1, 2), settings);
        Set<String> scheduled = new HashSet<>();
        for (int batch = 0; batch < JOBS / 100; batch++) {
            List<NewJob> jobs = IntStream.range(0, 100)
                    .mapToObj(i -> NewJob.of(TYPE).tenant(TENANT))
                    .toList();
            producer.scheduleAll(jobs).forEach(id -> scheduled.add(id.value()));
        }
        List<JobQueue> queues = new ArrayList<>();
        for (int claimer = 0; claimer < CLAIMERS; claimer++) {
            queues.add(JobQueue.create(cluster.dataSource(nodeOf.of(claimer), 2), settings));
        }
        ConcurrentLinkedQueue<String> claimed = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> completed = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> lost = new ConcurrentLinkedQueue<>();
        ExecutorService claimers = Executors.newFixedThreadPool(CLAIMERS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (JobQueue queue : queues) {
                running.add(claimers.submit(() -> {
                    int emptyInARow = 0;
                    while (emptyInARow < 3) {
                        ClaimBatch batch = queue.claim(TENANT, TYPE, 5, Duration.ofMinutes(5));
                        if (batch.isEmpty()) {
                            emptyInARow++;
                            Thread.sleep(50);
                            continue;
                        }
                        emptyInARow = 0;
                        batch.jobs().forEach(job -> claimed.add(job.id().value()));
                        List<ClaimedJob> noLongerHeld = queue.completeAll(batch.jobs());
                        batch.jobs().stream()
                                .filter(job -> !noLongerHeld.contains(job))
                                .forEach(job -> completed.add(job.id().value()));
                        noLongerHeld.forEach(job -> lost.add(job.id().value()));
                    }
                    return null;
                }));
            }
            for (Future<?> claimer : running) {
                claimer.get(3, TimeUnit.MINUTES);
            }
        } finally {
            claimers.shutdownNow();
        }
        long retries = queues.stream()
                .mapToLong(queue -> queue.lockContention().retries())
                .sum();
        long exhausted = queues.stream()
                .mapToLong(queue -> queue.lockContention().exhausted())
                .sum();

        assertThat(new ArrayList<>(claimed)).as("no job claimed twice").doesNotHaveDuplicates();
        assertThat(lost).as("jobs whose claimer lost them before completing").isEmpty();
        assertThat(new ArrayList<>(completed)).as("no job completed twice").doesNotHaveDuplicates();
        assertThat(new HashSet<>(completed)).as("every job completed").isEqualTo(scheduled);
        JdbcTemplate jdbc = new JdbcTemplate(cluster.dataSource(2, 1));
        assertThat(jdbc.queryForList(
                        "SELECT DISTINCT CONCAT(state, '/', sub_state, '/', version) FROM " + table.jobs(),
                        String.class))
                .as("read on another node: all completed, each changed twice")
                .containsExactly("3/30/3");
        return new Drained(new LockContention(retries, exhausted));
    }
}
