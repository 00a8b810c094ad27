package dev.jobqueue.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.domain.Job;
import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobKey;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.time.Instant;
import java.util.TimeZone;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Times are right whatever the JVM's time zone and the session's: here the JVM runs at
 * UTC+14 (Kiritimati) and the server session at UTC-09:00. Like the Go library, jobqueue
 * writes and reads UTC wall-clock text, so a job's times read back as written, and a
 * reader in the same session sees the Go library's text.
 */
@ExtendWith(TestDatabaseExtension.class)
class TimeZoneIntegrationTests {

    private static final TableName TABLE = TableName.of("zoned");
    private static final Instant RUN_AT = Instant.parse("2030-06-15T23:30:45.678Z");
    private static final String SESSION_ZONE = "sessionVariables=time_zone='-09:00'";

    private static TimeZone original;
    private static DataSource farAway;

    @BeforeAll
    static void moveTheJvmAndTheSessionAwayFromUtc(TestSchema schema) {
        original = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
        JobQueueSchema.migrate(schema.dataSource(), TABLE);
        farAway = schema.newDataSource(4, SESSION_ZONE);
    }

    @AfterAll
    static void restoreTheJvmZone() {
        TimeZone.setDefault(original);
    }

    @Test
    void theSessionReallyRunsInAnotherZone() {
        assertThat(new JdbcTemplate(farAway).queryForObject("SELECT @@session.time_zone", String.class))
                .isEqualTo("-09:00");
        assertThat(TimeZone.getDefault().getRawOffset()).isEqualTo(14 * 3600 * 1000);
    }

    @Test
    void aScheduledJobKeepsItsInstantsAndStoresUtcWallClockText() {
        JobQueue queue = JobQueue.create(farAway, JobQueueSettings.defaults().withTable(TABLE));
        JobId id = queue.schedule(NewJob.of(JobType.of(1)).tenant(Tenant.of(1)).runAt(RUN_AT));

        JobDetails details = queue.details(id).orElseThrow();

        assertThat(details.processAt()).isEqualTo(Instant.parse("2030-06-15T23:30:45Z"));
        assertThat(details.part()).isEqualTo(id.part());
        assertThat(wallClockText(farAway, id)).isEqualTo("2030-06-15 23:30:45");
    }

    @Test
    void mySqlConnectorJReadsAndWritesTheSameWallClockText(TestSchema schema) {
        String url = schema.jdbcUrl().replaceFirst("^jdbc:mariadb:", "jdbc:mysql:");
        String separator = url.contains("?") ? "&" : "?";
        DriverManagerDataSource mysqlDriver = new DriverManagerDataSource(
                url + separator + "sslMode=DISABLED" + "&allowPublicKeyRetrieval=true&"
                        + SESSION_ZONE.replace("'", "%27"),
                schema.user(),
                schema.password());
        JobQueue viaMysqlDriver =
                JobQueue.create(mysqlDriver, JobQueueSettings.defaults().withTable(TABLE));
        JobQueue viaConfiguredDriver =
                JobQueue.create(farAway, JobQueueSettings.defaults().withTable(TABLE));

        JobId id = viaMysqlDriver.schedule(NewJob.of(JobType.of(2)).runAt(RUN_AT));

        assertThat(viaConfiguredDriver.details(id).orElseThrow().processAt())
                .isEqualTo(Instant.parse("2030-06-15T23:30:45Z"));
        assertThat(viaMysqlDriver.details(id).orElseThrow().processAt())
                .isEqualTo(Instant.parse("2030-06-15T23:30:45Z"));
        assertThat(wallClockText(farAway, id)).isEqualTo("2030-06-15 23:30:45");
    }

    @Test
    void entitiesKeepTheirInstantsToo() {
        EntityManagerFactory factory = Jpa.entityManagerFactory(farAway, TABLE);
        JobId id = JobId.forRunAt(RUN_AT);
        try {
            EntityManager em = factory.createEntityManager();
            em.getTransaction().begin();
            em.persist(new Job(id, Tenant.of(2), JobType.of(3), null, 1));
            em.getTransaction().commit();
            em.close();

            EntityManager reader = factory.createEntityManager();
            Job loaded = reader.find(Job.class, JobKey.of(id));
            reader.close();

            assertThat(loaded.getProcessAt()).isEqualTo(Instant.parse("2030-06-15T23:30:45Z"));
            assertThat(loaded.getKey().part()).isEqualTo(id.part());
            assertThat(wallClockText(farAway, id)).isEqualTo("2030-06-15 23:30:45");
        } finally {
            factory.close();
        }
    }

    private static String wallClockText(DataSource dataSource, JobId id) {
        return new JdbcTemplate(dataSource)
                .queryForObject("SELECT CAST(process_at AS CHAR) FROM zoned WHERE id = ?", String.class, id.value());
    }
}
