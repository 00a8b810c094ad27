package dev.jobqueue.persistence.gocompat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.persistence.gocompat.GoApi.PollOutcome;
import dev.jobqueue.persistence.gocompat.GoApi.ScheduleRequest;
import dev.jobqueue.persistence.gocompat.StoredRows.StoredJob;
import dev.jobqueue.persistence.internal.ClaimedJob;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.persistence.internal.JobQueueSettings;
import dev.jobqueue.persistence.internal.RetryPolicy;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.util.List;
import java.util.TimeZone;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * TIMESTAMP values as CONTRACT.md has them: UTC wall-clock text, the session time zone never
 * set, whatever the JVM's zone; a server in another zone shifts the stored instants, but the
 * same way for both sides.
 */
class UtcWallClockTimesIntegrationTests extends GoCompatibilityFixture {

    @Test
    void bothSidesAgreeOnTimesWhenTheServerZoneIsNotUtc(TestSchema schema) throws Exception {
        String zone = "sessionVariables=time_zone='+05:30'";
        GoQueue goInKolkata = new GoQueue(schema.newDataSource(2, GO_DRIVER_PROPERTIES, zone), TABLE, clock);
        JobQueue kolkata = JobQueue.create(
                schema.newDataSource(2, zone),
                JobQueueSettings.defaults().withTable(TABLE).withClock(clock));
        String goJob = goInKolkata.schedule(
                ScheduleRequest.of(TENANT, TYPE, NOW.plusSeconds(1)).remainingExecution(2));
        JobId ours = kolkata.schedule(
                NewJob.of(JQ_TYPE).tenant(JQ_TENANT).runAt(NOW.plusSeconds(2)).executions(2));

        assertThat(kolkata.details(jobId(goJob)).orElseThrow().processAt()).isEqualTo(NOW.plusSeconds(1));
        assertThat(goInKolkata.fetchDetails(ours.value()).orElseThrow().at()).isEqualTo(NOW.plusSeconds(2));
        DataSource zoned = schema.newDataSource(1, zone);
        assertThat(new JdbcTemplate(zoned)
                        .queryForObject("SELECT UNIX_TIMESTAMP(process_at) FROM jobs WHERE id = ?", Long.class, goJob))
                .as("the stored instant is shifted by the zone, the same way for both sides")
                .isEqualTo(NOW.plusSeconds(1).getEpochSecond()
                        - Duration.ofMinutes(330).toSeconds());
        clock.advance(Duration.ofSeconds(2));
        ClaimedJob claimed = kolkata.claim(JQ_TENANT, JQ_TYPE, 1, Duration.ofSeconds(30))
                .jobs()
                .get(0);
        assertThat(claimed.id().value()).isEqualTo(goJob);
        assertThat(goInKolkata.poll(TENANT, TYPE).claimedId()).isEqualTo(ours.value());
        kolkata.recordStarts(List.of(claimed));
        clock.advance(Duration.ofSeconds(31));
        assertThat(kolkata.recoverExpiredLeases(JQ_TENANT, JQ_TYPE, 10, RetryPolicy.fixedDelay(Duration.ZERO)))
                .isEqualTo(1);
        StoredJob recovered = new StoredRows(zoned, TABLE).get(goJob);
        assertFollowsContract(recovered);
        assertThat(recovered)
                .extracting(StoredJob::state, StoredJob::subState, StoredJob::pendingExecution, StoredJob::version)
                .containsExactly(4, 41, 1, 3);
        assertThat(goInKolkata.poll(TENANT, TYPE).outcome()).isEqualTo(PollOutcome.CLAIMED);
    }

    @Test
    void bothSidesStoreUtcWallClockTimesWhateverTheJvmZone(TestSchema schema) throws Exception {
        TimeZone original = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
        try (var pool = schema.newDataSource(2)) {
            JobQueue kolkata = JobQueue.create(
                    pool, JobQueueSettings.defaults().withTable(TABLE).withClock(clock));
            JobId ours = kolkata.schedule(NewJob.of(JQ_TYPE).tenant(JQ_TENANT).runAt(NOW.plusSeconds(1)));
            String goJob = go.schedule(ScheduleRequest.of(TENANT, TYPE, NOW.plusSeconds(2)));

            JdbcTemplate jdbc = new JdbcTemplate(goDataSource);
            assertThat(jdbc.queryForList("SELECT CAST(process_at AS CHAR) FROM jobs ORDER BY id", String.class))
                    .as("TIMESTAMP text, as the Go driver reads it")
                    .containsExactly("2030-03-04 05:06:08", "2030-03-04 05:06:09");
            assertThat(go.fetchDetails(ours.value()).orElseThrow().at()).isEqualTo(NOW.plusSeconds(1));
            assertThat(kolkata.details(jobId(goJob)).orElseThrow().processAt()).isEqualTo(NOW.plusSeconds(2));
            clock.advance(Duration.ofSeconds(1));
            assertThat(kolkata.claim(JQ_TENANT, JQ_TYPE, 10, LEASE).jobs())
                    .extracting(job -> job.id().value())
                    .containsExactly(ours.value());
        } finally {
            TimeZone.setDefault(original);
        }
    }
}
