package dev.jobqueue.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobFilter;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobPage;
import dev.jobqueue.domain.JobPageRequest;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import jakarta.persistence.EntityManagerFactory;
import java.time.Instant;
import java.util.TimeZone;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The read model reads the times and keys the queue wrote, whatever the JVM's zone (UTC+14)
 * and the session's (UTC-09:00): the entities' UTC wall-clock mapping and the keyset cursor
 * agree with the queue's JDBC statements.
 */
@ExtendWith(TestDatabaseExtension.class)
class JpaJobReaderTimeZoneIntegrationTests {

    private static final TableName TABLE = TableName.of("zonedreads");
    private static final Instant RUN_AT = Instant.parse("2030-06-15T23:30:45.678Z");

    private static TimeZone original;
    private static DataSource farAway;
    private static EntityManagerFactory factory;

    @BeforeAll
    static void moveTheJvmAndTheSessionAwayFromUtc(TestSchema schema) {
        original = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
        JobQueueSchema.migrate(schema.dataSource(), TABLE);
        farAway = schema.newDataSource(4, "sessionVariables=time_zone='-09:00'");
        factory = Jpa.entityManagerFactory(farAway, TABLE);
    }

    @AfterAll
    static void restoreTheJvmZone() {
        factory.close();
        TimeZone.setDefault(original);
    }

    @Test
    void aJobReadsTheSameThroughTheEntitiesAsThroughTheQueue() {
        JobQueue queue = JobQueue.create(farAway, JobQueueSettings.defaults().withTable(TABLE));
        JobId first =
                queue.schedule(NewJob.of(JobType.of(1)).tenant(Tenant.of(1)).runAt(RUN_AT));
        JobId second =
                queue.schedule(NewJob.of(JobType.of(1)).tenant(Tenant.of(1)).runAt(RUN_AT.plusSeconds(1)));
        JpaJobReader reader = new JpaJobReader(factory);

        JobDetails details = reader.find(first).orElseThrow();

        assertThat(details).isEqualTo(queue.details(first).orElseThrow());
        assertThat(details.processAt()).isEqualTo(Instant.parse("2030-06-15T23:30:45Z"));
        assertThat(details.part()).isEqualTo(first.part());
        JobFilter filter = JobFilter.all().tenant(Tenant.of(1));
        JobPage page = reader.search(filter, JobPageRequest.first(1));
        assertThat(page.jobs()).extracting(JobDetails::id).containsExactly(second);
        assertThat(reader.search(filter, page.next()).jobs())
                .extracting(JobDetails::id)
                .containsExactly(first);
    }
}
