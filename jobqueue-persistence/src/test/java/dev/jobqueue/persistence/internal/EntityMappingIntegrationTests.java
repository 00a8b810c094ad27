package dev.jobqueue.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.jobqueue.domain.Job;
import dev.jobqueue.domain.JobData;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobKey;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.OptimisticLockException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

@ExtendWith(TestDatabaseExtension.class)
class EntityMappingIntegrationTests {

    private static final TableName TABLE = TableName.of("jobs");
    private static EntityManagerFactory factory;

    @BeforeAll
    static void createTablesAndValidateMapping(TestSchema schema) {
        JobQueueSchema.migrate(schema.dataSource(), TABLE);
        factory = Jpa.entityManagerFactory(schema.dataSource(), TABLE);
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    @Test
    void bothRowsPersistAndLoadByTheCompositeKey() {
        JobId id = JobId.forRunAt(Instant.parse("2030-05-06T07:08:09.750Z"));
        Job job = new Job(id, Tenant.of(7), JobType.of(200), "order-42", 3);
        JobData data = new JobData(id, Tenant.of(7), UUID.randomUUID().toString());
        data.setProperties("{\"orderId\":42}");
        data.setIntUdf1(255);
        run(em -> {
            em.persist(job);
            em.persist(data);
        });

        Job loadedJob = inTransaction(em -> em.find(Job.class, JobKey.of(id)));
        JobData loadedData = inTransaction(em -> em.find(JobData.class, JobKey.of(id)));

        assertThat(loadedJob.getKey().part()).isEqualTo(Instant.parse("2030-05-06T07:08:09Z"));
        assertThat(loadedJob.getProcessAt()).isEqualTo(Instant.parse("2030-05-06T07:08:09Z"));
        assertThat(loadedJob.getTenant()).isEqualTo(Tenant.of(7));
        assertThat(loadedJob.getJobType()).isEqualTo(JobType.of(200));
        assertThat(loadedJob.getState()).isEqualTo(JobState.SCHEDULED);
        assertThat(loadedJob.getSubState()).isEqualTo(SubState.SCHEDULED);
        assertThat(loadedJob.getPendingExecution()).isEqualTo(3);
        assertThat(loadedJob.getVersion()).isEqualTo(1);
        assertThat(loadedJob.getCreatedAt()).isNotNull();
        assertThat(loadedData.getProperties()).isEqualTo("{\"orderId\":42}");
        assertThat(loadedData.getIntUdf1()).isEqualTo(255);
        assertThat(loadedData.getRetryGroup()).isEqualTo(data.getRetryGroup());
    }

    @Test
    void partDerivedFromTheIdEqualsThePartStored(TestSchema schema) {
        JobId id = JobId.forRunAt(Instant.parse("2031-01-02T03:04:05.999Z"));
        run(em -> em.persist(new Job(id, Tenant.DEFAULT, JobType.of(1), null, 1)));

        Map<String, Object> row = new JdbcTemplate(schema.dataSource())
                .queryForMap(
                        "SELECT CAST(part AS CHAR) AS part, CAST(process_at AS CHAR) AS process_at FROM jobs WHERE id = ?",
                        id.value());

        assertThat(row.get("part")).isEqualTo("2031-01-02 03:04:05");
        assertThat(row.get("process_at")).isEqualTo("2031-01-02 03:04:05");
        assertThat(id.part()).isEqualTo(Instant.parse("2031-01-02T03:04:05Z"));
    }

    @Test
    void aStaleUpdateFailsWithAnOptimisticLockingErrorAndChangesNothing() {
        JobId id = JobId.forRunAt(Instant.parse("2030-01-01T00:00:00Z"));
        run(em -> em.persist(new Job(id, Tenant.DEFAULT, JobType.of(1), "first", 1)));
        Job stale = inTransaction(em -> em.find(Job.class, JobKey.of(id)));
        run(em -> em.find(Job.class, JobKey.of(id)).setCorrelationId("second"));

        stale.setCorrelationId("stale");
        assertThatExceptionOfType(OptimisticLockException.class).isThrownBy(() -> run(em -> em.merge(stale)));

        Job current = inTransaction(em -> em.find(Job.class, JobKey.of(id)));
        assertThat(current.getCorrelationId()).isEqualTo("second");
        assertThat(current.getVersion()).isEqualTo(2);
    }

    @Test
    void idsOrderByRunTime() {
        List<Instant> runTimes = List.of(
                Instant.parse("2030-01-01T00:00:03Z"),
                Instant.parse("2030-01-01T00:00:01Z"),
                Instant.parse("2029-12-31T23:59:59Z"),
                Instant.parse("2030-01-01T00:00:02Z"));
        List<String> ids =
                runTimes.stream().map(at -> JobId.forRunAt(at).value()).toList();
        run(em -> ids.forEach(id -> em.persist(new Job(JobId.parse(id), Tenant.of(9), JobType.of(9), null, 1))));

        List<Instant> loadedInIdOrder = inTransaction(
                        em -> em.createQuery("select j from Job j where j.tenant = 9 order by j.key.id", Job.class)
                                .getResultList())
                .stream()
                .map(Job::getProcessAt)
                .toList();

        assertThat(loadedInIdOrder).isSorted().containsExactlyInAnyOrderElementsOf(runTimes);
    }

    private static <T> T inTransaction(java.util.function.Function<EntityManager, T> work) {
        EntityManager em = factory.createEntityManager();
        try {
            em.getTransaction().begin();
            T result = work.apply(em);
            em.getTransaction().commit();
            return result;
        } catch (RuntimeException e) {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            throw e;
        } finally {
            em.close();
        }
    }

    private static void run(java.util.function.Consumer<EntityManager> work) {
        inTransaction(em -> {
            work.accept(em);
            return null;
        });
    }
}
