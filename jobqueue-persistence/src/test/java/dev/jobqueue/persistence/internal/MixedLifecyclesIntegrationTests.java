package dev.jobqueue.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.lifecycle.JobEvent;
import dev.jobqueue.lifecycle.JobLifecycle;
import dev.jobqueue.test.MutableClock;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two nodes on the same tables with different lifecycles, as during a rolling deployment that
 * adds a sub-state: one knows SCHEDULED/12 "awaiting-approval" and PROCESSING/21
 * "awaiting-callback", the other only the standard lifecycle. The unaware node leaves every
 * job in a sub-state it does not know as it is, and still serves the jobs it knows.
 */
@ExtendWith(TestDatabaseExtension.class)
class MixedLifecyclesIntegrationTests {

    private static final TableName TABLE = TableName.of("mixed");
    private static final JobType TYPE = JobType.of(1);
    private static final Tenant TENANT = Tenant.of(1);
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Instant NOW = Instant.parse("2030-03-04T05:06:07Z");
    private static final SubState AWAITING_APPROVAL = SubState.of(12);
    private static final SubState AWAITING_CALLBACK = SubState.of(21);
    private static final JobEvent HOLD = JobEvent.of("hold");
    private static final JobEvent APPROVE = JobEvent.of("approve");
    private static final JobEvent AWAIT_CALLBACK = JobEvent.of("await-callback");
    private static final RetryPolicy AT_ONCE = RetryPolicy.fixedDelay(Duration.ZERO);

    private final MutableClock clock = new MutableClock(NOW);
    private JobQueue aware;
    private JobQueue unaware;
    private JdbcTemplate jdbc;

    @BeforeEach
    void twoNodes(TestSchema schema) {
        JobQueueSchema.migrate(schema.dataSource(), TABLE);
        jdbc = new JdbcTemplate(schema.dataSource());
        jdbc.execute("TRUNCATE TABLE mixed");
        jdbc.execute("TRUNCATE TABLE mixed_data");
        // 12 is completed by correlation, and 21 recovered on a lost lease, as their parent states are.
        JobLifecycle custom = JobLifecycle.builder()
                .customize(definition -> definition
                        .subState(AWAITING_APPROVAL, "awaiting-approval")
                        .transition(SubState.SCHEDULED, HOLD, AWAITING_APPROVAL)
                        .transition(AWAITING_APPROVAL, APPROVE, SubState.SCHEDULED)
                        .subState(AWAITING_CALLBACK, "awaiting-callback")
                        .transition(SubState.PROCESSING, AWAIT_CALLBACK, AWAITING_CALLBACK)
                        .transition(AWAITING_CALLBACK, JobEvent.COMPLETE, SubState.DONE))
                .build();
        JobQueueSettings settings = JobQueueSettings.defaults().withTable(TABLE).withClock(clock);
        var awarePool = schema.newDataSource(2);
        aware = new JobQueue(
                awarePool,
                new DataSourceTransactionManager(awarePool),
                settings,
                custom,
                JsonMapper.builder().build());
        unaware = JobQueue.create(schema.newDataSource(2), settings);
    }

    @Test
    void theUnawareNodeNeverClaimsNorCorrelationCompletesAJobAwaitingApproval() {
        JobId held = aware.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW).correlationId("order-1"));
        JobId sibling = aware.schedule(
                NewJob.of(TYPE).tenant(TENANT).runAt(NOW.plusSeconds(1)).correlationId("order-1"));
        aware.fire(held, HOLD, null);
        clock.advance(Duration.ofSeconds(2));

        List<ClaimedJob> claimed = unaware.claim(TENANT, TYPE, 10, LEASE).jobs();
        assertThat(claimed).extracting(ClaimedJob::id).containsExactly(sibling);
        unaware.complete(claimed.get(0));

        assertThat(row(held)).containsExactly(1, 12, 2);
        assertThatExceptionOfType(InvalidJobInputException.class)
                .as("an event on a sub-state the node does not know is refused, not guessed")
                .isThrownBy(() -> unaware.fire(held, JobEvent.COMPLETE_BY_CORRELATION, null));
        assertThat(row(held)).containsExactly(1, 12, 2);

        aware.fire(held, APPROVE, null);
        assertThat(unaware.claim(TENANT, TYPE, 10, LEASE).jobs())
                .extracting(ClaimedJob::id)
                .containsExactly(held);
    }

    @Test
    void leaseRecoveryOnTheUnawareNodeSkipsAProcessingSubStateItDoesNotKnowAndRecoversTheRest() {
        JobId awaitingCallback =
                aware.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW).executions(2));
        JobId crashed = aware.schedule(
                NewJob.of(TYPE).tenant(TENANT).runAt(NOW.plusSeconds(1)).executions(2));
        clock.advance(Duration.ofSeconds(2));
        List<ClaimedJob> running = aware.claim(TENANT, TYPE, 10, LEASE).jobs();
        assertThat(running).hasSize(2);
        // Both runs started: recovery fails a started run (41) rather than giving it back.
        aware.recordStarts(running);
        aware.fire(awaitingCallback, AWAIT_CALLBACK, null);
        // The aware node's handler keeps a lease on its callback wait; this one lapsed as well.
        jdbc.update("UPDATE mixed SET lease_expires_at = ? WHERE id = ?", Sql.utc(NOW), awaitingCallback.value());
        clock.advance(LEASE.plusSeconds(1));

        assertThat(unaware.recoverExpiredLeases(TENANT, TYPE, 10, AT_ONCE)).isEqualTo(1);

        assertThat(row(crashed)).as("state, sub-state, version").containsExactly(4, 41, 3);
        assertThat(row(awaitingCallback)).as("untouched").containsExactly(2, 21, 3);
        assertThat(aware.recoverExpiredLeases(TENANT, TYPE, 10, AT_ONCE)).isEqualTo(1);
        assertThat(row(awaitingCallback)).containsExactly(4, 41, 4);
        assertThat(unaware.claim(TENANT, TYPE, 10, LEASE).jobs())
                .as("both retries")
                .hasSize(2);
        assertThat(unaware.countByState(TENANT, TYPE))
                .containsEntry(JobState.PROCESSING, 2L)
                .containsEntry(JobState.FAILED, 2L);
    }

    private List<Integer> row(JobId id) {
        return jdbc.queryForObject(
                "SELECT state, sub_state, version FROM mixed WHERE id = ?",
                (rs, n) -> List.of(rs.getInt(1), rs.getInt(2), rs.getInt(3)),
                id.value());
    }
}
