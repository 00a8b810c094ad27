package dev.jobqueue.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.test.MutableClock;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A session in a time zone with daylight saving (Europe/Berlin, as a server whose own zone is
 * Berlin gives every session that does not set one), around the night the clocks jump from
 * 02:00 to 03:00 (2027-03-28) and the night they fall back (2027-10-31). Jobs due then are found
 * by their key, claimed once, and completed.
 */
@ExtendWith(TestDatabaseExtension.class)
class DaylightSavingIntegrationTests {

    private static final String ZONE = "Europe/Berlin";
    private static final TableName TABLE = TableName.of("dst");
    private static final Tenant TENANT = Tenant.of(1);

    private static DataSource berlin;

    @BeforeAll
    static void openSessionsInBerlin(TestSchema schema) {
        Assumptions.assumeTrue(
                ServerTimeZones.ensureLoaded(schema.dataSource(), ZONE),
                "the server does not know the zone " + ZONE + " and its mysql.time_zone tables could not be filled");
        JobQueueSchema.migrate(schema.dataSource(), TABLE);
        berlin = schema.newDataSource(4, "sessionVariables=time_zone='" + ZONE + "'");
    }

    @Test
    void theSessionsReallyRunInBerlin() {
        JdbcTemplate jdbc = new JdbcTemplate(berlin);
        assertThat(jdbc.queryForObject("SELECT @@session.time_zone", String.class))
                .isEqualTo(ZONE);
        assertThat(jdbc.queryForObject(
                        "SELECT CAST(CONVERT_TZ('2027-03-28 01:30:00', '+00:00', @@session.time_zone)" + " AS CHAR)",
                        String.class))
                .as("01:30 UTC is 03:30 summer time")
                .isEqualTo("2027-03-28 03:30:00");
    }

    @Test
    void aJobDueAtHalfPastTwoLocalOnTheSpringForwardDayIsFoundClaimedAndCompleted() {
        // 02:30 does not exist in Berlin that night; java.time moves it to 03:30 summer time, 01:30 UTC.
        Instant halfPastTwoLocal = LocalDateTime.parse("2027-03-28T02:30:00")
                .atZone(ZoneId.of(ZONE))
                .toInstant();

        runOnceAndComplete(JobType.of(1), halfPastTwoLocal, halfPastTwoLocal);
    }

    @Test
    void aJobDueInTheHourTheSessionZoneSkipsRunsAtTheEndOfThatHourNeverEarly() {
        // The queue writes UTC wall-clock text; "2027-03-28 02:30:00" is a local time Berlin skips,
        // which the server refuses (or, in a lenient SQL mode, stores as another time).
        runOnceAndComplete(JobType.of(2), Instant.parse("2027-03-28T02:30:00Z"), Instant.parse("2027-03-28T03:00:00Z"));
    }

    @Test
    void leasesAndRetriesEndingInTheSkippedHourAreWrittenAndTheRetryRunsAtItsEnd() {
        JobType type = JobType.of(4);
        Instant start = Instant.parse("2027-03-28T01:50:00Z");
        MutableClock clock = new MutableClock(start);
        JobQueue queue = JobQueue.create(
                berlin, JobQueueSettings.defaults().withTable(TABLE).withClock(clock));
        JobId id = queue.schedule(NewJob.of(type).tenant(TENANT).runAt(start).executions(2));

        ClaimedJob job =
                queue.claim(TENANT, type, 1, Duration.ofMinutes(20)).jobs().get(0);
        assertThat(job.id()).isEqualTo(id);
        assertThat(queue.details(id).orElseThrow().leaseExpiresAt())
                .as("02:10 moves to the end of the skipped hour")
                .isEqualTo(Instant.parse("2027-03-28T03:00:00Z"));
        job = queue.heartbeat(job, Duration.ofMinutes(25));
        queue.failAndRetry(job, Instant.parse("2027-03-28T02:15:00Z"));

        JobDetails retry = queue.findByRetryGroup(job.retryGroup()).stream()
                .filter(row -> !row.id().equals(id))
                .findFirst()
                .orElseThrow();
        assertThat(retry.processAt()).isEqualTo(Instant.parse("2027-03-28T03:00:00Z"));
        assertThat(queue.details(retry.id()).orElseThrow().part())
                .isEqualTo(retry.id().part());
        clock.set(Instant.parse("2027-03-28T02:59:59Z"));
        assertThat(queue.claim(TENANT, type, 1, Duration.ofMinutes(1)).jobs()).isEmpty();
        clock.set(Instant.parse("2027-03-28T03:00:00Z"));
        ClaimedJob second =
                queue.claim(TENANT, type, 1, Duration.ofMinutes(1)).jobs().get(0);
        assertThat(second.id()).isEqualTo(retry.id());
        queue.complete(second);
        assertThat(queue.countByState(TENANT, type))
                .containsEntry(JobState.DONE, 1L)
                .containsEntry(JobState.FAILED, 1L);
    }

    @Test
    void aJobWhoseUtcWallClockTextFallsIntoTheRepeatedHourIsFoundClaimedAndCompleted() {
        // "2027-10-31 02:30:00" happens twice in Berlin.
        Instant repeated = Instant.parse("2027-10-31T02:30:00Z");
        runOnceAndComplete(JobType.of(3), repeated, repeated);
    }

    /** Schedules a job at {@code runAt} and expects it due, claimed and completed at {@code due}. */
    private static void runOnceAndComplete(JobType type, Instant runAt, Instant due) {
        MutableClock clock = new MutableClock(runAt.minus(Duration.ofHours(3)));
        JobQueue queue = JobQueue.create(
                berlin, JobQueueSettings.defaults().withTable(TABLE).withClock(clock));
        JobId id = queue.schedule(NewJob.of(type).tenant(TENANT).runAt(runAt));

        JobDetails scheduled = queue.details(id).orElseThrow();
        assertThat(scheduled.processAt()).isEqualTo(due);
        assertThat(scheduled.part()).isEqualTo(id.part());
        assertThat(queue.claim(TENANT, type, 10, Duration.ofMinutes(1)).jobs())
                .as("not due yet")
                .isEmpty();

        clock.set(due.minusSeconds(1));
        assertThat(queue.claim(TENANT, type, 10, Duration.ofMinutes(1)).jobs())
                .as("one second early")
                .isEmpty();
        clock.set(due);
        List<ClaimedJob> claimed =
                queue.claim(TENANT, type, 10, Duration.ofMinutes(1)).jobs();
        assertThat(claimed).extracting(ClaimedJob::id).containsExactly(id);
        assertThat(claimed.get(0).processAt()).isEqualTo(due);
        queue.complete(claimed.get(0));

        assertThat(queue.details(id).orElseThrow().state()).isEqualTo(JobState.DONE);
        assertThat(queue.claim(TENANT, type, 10, Duration.ofMinutes(1)).jobs()).isEmpty();
        assertThat(queue.countByState(TENANT, type))
                .containsEntry(JobState.DONE, 1L)
                .containsEntry(JobState.SCHEDULED, 0L)
                .containsEntry(JobState.PROCESSING, 0L);
    }
}
