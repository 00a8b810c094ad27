package dev.jobqueue.recurring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.persistence.internal.JobQueueSchema;
import dev.jobqueue.test.MutableClock;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

/** Recurring jobs (issue #16) through the API, with a clock the test moves: fire times, missed runs, DST. */
@ExtendWith(TestDatabaseExtension.class)
class RecurringJobsIntegrationTests {

    private static final TableName TABLE = TableName.of("recur");
    private static final JobType TYPE = JobType.of(11);
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static TestSchema schema;
    private static DataSource dataSource;
    private final MutableClock clock = MutableClock.at("2030-01-01T10:00:30Z");
    private RecurringNode node;
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
        for (String table : List.of("recur", "recur_data", "recur_schedules")) {
            jdbc.execute("TRUNCATE TABLE " + table);
        }
        node = RecurringNode.over(dataSource, TABLE, clock);
    }

    /** Run times (UTC) of the jobs written, in order. */
    private List<Instant> runTimes() {
        return jdbc.queryForList("SELECT process_at FROM recur ORDER BY process_at", LocalDateTime.class).stream()
                .map(time -> time.toInstant(ZoneOffset.UTC))
                .toList();
    }

    private List<Instant> utc(String... times) {
        return java.util.Arrays.stream(times).map(Instant::parse).toList();
    }

    @Test
    void aCronScheduleWritesOneJobPerFireTimeWithItsPayload() {
        RecurringSchedule created = node.api()
                .create(RecurringJob.cron("every-minute", TYPE, "0 * * * * *")
                        .tenant(4)
                        .payload(Map.of("report", "daily")));
        assertThat(created.nextFireAt()).isEqualTo(Instant.parse("2030-01-01T10:01:00Z"));

        for (int i = 0; i < 6; i++) {
            node.poller().poll();
            clock.advance(Duration.ofSeconds(30));
        }
        node.poller().poll();

        assertThat(runTimes()).isEqualTo(utc("2030-01-01T10:01:00Z", "2030-01-01T10:02:00Z", "2030-01-01T10:03:00Z"));
        assertThat(jdbc.queryForList("SELECT DISTINCT d.properties FROM recur_data d", String.class))
                .containsExactly("{\"report\":\"daily\"}");
        assertThat(jdbc.queryForList("SELECT DISTINCT tenant FROM recur", Integer.class))
                .containsExactly(4);
        RecurringSchedule read = node.api().find("every-minute").orElseThrow();
        assertThat(read.lastFireAt()).isEqualTo(Instant.parse("2030-01-01T10:03:00Z"));
        assertThat(read.nextFireAt()).isEqualTo(Instant.parse("2030-01-01T10:04:00Z"));
        assertThat(read.declared()).isFalse();
        assertThat(read.job().payload()).isEqualTo("{\"report\":\"daily\"}");
    }

    @Test
    void anIdlePollerSleepsUntilTheNextFireTimeWithinOneToTenPollIntervals() {
        node.poller().poll();
        assertThat(node.poller().nextPollIn()).as("no schedule").isEqualTo(Duration.ofSeconds(10));

        // The clock stands at 10:00:30; the first fire time is 10:01:00, 30 s away.
        node.api().create(RecurringJob.cron("every-minute", TYPE, "0 * * * * *"));
        node.poller().poll();
        assertThat(node.poller().nextPollIn()).as("next fire in 30 s").isEqualTo(Duration.ofSeconds(10));

        clock.set(Instant.parse("2030-01-01T10:00:56.500Z"));
        node.poller().poll();
        assertThat(node.poller().nextPollIn()).as("next fire in 3.5 s").isEqualTo(Duration.ofMillis(3_500));

        clock.set(Instant.parse("2030-01-01T10:00:59.500Z"));
        node.poller().poll();
        assertThat(node.poller().nextPollIn())
                .as("never less than the interval")
                .isEqualTo(Duration.ofSeconds(1));

        clock.set(Instant.parse("2030-01-01T10:01:00Z"));
        assertThat(node.poller().poll()).as("fired at its time").isOne();
        assertThat(node.poller().nextPollIn())
                .as("the next fire time is a minute away")
                .isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void missedFireTimesAreSkippedRunOnceOrRunEachUpToTheLimit() {
        node.api().create(RecurringJob.cron("skip", TYPE, "0 * * * * *").missed(MissedRuns.SKIP, 1));
        node.api()
                .create(RecurringJob.cron("once", JobType.of(12), "0 * * * * *").missed(MissedRuns.ONCE, 1));
        node.api()
                .create(RecurringJob.cron("each", JobType.of(13), "0 * * * * *").missed(MissedRuns.EACH, 3));

        clock.set(Instant.parse("2030-01-01T10:10:30Z"));
        node.poller().poll();

        assertThat(runTimesOf(11)).isEqualTo(utc("2030-01-01T10:10:00Z"));
        assertThat(runTimesOf(12)).isEqualTo(utc("2030-01-01T10:09:00Z", "2030-01-01T10:10:00Z"));
        assertThat(runTimesOf(13))
                .isEqualTo(utc(
                        "2030-01-01T10:07:00Z",
                        "2030-01-01T10:08:00Z",
                        "2030-01-01T10:09:00Z",
                        "2030-01-01T10:10:00Z"));
        assertThat(node.api().all())
                .extracting(RecurringSchedule::nextFireAt)
                .containsOnly(Instant.parse("2030-01-01T10:11:00Z"));
    }

    private List<Instant> runTimesOf(int type) {
        return jdbc
                .queryForList(
                        "SELECT process_at FROM recur WHERE job_type = ? ORDER BY process_at",
                        LocalDateTime.class,
                        type)
                .stream()
                .map(time -> time.toInstant(ZoneOffset.UTC))
                .toList();
    }

    @Test
    void springForwardSkipsTheMissingLocalTimeAndFallBackFiresEachLocalTimeOnce() {
        clock.set(Instant.parse("2027-03-27T12:00:00Z"));
        node.api().create(RecurringJob.cron("daily-0230", TYPE, "0 30 2 * * *").zone(BERLIN));
        node.api()
                .create(RecurringJob.cron("hourly", JobType.of(12), "0 0 * * * *")
                        .zone(BERLIN));
        node.api().create(RecurringJob.every("every-hour", JobType.of(13), Duration.ofHours(1)));
        runEveryTenMinutesUntil(Instant.parse("2027-03-29T06:00:00Z"));

        // 2027-03-28 02:30 does not exist in Berlin: that day has no run; the next is 03-29 02:30 (+02:00).
        assertThat(runTimesOf(11)).isEqualTo(utc("2027-03-29T00:30:00Z"));
        List<Instant> hourly = runTimesOf(12);
        assertThat(hourly)
                .contains(Instant.parse("2027-03-28T00:00:00Z"), Instant.parse("2027-03-28T01:00:00Z"))
                .doesNotHaveDuplicates();
        // Local 01:00 (+01:00) is 00:00Z, local 03:00 (+02:00) is 01:00Z: the hour 02:00 is skipped.
        assertThat(hourly.stream()
                        .filter(t -> t.isAfter(Instant.parse("2027-03-27T22:30:00Z"))
                                && t.isBefore(Instant.parse("2027-03-28T02:30:00Z"))))
                .containsExactly(
                        Instant.parse("2027-03-27T23:00:00Z"),
                        Instant.parse("2027-03-28T00:00:00Z"),
                        Instant.parse("2027-03-28T01:00:00Z"),
                        Instant.parse("2027-03-28T02:00:00Z"));
        assertThat(runTimesOf(13)).hasSize(42);

        jdbc.execute("TRUNCATE TABLE recur");
        clock.set(Instant.parse("2027-10-30T12:00:00Z"));
        // Unchanged, daily-0230 keeps its next fire time of March: the months between are missed runs.
        node.api().update(RecurringJob.cron("daily-0230", TYPE, "0 30 2 * * *").zone(BERLIN));
        node.api().delete("hourly");
        node.api()
                .create(RecurringJob.cron("hourly", JobType.of(12), "0 0 * * * *")
                        .zone(BERLIN));
        node.api().delete("every-hour");
        node.api().create(RecurringJob.every("every-hour", JobType.of(13), Duration.ofHours(1)));
        runEveryTenMinutesUntil(Instant.parse("2027-10-31T12:00:00Z"));

        // The missed runs since March run once (as the latest, 10-30); 02:30 happens twice on 10-31
        // (+02:00 then +01:00) and runs in the first pass only.
        assertThat(runTimesOf(11)).isEqualTo(utc("2027-10-30T00:30:00Z", "2027-10-31T00:30:00Z"));
        // Local 02:00 +02:00 is 00:00Z and runs; local 02:00 +01:00 (01:00Z) does not; 03:00 +01:00 is 02:00Z.
        assertThat(runTimesOf(12).stream()
                        .filter(t -> t.isAfter(Instant.parse("2027-10-30T22:30:00Z"))
                                && t.isBefore(Instant.parse("2027-10-31T02:30:00Z"))))
                .containsExactly(
                        Instant.parse("2027-10-30T23:00:00Z"),
                        Instant.parse("2027-10-31T00:00:00Z"),
                        Instant.parse("2027-10-31T02:00:00Z"));
        // An interval is elapsed time: every hour of the 25-hour day runs.
        assertThat(runTimesOf(13)).hasSize(24).doesNotHaveDuplicates();
    }

    private void runEveryTenMinutesUntil(Instant end) {
        while (clock.instant().isBefore(end)) {
            clock.advance(Duration.ofMinutes(10));
            node.poller().poll();
        }
    }

    @Test
    void aPausedScheduleWritesNothingAndResumesFromTheNextFireTimeAfterNow() {
        node.api().create(RecurringJob.cron("every-minute", TYPE, "0 * * * * *"));
        node.api().pause("every-minute");
        clock.set(Instant.parse("2030-01-01T10:05:10Z"));
        node.poller().poll();
        assertThat(runTimes()).isEmpty();
        assertThat(node.api().find("every-minute").orElseThrow().paused()).isTrue();

        node.api().resume("every-minute");
        clock.set(Instant.parse("2030-01-01T10:06:00Z"));
        node.poller().poll();

        assertThat(runTimes()).isEqualTo(utc("2030-01-01T10:06:00Z"));
    }

    @Test
    void anUpdateKeepsTheNextFireTimeUnlessTheTimingChanged() {
        node.api().create(RecurringJob.cron("report", TYPE, "0 * * * * *"));
        RecurringSchedule samePlan = node.api()
                .update(RecurringJob.cron("report", TYPE, "0 * * * * *").payload(Map.of("v", 2)));
        assertThat(samePlan.nextFireAt()).isEqualTo(Instant.parse("2030-01-01T10:01:00Z"));

        RecurringSchedule hourly = node.api().update(RecurringJob.cron("report", TYPE, "0 0 * * * *"));

        assertThat(hourly.nextFireAt()).isEqualTo(Instant.parse("2030-01-01T11:00:00Z"));
        assertThat(hourly.job().payload()).isNull();
    }

    @Test
    void triggerNowWritesAJobBesidesTheFireTimesAndDeleteStopsTheSchedule() {
        node.api()
                .create(RecurringJob.every("sync", TYPE, Duration.ofMinutes(5)).payload("{\"full\":true}"));

        JobId triggered = node.api().triggerNow("sync");
        assertThat(node.queue().details(triggered).orElseThrow().properties()).isEqualTo("{\"full\":true}");

        assertThat(node.api().delete("sync")).isTrue();
        assertThat(node.api().delete("sync")).isFalse();
        clock.advance(Duration.ofHours(1));
        node.poller().poll();
        assertThat(runTimes()).hasSize(1);
        assertThat(node.api().find("sync")).isEmpty();
        assertThatExceptionOfType(RecurringJobNotFoundException.class)
                .isThrownBy(() -> node.api().pause("sync"))
                .withMessageContaining("sync");
    }

    @Test
    void aFireTimeRunAgainCollidesOnTheJobIdAndIsNotWrittenTwice() {
        node.api().create(RecurringJob.cron("every-minute", TYPE, "0 * * * * *"));
        clock.set(Instant.parse("2030-01-01T10:01:00Z"));
        node.poller().poll();

        // Deleted and created again while the clock stands before 10:01: its next fire time is 10:01 again.
        node.api().delete("every-minute");
        clock.set(Instant.parse("2030-01-01T10:00:59Z"));
        node.api().create(RecurringJob.cron("every-minute", TYPE, "0 * * * * *"));
        clock.set(Instant.parse("2030-01-01T10:01:00Z"));
        node.poller().poll();

        assertThat(runTimes()).isEqualTo(utc("2030-01-01T10:01:00Z"));
        assertThat(node.api().find("every-minute").orElseThrow().nextFireAt())
                .isEqualTo(Instant.parse("2030-01-01T10:02:00Z"));
    }

    @Test
    void aNodeWhoseSessionZoneIsNotUtcStoresAndReadsTheSameTimes() {
        RecurringNode kolkata =
                RecurringNode.over(schema.newDataSource(2, "sessionVariables=time_zone='+05:30'"), TABLE, clock);
        kolkata.api().create(RecurringJob.cron("every-minute", TYPE, "0 * * * * *"));
        clock.set(Instant.parse("2030-01-01T10:01:00Z"));

        List<JobId> written = kolkata.store()
                .fire(
                        kolkata.store().find("every-minute").orElseThrow(),
                        List.of(Instant.parse("2030-01-01T10:01:00Z")),
                        Instant.parse("2030-01-01T10:02:00Z"),
                        NewJob.of(TYPE));
        node.poller().poll();

        assertThat(written)
                .containsExactly(kolkata.store().occurrenceId("every-minute", Instant.parse("2030-01-01T10:01:00Z")));
        // TIMESTAMP columns hold UTC wall-clock text in every session zone (docs/architecture.md#times).
        assertThat(kolkata.queue().details(written.get(0)).orElseThrow().processAt())
                .isEqualTo(Instant.parse("2030-01-01T10:01:00Z"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM recur", Integer.class))
                .isEqualTo(1);
        assertThat(node.api().find("every-minute").orElseThrow().nextFireAt())
                .isEqualTo(Instant.parse("2030-01-01T10:02:00Z"));
        assertThat(kolkata.api().find("every-minute").orElseThrow().lastFireAt())
                .isEqualTo(Instant.parse("2030-01-01T10:01:00Z"));
    }

    @Test
    void badDefinitionsAreRefusedNamingTheFieldAndWriteNothing() {
        assertThatExceptionOfType(InvalidJobInputException.class)
                .isThrownBy(() -> RecurringJob.cron("bad", TYPE, "*/5 * * * *"))
                .withMessageContaining("cron of recurring job bad must be a Spring cron expression");
        assertThatExceptionOfType(InvalidJobInputException.class)
                .isThrownBy(() -> RecurringJob.every("bad", TYPE, Duration.ofMillis(500)))
                .withMessage("interval of recurring job bad must be at least 1s but was PT0.5S");
        assertThatExceptionOfType(InvalidJobInputException.class)
                .isThrownBy(() -> RecurringJob.every("no spaces", TYPE, Duration.ofMinutes(1)))
                .withMessageContaining("name must be 1 to 64 letters");
        assertThatExceptionOfType(InvalidJobInputException.class)
                .isThrownBy(() ->
                        RecurringJob.every("x", TYPE, Duration.ofMinutes(1)).missed(MissedRuns.EACH, 0))
                .withMessage("missedLimit must be between 1 and 1000 but was 0");
        assertThatExceptionOfType(InvalidJobInputException.class)
                .isThrownBy(() -> node.api()
                        .create(RecurringJob.every("x", TYPE, Duration.ofMinutes(1))
                                .payload(List.of(1))))
                .withMessageContaining("properties");
        node.api().create(RecurringJob.every("x", TYPE, Duration.ofMinutes(1)));
        assertThatExceptionOfType(InvalidJobInputException.class)
                .isThrownBy(() -> node.api().create(RecurringJob.every("x", TYPE, Duration.ofMinutes(2))))
                .withMessageContaining("'x' exists already");
        assertThat(node.api().all()).hasSize(1);
        assertThat(node.api().find("x").orElseThrow().job().interval()).isEqualTo(Duration.ofMinutes(1));
    }
}
