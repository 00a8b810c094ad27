package dev.jobqueue.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.jobqueue.domain.Batch;
import dev.jobqueue.domain.BatchProgress;
import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.lifecycle.Transition;
import dev.jobqueue.test.MutableClock;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** Jobs that follow jobs (issue #16): continuations and batches, on the queue's own statements. */
@ExtendWith(TestDatabaseExtension.class)
class FollowUpsIntegrationTests {

    private static final TableName TABLE = TableName.of("follow");
    private static final JobType WORK = JobType.of(1);
    private static final JobType NEXT = JobType.of(2);
    private static final JobType ON_FAILURE = JobType.of(3);
    private static final JobType CALLBACK = JobType.of(4);
    private static final Tenant TENANT = Tenant.of(2);
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final Instant NOW = Instant.parse("2030-03-04T05:06:07Z");

    private static TestSchema schema;
    private static DataSource dataSource;
    private final MutableClock clock = new MutableClock(NOW);
    private JobQueue queue;
    private JdbcTemplate jdbc;

    @BeforeAll
    static void createTables(TestSchema testSchema) {
        schema = testSchema;
        dataSource = schema.dataSource();
        JobQueueSchema.migrate(dataSource, TABLE);
    }

    @BeforeEach
    void emptyTables() {
        jdbc = new JdbcTemplate(dataSource);
        for (String table :
                List.of("follow", "follow_data", "follow_follow_ups", "follow_batches", "follow_failures")) {
            jdbc.execute("TRUNCATE TABLE " + table);
        }
        queue = JobQueue.create(
                dataSource, JobQueueSettings.defaults().withTable(TABLE).withClock(clock));
    }

    private static NewJob job(JobType type) {
        return NewJob.of(type).tenant(TENANT);
    }

    private static JobChain thenAndOnFailure(NewJob work) {
        return new JobChain(
                work,
                List.of(JobChain.of(job(NEXT).properties(Map.of("step", 2)))),
                List.of(JobChain.of(job(ON_FAILURE))));
    }

    private ClaimedJob claimOne(JobType type) {
        List<ClaimedJob> jobs = queue.claim(TENANT, type, 10, LEASE).jobs();
        assertThat(jobs).hasSize(1);
        return jobs.get(0);
    }

    private List<JobDetails> jobsOf(JobType type) {
        return jdbc
                .queryForList("SELECT id FROM follow WHERE job_type = ? ORDER BY id", String.class, type.id())
                .stream()
                .map(id -> queue.details(JobId.parse(id)).orElseThrow())
                .toList();
    }

    private int pendingFollowUps() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM follow_follow_ups", Integer.class);
    }

    @Test
    void theNextJobIsScheduledWhenTheJobSucceedsAndNotBefore() {
        JobId first = queue.scheduleChain(thenAndOnFailure(job(WORK)));

        assertThat(jobsOf(NEXT)).isEmpty();
        assertThat(pendingFollowUps()).isEqualTo(2);
        ClaimedJob claimed = claimOne(WORK);
        assertThat(claimed.hasFollowUps()).isTrue();
        assertThat(queue.completeAll(List.of(claimed))).isEmpty();

        assertThat(queue.details(first).orElseThrow().subState()).isEqualTo(30);
        List<JobDetails> next = jobsOf(NEXT);
        assertThat(next).hasSize(1);
        assertThat(next.get(0).state()).isEqualTo(JobState.SCHEDULED);
        assertThat(next.get(0).tenant()).isEqualTo(TENANT);
        assertThat(next.get(0).properties()).isEqualTo("{\"step\":2}");
        assertThat(next.get(0).processAt()).isEqualTo(NOW);
        assertThat(jobsOf(ON_FAILURE)).isEmpty();
        assertThat(pendingFollowUps()).isZero();
    }

    @Test
    void aJobNobodyFollowsCarriesNoFlag() {
        JobId plain = queue.schedule(job(WORK));

        assertThat(jdbc.queryForObject(
                        "SELECT has_follow_ups FROM follow_data WHERE id = ?", Integer.class, plain.value()))
                .isNull();
        ClaimedJob claimed = claimOne(WORK);
        assertThat(claimed.hasFollowUps()).isFalse();
        queue.completeAll(List.of(claimed));
        assertThat(jobsOf(NEXT)).isEmpty();
    }

    @Test
    void aContinuationWaitsThroughRetriesOfItsJob() {
        queue.scheduleChain(thenAndOnFailure(job(WORK).executions(3)));

        queue.failAndRetry(claimOne(WORK), NOW);
        assertThat(jobsOf(NEXT)).isEmpty();
        assertThat(jobsOf(ON_FAILURE)).isEmpty();
        ClaimedJob retry = claimOne(WORK);
        assertThat(retry.attempt()).isEqualTo(2);
        assertThat(retry.hasFollowUps()).isTrue();
        queue.completeAll(List.of(retry));

        assertThat(jobsOf(NEXT)).hasSize(1);
        assertThat(jobsOf(ON_FAILURE)).isEmpty();
    }

    @Test
    void aJobThatFailsForGoodSchedulesTheFailureJobInsteadOfTheNextOne() {
        queue.scheduleChain(thenAndOnFailure(job(WORK).executions(2)));

        queue.failAndRetry(claimOne(WORK), NOW);
        Transition last = queue.failAndRetry(claimOne(WORK), NOW);

        assertThat(last.to().code()).isEqualTo(43);
        assertThat(jobsOf(NEXT)).isEmpty();
        assertThat(jobsOf(ON_FAILURE)).hasSize(1);
        assertThat(pendingFollowUps()).isZero();
    }

    @Test
    void aFailureThatIsNotRetriedAlsoSchedulesTheFailureJob() {
        queue.scheduleChain(thenAndOnFailure(job(WORK).executions(5)));

        queue.failWithoutRetry(claimOne(WORK));

        assertThat(jobsOf(NEXT)).isEmpty();
        assertThat(jobsOf(ON_FAILURE)).hasSize(1);
    }

    @Test
    void aCancelledJobSchedulesNeither() {
        JobId first = queue.scheduleChain(thenAndOnFailure(job(WORK)));

        queue.cancel(first);

        assertThat(jobsOf(NEXT)).isEmpty();
        assertThat(jobsOf(ON_FAILURE)).isEmpty();
        assertThat(pendingFollowUps()).isZero();
    }

    @Test
    void aJobWhoseWorkerDiedOnItsLastExecutionSchedulesTheFailureJob() {
        queue.scheduleChain(thenAndOnFailure(job(WORK).executions(1)));
        queue.recordStarts(List.of(claimOne(WORK)));
        clock.advance(LEASE.plusSeconds(1));

        assertThat(queue.recoverExpiredLeases(
                        TENANT, WORK, 10, RetryPolicy.fixedDelay(Duration.ofSeconds(1)), 0, "test"))
                .isEqualTo(1);

        assertThat(jobsOf(NEXT)).isEmpty();
        assertThat(jobsOf(ON_FAILURE)).hasSize(1);
    }

    @Test
    void chainsFollowLinkByLink() {
        JobChain third = JobChain.of(job(CALLBACK));
        JobChain second = new JobChain(job(NEXT), List.of(third), List.of());
        queue.scheduleChain(new JobChain(job(WORK), List.of(second), List.of()));

        queue.completeAll(List.of(claimOne(WORK)));
        assertThat(jobsOf(CALLBACK)).isEmpty();
        ClaimedJob next = claimOne(NEXT);
        assertThat(next.hasFollowUps()).isTrue();
        queue.completeAll(List.of(next));

        assertThat(jobsOf(CALLBACK)).hasSize(1);
        assertThat(pendingFollowUps()).isZero();
    }

    @Test
    void badInputInAFollowingJobWritesNothing() {
        JobChain bad = new JobChain(job(WORK), List.of(JobChain.of(job(NEXT).executions(0))), List.of());

        assertThatExceptionOfType(InvalidJobInputException.class)
                .isThrownBy(() -> queue.scheduleChain(bad))
                .satisfies(e -> assertThat(e.field()).isEqualTo("executions"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM follow", Integer.class))
                .isZero();
        assertThat(pendingFollowUps()).isZero();
    }

    @Test
    void theCallbackRunsOnceWhenEveryMemberFinishedWithTheCounts() {
        List<JobChain> members = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            members.add(JobChain.of(job(WORK).executions(1).properties(Map.of("n", i))));
        }
        Batch batch = queue.scheduleBatch(members, JobChain.of(job(CALLBACK).properties(Map.of("report", "x"))));

        assertThat(batch.members()).hasSize(4);
        List<ClaimedJob> claimed = queue.claim(TENANT, WORK, 10, LEASE).jobs();
        assertThat(claimed).hasSize(4);
        queue.completeAll(claimed.subList(0, 2));
        queue.failWithoutRetry(claimed.get(2));
        BatchProgress running = queue.batch(batch.id()).orElseThrow();
        assertThat(running.total()).isEqualTo(4);
        assertThat(running.succeeded()).isEqualTo(2);
        assertThat(running.failed()).isEqualTo(1);
        assertThat(running.remaining()).isEqualTo(1);
        assertThat(running.finished()).isFalse();
        assertThat(jobsOf(CALLBACK)).isEmpty();

        queue.cancel(claimed.get(3).id());

        BatchProgress done = queue.batch(batch.id()).orElseThrow();
        assertThat(done.cancelled()).isEqualTo(1);
        assertThat(done.remaining()).isZero();
        assertThat(done.finishedAt()).isEqualTo(NOW);
        List<JobDetails> callbacks = jobsOf(CALLBACK);
        assertThat(callbacks).hasSize(1);
        assertThat(callbacks.get(0).id()).isEqualTo(batch.callback());
        assertThat(callbacks.get(0).properties())
                .isEqualTo("{\"report\":\"x\",\"batch\":{\"id\":\"" + batch.id()
                        + "\",\"total\":4,\"succeeded\":2,\"failed\":1,\"cancelled\":1}}");
        assertThat(pendingFollowUps()).isZero();
    }

    /** A queue whose jobs of type {@code WORK} complete their scheduled siblings by correlation id. */
    private JobQueue correlatedQueue() {
        return JobQueue.create(
                dataSource,
                JobQueueSettings.defaults()
                        .withTable(TABLE)
                        .withClock(clock)
                        .withCorrelationScope(WORK, CorrelationScope.TYPE));
    }

    @Test
    void aBatchMemberCompletedByCorrelationIsCountedAndTheBatchFinishes() {
        JobQueue correlated = correlatedQueue();
        JobChain runs = JobChain.of(job(WORK).correlationId("order-1"));
        JobChain sibling = JobChain.of(job(WORK).correlationId("order-1").runAt(NOW.plusSeconds(60)));
        JobChain other = JobChain.of(job(WORK));
        Batch batch = correlated.scheduleBatch(List.of(runs, sibling, other), JobChain.of(job(CALLBACK)));
        JobId siblingId = batch.members().get(1);
        List<ClaimedJob> claimed = correlated.claim(TENANT, WORK, 10, LEASE).jobs();
        assertThat(claimed).extracting(ClaimedJob::id).doesNotContain(siblingId).hasSize(2);
        ClaimedJob runsJob = claimed.stream()
                .filter(j -> j.id().equals(batch.members().get(0)))
                .findFirst()
                .orElseThrow();
        ClaimedJob otherJob = claimed.stream()
                .filter(j -> j.id().equals(batch.members().get(2)))
                .findFirst()
                .orElseThrow();

        assertThat(correlated.completeAll(List.of(runsJob))).isEmpty();

        assertThat(correlated.details(siblingId).orElseThrow())
                .extracting(JobDetails::state, JobDetails::subState)
                .containsExactly(JobState.DONE, 31);
        BatchProgress running = correlated.batch(batch.id()).orElseThrow();
        assertThat(running.succeeded())
                .as("the member that ran and its sibling")
                .isEqualTo(2);
        assertThat(running.remaining()).isEqualTo(1);
        assertThat(running.finished()).isFalse();
        assertThat(jobsOf(CALLBACK)).isEmpty();

        correlated.completeAll(List.of(otherJob));

        BatchProgress done = correlated.batch(batch.id()).orElseThrow();
        assertThat(done.succeeded()).isEqualTo(3);
        assertThat(done.failed()).isZero();
        assertThat(done.cancelled()).isZero();
        assertThat(done.remaining()).isZero();
        assertThat(done.finishedAt()).isEqualTo(NOW);
        List<JobDetails> callbacks = jobsOf(CALLBACK);
        assertThat(callbacks).hasSize(1);
        assertThat(callbacks.get(0).id()).isEqualTo(batch.callback());
        assertThat(callbacks.get(0).properties())
                .isEqualTo("{\"batch\":{\"id\":\"" + batch.id()
                        + "\",\"total\":3,\"succeeded\":3,\"failed\":0,\"cancelled\":0}}");
        assertThat(pendingFollowUps()).isZero();
    }

    @Test
    void theContinuationOfAJobCompletedByCorrelationIsScheduled() {
        JobQueue correlated = correlatedQueue();
        JobId followed = correlated.scheduleChain(
                thenAndOnFailure(job(WORK).correlationId("order-1").runAt(NOW.plusSeconds(60))));
        JobId plainSibling =
                correlated.schedule(job(WORK).correlationId("order-1").runAt(NOW.plusSeconds(60)));
        correlated.schedule(job(WORK).correlationId("order-1"));

        // The single completion path (the batched one is the batch test's).
        correlated.complete(claimOne(WORK));

        for (JobId id : List.of(followed, plainSibling)) {
            assertThat(correlated.details(id).orElseThrow())
                    .as("job %s", id)
                    .extracting(JobDetails::state, JobDetails::subState)
                    .containsExactly(JobState.DONE, 31);
        }
        List<JobDetails> next = jobsOf(NEXT);
        assertThat(next).hasSize(1);
        assertThat(next.get(0).state()).isEqualTo(JobState.SCHEDULED);
        assertThat(next.get(0).properties()).isEqualTo("{\"step\":2}");
        assertThat(next.get(0).processAt()).isEqualTo(NOW);
        assertThat(jobsOf(ON_FAILURE)).isEmpty();
        assertThat(pendingFollowUps()).isZero();
    }

    @Test
    void recentBatchesAreTheNewestFirstAndAPendingMemberNamesItsBatch() {
        Batch first = queue.scheduleBatch(List.of(JobChain.of(job(WORK).executions(1))), null);
        clock.advance(Duration.ofSeconds(1));
        Batch second = queue.scheduleBatch(
                List.of(
                        JobChain.of(job(WORK).executions(1)),
                        JobChain.of(job(WORK).executions(1))),
                JobChain.of(job(CALLBACK)));
        clock.advance(Duration.ofSeconds(1));
        Batch third = queue.scheduleBatch(List.of(JobChain.of(job(WORK).executions(1))), null);

        List<BatchProgress> newest = queue.recentBatches(2);
        String member = queue.details(second.members().get(0)).orElseThrow().retryGroup();

        assertThat(newest).extracting(BatchProgress::id).containsExactly(third.id(), second.id());
        assertThat(newest.get(1).total()).isEqualTo(2);
        assertThat(newest.get(1).callback()).isEqualTo(second.callback());
        assertThat(queue.recentBatches(10))
                .extracting(BatchProgress::id)
                .containsExactly(third.id(), second.id(), first.id());
        assertThat(queue.batchOfMember(member)).contains(second.id());
        assertThat(queue.batchOfMember("no-such-group")).isEmpty();
        assertThatExceptionOfType(InvalidJobInputException.class)
                .isThrownBy(() -> queue.recentBatches(0))
                .satisfies(e -> assertThat(e.field()).isEqualTo("limit"));
        assertThatExceptionOfType(InvalidJobInputException.class)
                .isThrownBy(() -> queue.recentBatches(JobQueue.MAX_RECENT_BATCHES + 1));
    }

    @Test
    void aFinishedMemberNoLongerNamesItsBatch() {
        Batch batch = queue.scheduleBatch(List.of(JobChain.of(job(WORK).executions(1))), JobChain.of(job(CALLBACK)));
        String group = queue.details(batch.members().get(0)).orElseThrow().retryGroup();
        assertThat(queue.batchOfMember(group)).contains(batch.id());

        queue.completeAll(queue.claim(TENANT, WORK, 10, LEASE).jobs());

        assertThat(queue.batchOfMember(group)).isEmpty();
        assertThat(queue.batch(batch.id()).orElseThrow().succeeded()).isEqualTo(1);
    }

    @Test
    void aBatchNeedsMembers() {
        assertThatExceptionOfType(InvalidJobInputException.class)
                .isThrownBy(() -> queue.scheduleBatch(List.of(), JobChain.of(job(CALLBACK))))
                .satisfies(e -> assertThat(e.field()).isEqualTo("members"));
        assertThat(queue.batch("00000000-0000-0000-0000-000000000000")).isEmpty();
    }

    /**
     * Two queue instances with their own pools, as two processes, four claimers each, complete the
     * members of one batch in small batches at the same time: every counting update takes the batch
     * row's lock, so exactly one transaction leaves none remaining and inserts the callback.
     */
    @Test
    void membersEndingOnTwoNodesAtOnceGiveExactlyOneCallback() throws Exception {
        JobQueueSettings settings = JobQueueSettings.defaults().withTable(TABLE).withClock(clock);
        JobQueue nodeOne = JobQueue.create(schema.newDataSource(5), settings);
        JobQueue nodeTwo = JobQueue.create(schema.newDataSource(5), settings);
        int total = 400;
        List<JobChain> members = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            members.add(JobChain.of(job(WORK).executions(1).properties(Map.of("n", i))));
        }
        Batch batch = nodeOne.scheduleBatch(members, JobChain.of(job(CALLBACK)));

        AtomicInteger failed = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<?>> claimers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            JobQueue node = t % 2 == 0 ? nodeOne : nodeTwo;
            claimers.add(threads.submit(() -> {
                List<ClaimedJob> jobs;
                while (!(jobs = node.claim(TENANT, WORK, 3, LEASE).jobs()).isEmpty()) {
                    List<ClaimedJob> succeed = new ArrayList<>();
                    for (ClaimedJob job : jobs) {
                        if (Integer.parseInt(job.properties().replaceAll("\\D", "")) % 7 == 0) {
                            node.failWithoutRetry(job);
                            failed.incrementAndGet();
                        } else {
                            succeed.add(job);
                        }
                    }
                    assertThat(node.completeAll(succeed)).isEmpty();
                }
                return null;
            }));
        }
        for (Future<?> claimer : claimers) {
            claimer.get();
        }
        threads.shutdown();

        BatchProgress progress = queue.batch(batch.id()).orElseThrow();
        assertThat(failed.get()).isEqualTo(58);
        assertThat(progress.succeeded()).isEqualTo(total - 58);
        assertThat(progress.failed()).isEqualTo(58);
        assertThat(progress.remaining()).isZero();
        assertThat(progress.finished()).isTrue();
        List<JobDetails> callbacks = jobsOf(CALLBACK);
        assertThat(callbacks).hasSize(1);
        assertThat(callbacks.get(0).properties()).contains("\"succeeded\":342,\"failed\":58,\"cancelled\":0");
    }

    /**
     * Members sharing correlation ids, claimed and completed on two nodes at once: a member is
     * either run (30) or completed by a sibling's success (31), never both, and each is counted
     * once, whichever transaction ended it.
     */
    @Test
    void membersCompletedByCorrelationOnTwoNodesAtOnceAreEachCountedOnce() throws Exception {
        JobQueueSettings settings = JobQueueSettings.defaults()
                .withTable(TABLE)
                .withClock(clock)
                .withCorrelationScope(WORK, CorrelationScope.TYPE);
        JobQueue nodeOne = JobQueue.create(schema.newDataSource(5), settings);
        JobQueue nodeTwo = JobQueue.create(schema.newDataSource(5), settings);
        int total = 300;
        List<JobChain> members = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            members.add(JobChain.of(job(WORK).correlationId("order-" + i % 30)));
        }
        Batch batch = nodeOne.scheduleBatch(members, JobChain.of(job(CALLBACK)));

        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<?>> claimers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            JobQueue node = t % 2 == 0 ? nodeOne : nodeTwo;
            claimers.add(threads.submit(() -> {
                List<ClaimedJob> jobs;
                while (!(jobs = node.claim(TENANT, WORK, 3, LEASE).jobs()).isEmpty()) {
                    assertThat(node.completeAll(jobs)).isEmpty();
                }
                return null;
            }));
        }
        for (Future<?> claimer : claimers) {
            claimer.get();
        }
        threads.shutdown();

        Map<String, Object> ends = jdbc.queryForMap("SELECT SUM(sub_state = 30) AS ran, SUM(sub_state = 31) AS"
                + " correlated, COUNT(*) AS all_rows FROM follow WHERE job_type = " + WORK.id());
        assertThat(((Number) ends.get("all_rows")).intValue()).isEqualTo(total);
        assertThat(((Number) ends.get("ran")).intValue() + ((Number) ends.get("correlated")).intValue())
                .isEqualTo(total);
        assertThat(((Number) ends.get("correlated")).intValue())
                .as("members completed by correlation")
                .isPositive();
        BatchProgress progress = queue.batch(batch.id()).orElseThrow();
        assertThat(progress.succeeded()).isEqualTo(total);
        assertThat(progress.remaining()).isZero();
        assertThat(progress.finished()).isTrue();
        List<JobDetails> callbacks = jobsOf(CALLBACK);
        assertThat(callbacks).hasSize(1);
        assertThat(callbacks.get(0).properties()).contains("\"succeeded\":300,\"failed\":0,\"cancelled\":0");
        assertThat(pendingFollowUps()).isZero();
    }

    /**
     * The flag on the data row is what keeps completions of jobs nobody follows as cheap as before:
     * on one connection, the server's own statement counters show that completing such a job reads
     * and deletes nothing, and completing a followed one runs one read and one delete more.
     */
    @Test
    void completingAJobNobodyFollowsRunsNoStatementForFollowUps() {
        SingleConnectionDataSource single =
                new SingleConnectionDataSource(schema.jdbcUrl(), schema.user(), schema.password(), true);
        try {
            JobQueue oneConnection = JobQueue.create(
                    single, JobQueueSettings.defaults().withTable(TABLE).withClock(clock));
            JobId plain = oneConnection.schedule(job(WORK));
            JobId followed = oneConnection.scheduleChain(thenAndOnFailure(job(WORK)));
            List<ClaimedJob> claimed =
                    oneConnection.claim(TENANT, WORK, 10, LEASE).jobs();
            ClaimedJob plainJob = claimed.stream()
                    .filter(j -> j.id().equals(plain))
                    .findFirst()
                    .orElseThrow();
            ClaimedJob followedJob = claimed.stream()
                    .filter(j -> j.id().equals(followed))
                    .findFirst()
                    .orElseThrow();
            JdbcTemplate counters = new JdbcTemplate(single);

            Map<String, Long> before = statementCounts(counters);
            oneConnection.completeAll(List.of(plainJob));
            Map<String, Long> afterPlain = statementCounts(counters);
            oneConnection.completeAll(List.of(followedJob));
            Map<String, Long> afterFollowed = statementCounts(counters);

            assertThat(afterPlain.get("Com_select") - before.get("Com_select"))
                    .as("reads, plain")
                    .isZero();
            assertThat(afterPlain.get("Com_delete") - before.get("Com_delete"))
                    .as("deletes, plain")
                    .isZero();
            assertThat(afterPlain.get("Com_insert") - before.get("Com_insert"))
                    .as("inserts, plain")
                    .isZero();
            assertThat(afterFollowed.get("Com_select") - afterPlain.get("Com_select"))
                    .as("reads, followed")
                    .isEqualTo(1);
            assertThat(afterFollowed.get("Com_delete") - afterPlain.get("Com_delete"))
                    .as("deletes, followed")
                    .isEqualTo(1);
            assertThat(afterFollowed.get("Com_insert") - afterPlain.get("Com_insert"))
                    .as("inserts, followed: the next job's two rows")
                    .isEqualTo(2);
        } finally {
            single.destroy();
        }
    }

    /**
     * Completing a job whose sibling is completed by correlation reads only the siblings (which
     * joins their data rows' flag): when no sibling is followed, nothing is read, deleted or
     * inserted for follow-ups.
     */
    @Test
    void siblingsNobodyFollowsCostNoStatementForFollowUps() {
        SingleConnectionDataSource single =
                new SingleConnectionDataSource(schema.jdbcUrl(), schema.user(), schema.password(), true);
        try {
            JobQueue oneConnection = JobQueue.create(
                    single,
                    JobQueueSettings.defaults()
                            .withTable(TABLE)
                            .withClock(clock)
                            .withCorrelationScope(WORK, CorrelationScope.TYPE));
            JobId sibling =
                    oneConnection.schedule(job(WORK).correlationId("order-1").runAt(NOW.plusSeconds(60)));
            oneConnection.schedule(job(WORK).correlationId("order-1"));
            List<ClaimedJob> claimed =
                    oneConnection.claim(TENANT, WORK, 10, LEASE).jobs();
            assertThat(claimed).hasSize(1);
            JdbcTemplate counters = new JdbcTemplate(single);

            Map<String, Long> before = statementCounts(counters);
            oneConnection.completeAll(claimed);
            Map<String, Long> after = statementCounts(counters);

            assertThat(oneConnection.details(sibling).orElseThrow().subState()).isEqualTo(31);
            assertThat(after.get("Com_select") - before.get("Com_select"))
                    .as("reads: the siblings only")
                    .isEqualTo(1);
            assertThat(after.get("Com_delete") - before.get("Com_delete"))
                    .as("deletes")
                    .isZero();
            assertThat(after.get("Com_insert") - before.get("Com_insert"))
                    .as("inserts")
                    .isZero();
        } finally {
            single.destroy();
        }
    }

    private static Map<String, Long> statementCounts(JdbcTemplate jdbc) {
        Map<String, Long> counts = new java.util.HashMap<>();
        jdbc.query("SHOW SESSION STATUS WHERE Variable_name IN ('Com_select', 'Com_delete', 'Com_insert')", rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        });
        return counts;
    }
}
