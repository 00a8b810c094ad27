package dev.jobqueue.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
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
        Assumptions.assumeTrue(ServerTimeZones.ensureLoaded(schema.dataSource(), ZONE),
                "the server does not know the zone " + ZONE + " and its mysql.time_zone tables could not be filled");
        JobQueueSchema.migrate(schema.dataSource(), TABLE);
        berlin = schema.newDataSource(4, "sessionVariables=time_zone='" + ZONE + "'");
    }

    @Test
    void theSessionsReallyRunInBerlin() {
        JdbcTemplate jdbc = new JdbcTemplate(berlin);
        assertThat(jdbc.queryForObject("SELECT @@session.time_zone", String.class)).isEqualTo(ZONE);
        assertThat(jdbc.queryForObject("SELECT CAST(CONVERT_TZ('2027-03-28 01:30:00', '+00:00', @@session.time_zone)"
                + " AS CHAR)", String.class)).as("01:30 UTC is 03:30 summer time").isEqualTo("2027-03-28 03:30:00");
    }

    @Test
    void aJobDueAtHalfPastTwoLocalOnTheSpringForwardDayIsFoundClaimedAndCompleted() {
        // 02:30 does not exist in Berlin that night; java.time moves it to 03:30 summer time, 01:30 UTC.
        Instant halfPastTwoLocal = LocalDateTime.parse("2027-03-28T02:30:00").atZone(ZoneId.of(ZONE)).toInstant();

        runOnceAndComplete(JobType.of(1), halfPastTwoLocal);
    }

    @Test
    void aJobWhoseUtcWallClockTextFallsIntoTheSkippedHourIsFoundClaimedAndCompleted() {
        // The queue writes UTC wall-clock text; "2027-03-28 02:30:00" is a local time Berlin skips.
        runOnceAndComplete(JobType.of(2), Instant.parse("2027-03-28T02:30:00Z"));
    }

    @Test
    void aJobWhoseUtcWallClockTextFallsIntoTheRepeatedHourIsFoundClaimedAndCompleted() {
        // "2027-10-31 02:30:00" happens twice in Berlin.
        runOnceAndComplete(JobType.of(3), Instant.parse("2027-10-31T02:30:00Z"));
    }

    private static void runOnceAndComplete(JobType type, Instant runAt) {
        MutableClock clock = new MutableClock(runAt.minus(Duration.ofHours(3)));
        JobQueue queue = JobQueue.create(berlin, JobQueueSettings.defaults().withTable(TABLE).withClock(clock));
        JobId id = queue.schedule(NewJob.of(type).tenant(TENANT).runAt(runAt));

        JobDetails scheduled = queue.details(id).orElseThrow();
        assertThat(scheduled.processAt()).isEqualTo(runAt);
        assertThat(scheduled.part()).isEqualTo(id.part());
        assertThat(queue.claim(TENANT, type, 10, Duration.ofMinutes(1)).jobs()).as("not due yet").isEmpty();

        clock.set(runAt.minusSeconds(1));
        assertThat(queue.claim(TENANT, type, 10, Duration.ofMinutes(1)).jobs()).as("one second early").isEmpty();
        clock.set(runAt);
        List<ClaimedJob> claimed = queue.claim(TENANT, type, 10, Duration.ofMinutes(1)).jobs();
        assertThat(claimed).extracting(ClaimedJob::id).containsExactly(id);
        assertThat(claimed.get(0).processAt()).isEqualTo(runAt);
        queue.complete(claimed.get(0));

        assertThat(queue.details(id).orElseThrow().state()).isEqualTo(JobState.DONE);
        assertThat(queue.claim(TENANT, type, 10, Duration.ofMinutes(1)).jobs()).isEmpty();
        assertThat(queue.countByState(TENANT, type)).containsEntry(JobState.DONE, 1L).containsEntry(JobState.SCHEDULED, 0L)
                .containsEntry(JobState.PROCESSING, 0L);
    }
}
