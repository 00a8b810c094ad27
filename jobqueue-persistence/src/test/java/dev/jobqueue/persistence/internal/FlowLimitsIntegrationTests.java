package dev.jobqueue.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobState;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Concurrency caps and rate limits (issue #17) on the queue itself: several queue instances with
 * pools of their own play the nodes of a cluster.
 */
@ExtendWith(TestDatabaseExtension.class)
class FlowLimitsIntegrationTests {

    private static final JobType TYPE = JobType.of(9);
    private static final Tenant ONE = Tenant.of(1);
    private static final Tenant TWO = Tenant.of(2);
    private static final Duration LEASE = Duration.ofMinutes(5);

    @Test
    void aCapOfTheTypeHoldsAcrossNodesAndClaimsStopAtIt(TestSchema schema) {
        TableName table = migrate(schema, "flow_cap");
        List<JobQueue> nodes = nodes(schema, table, 3);
        nodes.forEach(node -> node.flowLimits().setMaxConcurrency(TYPE, null, 5));
        nodes.get(0).scheduleAll(due(ONE, 20));

        assertThat(nodes.get(0).claim(ONE, TYPE, 3, LEASE).jobs()).hasSize(3);
        assertThat(nodes.get(1).claim(ONE, TYPE, 3, LEASE).jobs()).hasSize(2);
        ClaimBatch refused = nodes.get(2).claim(ONE, TYPE, 3, LEASE);

        assertThat(refused.jobs()).isEmpty();
        assertThat(refused.nextDueAt()).as("a refused claim asks again soon").isNotNull();
        assertThat(running(schema, table)).isEqualTo(5);
        assertThat(nodes.get(2).flowLimits().throttledClaims(TYPE)).isEqualTo(1);
        assertThat(nodes.get(2).flowLimits().running(TYPE)).hasValue(5);
        assertThat(nodes.get(0).countUnfinished(ONE, TYPE)).containsEntry(JobState.SCHEDULED, 15L);
    }

    @Test
    void aCompletionInTheClaimsTransactionFreesItsShareForThatClaim(TestSchema schema) {
        TableName table = migrate(schema, "flow_handover");
        JobQueue node = nodes(schema, table, 1).get(0);
        node.flowLimits().setMaxConcurrency(TYPE, null, 2);
        node.scheduleAll(due(ONE, 5));
        List<ClaimedJob> first = node.claim(ONE, TYPE, 10, LEASE).jobs();
        assertThat(first).hasSize(2);

        CompletedAndClaimed next = node.completeAndClaim(first, ONE, TYPE, 10, LEASE);

        assertThat(next.refused()).isEmpty();
        assertThat(next.claimed().jobs()).hasSize(2);
        assertThat(running(schema, table)).isEqualTo(2);
    }

    @Test
    void aDeadNodesShareComesBackWhenItsLeasesExpire(TestSchema schema) {
        TableName table = migrate(schema, "flow_dead");
        List<JobQueue> nodes = nodes(schema, table, 2);
        nodes.forEach(node -> node.flowLimits().setMaxConcurrency(TYPE, null, 2));
        nodes.get(0).scheduleAll(due(ONE, 6));
        // The node that dies claims with a lease of 1.5 s and never renews it.
        assertThat(nodes.get(0).claim(ONE, TYPE, 2, Duration.ofMillis(1500)).jobs())
                .hasSize(2);
        assertThat(nodes.get(1).claim(ONE, TYPE, 2, LEASE).jobs()).isEmpty();

        long start = System.nanoTime();
        List<ClaimedJob> taken = List.of();
        while (taken.isEmpty() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10)) {
            sleep(50);
            taken = nodes.get(1).claim(ONE, TYPE, 2, LEASE).jobs();
        }

        assertThat(taken)
                .as("claimed once the dead node's leases expired, before any recovery ran")
                .hasSize(2);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void aTenantsCapLimitsOnlyThatTenantAndTheTypesCapStillHolds(TestSchema schema) {
        TableName table = migrate(schema, "flow_tenant");
        JobQueue node = nodes(schema, table, 1).get(0);
        node.flowLimits().setMaxConcurrency(TYPE, ONE, 1);
        node.flowLimits().setMaxConcurrency(TYPE, null, 4);
        node.scheduleAll(due(ONE, 5));
        node.scheduleAll(due(TWO, 5));

        assertThat(node.claim(ONE, TYPE, 5, LEASE).jobs()).hasSize(1);
        assertThat(node.claim(ONE, TYPE, 5, LEASE).jobs()).isEmpty();
        assertThat(node.claim(TWO, TYPE, 5, LEASE).jobs())
                .as("the type's cap of 4 less tenant 1's job")
                .hasSize(3);
        assertThat(node.claim(TWO, TYPE, 5, LEASE).jobs()).isEmpty();
    }

    @Test
    void aRateLimitAdmitsAtMostItsPermitsPerWindowAcrossNodes(TestSchema schema) throws Exception {
        TableName table = migrate(schema, "flow_rate");
        List<JobQueue> nodes = nodes(schema, table, 3);
        RateLimit limit = new RateLimit(7, Duration.ofMillis(200));
        nodes.forEach(node -> node.flowLimits().setRateLimit(TYPE, null, limit));
        nodes.get(0).scheduleAll(due(ONE, 150));

        // Six claimers over three nodes claim and complete as fast as they can.
        ExecutorService threads = Executors.newFixedThreadPool(6);
        AtomicInteger done = new AtomicInteger();
        List<Future<?>> claimers = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            JobQueue node = nodes.get(t % 3);
            claimers.add(threads.submit(() -> {
                while (done.get() < 150) {
                    List<ClaimedJob> jobs = node.claim(ONE, TYPE, 3, 3, LEASE).jobs();
                    if (jobs.isEmpty()) {
                        sleep(2);
                        continue;
                    }
                    node.completeAll(jobs);
                    done.addAndGet(jobs.size());
                }
                return null;
            }));
        }
        for (Future<?> claimer : claimers) {
            claimer.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();

        List<Instant> starts = new JdbcTemplate(schema.dataSource())
                .query(
                        "SELECT run_started_at FROM " + table.jobs() + " WHERE job_type = ?",
                        (rs, n) ->
                                rs.getObject(1, java.time.LocalDateTime.class).toInstant(java.time.ZoneOffset.UTC),
                        TYPE.id());
        java.util.Map<Long, Long> perWindow = new java.util.TreeMap<>();
        starts.forEach(s -> perWindow.merge(Math.floorDiv(s.toEpochMilli(), 200L), 1L, Long::sum));
        assertThat(starts).hasSize(150);
        assertThat(perWindow.values()).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(7));
        assertThat(perWindow.values()).as("the limit is reached").contains(7L);
        assertThat(perWindow.size())
                .as("150 starts at 7 per window need at least 22 windows")
                .isGreaterThanOrEqualTo(22);
    }

    @Test
    void aTenantsRateLimitAndTheTypesApplyTogetherAndJobsOverThemStayScheduled(TestSchema schema) {
        TableName table = migrate(schema, "flow_tenant_rate");
        JobQueue node = nodes(schema, table, 1).get(0);
        // Windows of a day: every claim falls into one unless the test runs across midnight UTC.
        node.flowLimits().setRateLimit(TYPE, null, new RateLimit(5, Duration.ofDays(1)));
        node.flowLimits().setRateLimit(TYPE, ONE, new RateLimit(2, Duration.ofDays(1)));
        node.scheduleAll(due(ONE, 4));
        node.scheduleAll(due(TWO, 4));

        assertThat(node.claim(ONE, TYPE, 10, LEASE).jobs()).hasSize(2);
        ClaimBatch refused = node.claim(ONE, TYPE, 10, LEASE);
        assertThat(refused.jobs()).isEmpty();
        assertThat(refused.nextDueAt()).as("when the next window opens").isAfter(Instant.now());
        assertThat(node.claim(TWO, TYPE, 10, LEASE).jobs())
                .as("the type's 5 less tenant 1's 2")
                .hasSize(3);
        assertThat(node.claim(TWO, TYPE, 10, LEASE).jobs()).isEmpty();
        assertThat(node.countUnfinished(ONE, TYPE)).containsEntry(JobState.SCHEDULED, 2L);
        assertThat(node.countUnfinished(TWO, TYPE)).containsEntry(JobState.SCHEDULED, 1L);
    }

    @Test
    void badLimitsAreRefusedWithTheFieldAndRange(TestSchema schema) {
        FlowLimits limits = new FlowLimits();

        assertThatExceptionOfType(InvalidJobInputException.class)
                .isThrownBy(() -> limits.setMaxConcurrency(TYPE, null, 0))
                .withMessage("maxConcurrency must be between 1 and 100000 but was 0");
        assertThatExceptionOfType(InvalidJobInputException.class)
                .isThrownBy(() -> RateLimit.parse("rate-limit", "ten per second"))
                .withMessageContaining("rate-limit must be permits/interval such as 100/1s");
        assertThatExceptionOfType(InvalidJobInputException.class)
                .isThrownBy(() -> RateLimit.parse("rate-limit", "5/0s"))
                .withMessageContaining("rate-limit must have an interval between 1ms and 1d but was '5/0s'");
        assertThat(limits.limits(TYPE)).isFalse();
        assertThat(RateLimit.parse("r", "100/1s")).isEqualTo(new RateLimit(100, Duration.ofSeconds(1)));
        assertThat(RateLimit.parse("r", "5/250ms")).isEqualTo(new RateLimit(5, Duration.ofMillis(250)));
    }

    @Test
    void withoutLimitsNoLimiterRowIsWritten(TestSchema schema) {
        TableName table = migrate(schema, "flow_none");
        JobQueue node = nodes(schema, table, 1).get(0);
        node.scheduleAll(due(ONE, 3));
        node.flowLimits().setMaxConcurrency(JobType.of(10), null, 1);

        assertThat(node.claim(ONE, TYPE, 10, LEASE).jobs()).hasSize(3);
        Integer rows = new JdbcTemplate(schema.dataSource())
                .queryForObject("SELECT COUNT(*) FROM " + table.flowControl(), Integer.class);
        assertThat(rows).isZero();
    }

    private static TableName migrate(TestSchema schema, String name) {
        TableName table = TableName.of(name);
        JobQueueSchema.migrate(schema.dataSource(), table);
        return table;
    }

    private static List<JobQueue> nodes(TestSchema schema, TableName table, int count) {
        List<JobQueue> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            nodes.add(JobQueue.create(
                    schema.newDataSource(4), JobQueueSettings.defaults().withTable(table)));
        }
        return nodes;
    }

    private static List<NewJob> due(Tenant tenant, int count) {
        List<NewJob> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            jobs.add(NewJob.of(TYPE).tenant(tenant).runAt(Instant.now().minusSeconds(5)));
        }
        return jobs;
    }

    private static int running(TestSchema schema, TableName table) {
        Integer count = new JdbcTemplate(schema.dataSource())
                .queryForObject(
                        "SELECT COUNT(*) FROM " + table.jobs() + " WHERE job_type = ? AND state = 2",
                        Integer.class,
                        TYPE.id());
        return count == null ? 0 : count;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
