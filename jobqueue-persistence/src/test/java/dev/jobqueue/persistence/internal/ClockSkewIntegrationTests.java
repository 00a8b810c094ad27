package dev.jobqueue.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.test.MutableClock;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two nodes whose clocks differ by a minute (node B's runs ahead), each following the database
 * server's clock through {@link DatabaseClock}: B neither runs a job early nor takes the lease
 * of a job A is running. Each test first shows what B's own clock alone would do, so that the
 * setup really provokes the defect the correction prevents.
 */
@ExtendWith(TestDatabaseExtension.class)
class ClockSkewIntegrationTests {

    private static final TableName TABLE = TableName.of("skew");
    private static final Tenant TENANT = Tenant.of(1);
    private static final Duration SKEW = Duration.ofMinutes(1);
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final RetryPolicy AT_ONCE = RetryPolicy.fixedDelay(Duration.ZERO);

    private DataSource poolA;
    private DataSource poolB;
    private DatabaseClock clockA;
    private DatabaseClock clockB;
    private JobQueue nodeA;
    private JobQueue nodeB;
    private JobQueue nodeBUncorrected;

    @BeforeEach
    void twoNodesAMinuteApart(TestSchema schema) {
        JobQueueSchema.migrate(schema.dataSource(), TABLE);
        new JdbcTemplate(schema.dataSource()).execute("TRUNCATE TABLE skew");
        new JdbcTemplate(schema.dataSource()).execute("TRUNCATE TABLE skew_data");
        poolA = schema.newDataSource(2);
        poolB = schema.newDataSource(2);
        Clock aheadByAMinute = Clock.offset(Clock.systemUTC(), SKEW);
        clockA = DatabaseClock.following(poolA, Clock.systemUTC());
        clockB = DatabaseClock.following(poolB, aheadByAMinute);
        JobQueueSettings settings = JobQueueSettings.defaults().withTable(TABLE);
        nodeA = JobQueue.create(poolA, settings.withClock(clockA));
        nodeB = JobQueue.create(poolB, settings.withClock(clockB));
        nodeBUncorrected = JobQueue.create(poolB, settings.withClock(aheadByAMinute));
    }

    @Test
    void bothNodesMeasureTheirOffsetToTheServer() {
        assertThat(clockA.offset().abs())
                .as("A's clock and the server's are the machine's")
                .isLessThan(Duration.ofSeconds(1));
        assertThat(clockB.offset().plus(SKEW).abs()).isLessThan(Duration.ofSeconds(1));
        assertThat(Duration.between(clockA.instant(), clockB.instant()).abs()).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void aClockThatStepsIsCorrectedAgainAfterAMinuteWithoutReadsWaitingForTheDatabase() {
        MutableClock local = new MutableClock(Instant.now());
        DatabaseClock clock = DatabaseClock.following(poolA, local);
        assertThat(clock.offset().abs()).isLessThan(Duration.ofSeconds(1));

        local.advance(DatabaseClock.RESYNC_INTERVAL.plus(SKEW));
        Instant stepped = clock.instant();

        assertThat(Duration.between(local.instant(), stepped).abs())
                .as("the read did not wait for a new offset")
                .isLessThan(Duration.ofSeconds(1));
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(clock.offset()
                                .plus(DatabaseClock.RESYNC_INTERVAL)
                                .plus(SKEW)
                                .abs())
                        .isLessThan(Duration.ofSeconds(1)));
        assertThat(Duration.between(clockA.instant(), clock.instant()).abs()).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void theNodeAheadRunsNoJobEarly() {
        JobType type = JobType.of(1);
        Instant dueInTwentySeconds = clockA.instant().plusSeconds(20);
        JobId job = nodeA.schedule(NewJob.of(type).tenant(TENANT).runAt(dueInTwentySeconds));
        JobType contrast = JobType.of(2);
        JobId early = nodeA.schedule(NewJob.of(contrast).tenant(TENANT).runAt(dueInTwentySeconds));

        assertThat(nodeBUncorrected.claim(TENANT, contrast, 10, LEASE).jobs())
                .as("B's own clock alone claims it 40 seconds early")
                .extracting(ClaimedJob::id)
                .containsExactly(early);
        ClaimBatch batch = nodeB.claim(TENANT, type, 10, LEASE);
        assertThat(batch.jobs()).as("following the server, B waits").isEmpty();
        assertThat(nodeA.details(job).orElseThrow().state()).isEqualTo(JobState.SCHEDULED);
    }

    @Test
    void theNodeAheadTakesNoLeaseFromAHealthyJob() {
        JobType type = JobType.of(3);
        JobId job = nodeA.schedule(
                NewJob.of(type).tenant(TENANT).runAt(clockA.instant().minusSeconds(1)));
        JobType contrast = JobType.of(4);
        nodeA.schedule(NewJob.of(contrast).tenant(TENANT).runAt(clockA.instant().minusSeconds(1)));
        List<ClaimedJob> running = nodeA.claim(TENANT, type, 10, LEASE).jobs();
        assertThat(nodeA.claim(TENANT, contrast, 10, LEASE).jobs()).hasSize(1);

        assertThat(nodeBUncorrected.recoverExpiredLeases(TENANT, contrast, 10, AT_ONCE))
                .as("B's own clock alone sees A's fresh 30-second lease expired")
                .isEqualTo(1);
        assertThat(nodeB.recoverExpiredLeases(TENANT, type, 10, AT_ONCE)).isZero();

        assertThat(running).extracting(ClaimedJob::id).containsExactly(job);
        nodeA.complete(running.get(0));
        assertThat(nodeA.details(job).orElseThrow().state()).isEqualTo(JobState.DONE);
    }
}
