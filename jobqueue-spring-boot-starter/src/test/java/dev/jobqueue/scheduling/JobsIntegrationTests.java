package dev.jobqueue.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.jobqueue.boot.autoconfigure.JdbcContexts;
import dev.jobqueue.boot.autoconfigure.JobQueueAutoConfiguration;
import dev.jobqueue.boot.autoconfigure.JobQueueJpaAutoConfiguration;
import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.Job;
import dev.jobqueue.domain.JobCount;
import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobFilter;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobKey;
import dev.jobqueue.domain.JobPage;
import dev.jobqueue.domain.JobPageRequest;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.lifecycle.JobEvent;
import dev.jobqueue.lifecycle.JobLifecycleCustomizer;
import dev.jobqueue.persistence.internal.JobQueueSchema;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import dev.jobqueue.worker.JobQueueObserver;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The two application beans of an auto-configured JPA application (issue #13, sections 1 and
 * 4): a draft starts a job in a custom sub-state of SCHEDULED in its INSERT, checked against
 * the lifecycle on every scheduling path, and {@link Jobs} reads through the entities, inside
 * the caller's transaction, as the rows are now.
 */
@ExtendWith(TestDatabaseExtension.class)
class JobsIntegrationTests {

    private static final TableName TABLE = TableName.of("frontdoor");
    private static final JobType TYPE = JobType.of(3);
    private static final SubState AWAITING_APPROVAL = SubState.of(12);
    private static final SubState AWAITING_CALLBACK = SubState.of(21);
    private static final JobEvent HOLD = JobEvent.of("hold");
    private static final JobEvent APPROVE = JobEvent.of("approve");

    private final AtomicInteger scheduledMetric = new AtomicInteger();
    private final ApplicationContextRunner contextRunner;
    private final JdbcTemplate jdbc;
    private final TestSchema schema;

    JobsIntegrationTests(TestSchema schema) {
        this.schema = schema;
        this.jdbc = new JdbcTemplate(schema.dataSource());
        JobQueueObserver observer = new JobQueueObserver() {
            @Override
            public void scheduled(JobType type, Tenant tenant, int jobs) {
                scheduledMetric.addAndGet(jobs);
            }
        };
        JobLifecycleCustomizer approval = definition -> definition
                .subState(AWAITING_APPROVAL, "awaiting-approval")
                .transition(SubState.SCHEDULED, HOLD, AWAITING_APPROVAL)
                .transition(AWAITING_APPROVAL, APPROVE, SubState.SCHEDULED)
                .subState(AWAITING_CALLBACK, "awaiting-callback")
                .transition(SubState.PROCESSING, JobEvent.of("await-callback"), AWAITING_CALLBACK)
                .transition(AWAITING_CALLBACK, JobEvent.COMPLETE, SubState.DONE);
        this.contextRunner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        DataSourceAutoConfiguration.class,
                        HibernateJpaAutoConfiguration.class,
                        TransactionAutoConfiguration.class,
                        JacksonAutoConfiguration.class,
                        JobQueueJpaAutoConfiguration.class,
                        JobQueueAutoConfiguration.class))
                .withBean(JobLifecycleCustomizer.class, () -> approval)
                .withBean(JobQueueObserver.class, () -> observer)
                .withPropertyValues(
                        "spring.datasource.url=" + schema.jdbcUrl(),
                        "spring.datasource.username=" + schema.user(),
                        "spring.datasource.password=" + schema.password(),
                        "jobqueue.table=" + TABLE.base(),
                        "jobqueue.schema.initialize=false",
                        "jobqueue.partitions.enabled=false",
                        "jobqueue.worker.enabled=false");
    }

    @BeforeAll
    static void createTables(TestSchema schema) {
        JobQueueSchema.migrate(schema.dataSource(), TABLE);
    }

    @BeforeEach
    void emptyTables() {
        jdbc.execute("TRUNCATE TABLE " + TABLE.jobs());
        jdbc.execute("TRUNCATE TABLE " + TABLE.jobsData());
    }

    @Test
    void aDraftStartsInACustomScheduledSubStateWithItsInsert() {
        run((scheduler, jobs, context) -> {
            JobId id = scheduler
                    .job(TYPE, Map.of("orderId", 7))
                    .subState(AWAITING_APPROVAL)
                    .schedule();

            JobDetails job = jobs.find(id).orElseThrow();
            assertThat(job.state()).isEqualTo(JobState.SCHEDULED);
            assertThat(job.subStateCode()).isEqualTo(AWAITING_APPROVAL);
            // Version 1 as inserted: no event moved it there afterwards.
            assertThat(job.version()).isEqualTo(1);
            assertThat(scheduledMetric).hasValue(1);
            assertThat(jobs.count(JobFilter.all().subState(AWAITING_APPROVAL), 10))
                    .isEqualTo(new JobCount(1, false));

            jobs.fire(id, APPROVE);
            assertThat(jobs.find(id).orElseThrow().subStateCode()).isEqualTo(SubState.SCHEDULED);
        });
    }

    @Test
    void everySchedulingPathRefusesASubStateOutsideScheduledAndWritesNothing() {
        run((scheduler, jobs, context) -> {
            String allowed =
                    "subState must be a sub-state of SCHEDULED that the lifecycle declares [10, 11, 12] but was ";
            assertRefused(
                    () -> scheduler.job(TYPE, null).subState(SubState.of(13)).schedule(), allowed + "13");
            assertRefused(
                    () -> scheduler
                            .job(TYPE, null)
                            .subState(SubState.PROCESSING)
                            .schedule(),
                    allowed + "20");
            assertRefused(
                    () -> scheduler.job(TYPE, null).subState(AWAITING_CALLBACK).schedule(), allowed + "21");
            assertRefused(() -> scheduler.schedule(NewJob.of(TYPE).subState(SubState.DONE)), allowed + "30");
            assertRefused(
                    () -> scheduler.scheduleAll(List.of(
                            NewJob.of(TYPE).subState(AWAITING_APPROVAL),
                            NewJob.of(TYPE).subState(SubState.of(19)))),
                    allowed + "19");

            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM frontdoor", Integer.class))
                    .isZero();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM frontdoor_data", Integer.class))
                    .isZero();
            assertThat(scheduledMetric).hasValue(0);
        });
    }

    @Test
    void readsJoinTheCallersTransactionAndSeeTheRowsAsTheyAreNow() {
        run((scheduler, jobs, context) -> {
            EntityManager entityManager =
                    SharedEntityManagerCreator.createSharedEntityManager(context.getBean(EntityManagerFactory.class));
            new TransactionTemplate(context.getBean(PlatformTransactionManager.class)).executeWithoutResult(tx -> {
                JobId id = scheduler.schedule(TYPE, Map.of("orderId", 8));
                Job managed = entityManager.find(Job.class, JobKey.of(id));
                assertThat(managed.getSubState()).isEqualTo(SubState.SCHEDULED);

                jobs.fire(id, HOLD);

                // The persistence context still holds the entity as it was loaded; the read model reads the row.
                assertThat(managed.getSubState()).isEqualTo(SubState.SCHEDULED);
                assertThat(jobs.find(id).orElseThrow().subStateCode()).isEqualTo(AWAITING_APPROVAL);
                assertThat(jobs.search(JobFilter.all().subState(AWAITING_APPROVAL), JobPageRequest.first(10))
                                .jobs())
                        .extracting(JobDetails::id)
                        .containsExactly(id);
                tx.setRollbackOnly();
            });
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM frontdoor", Integer.class))
                    .isZero();
        });
    }

    @Test
    void searchPagesThroughTheJobsOfATenantAndType() {
        run((scheduler, jobs, context) -> {
            List<JobId> ids = scheduler.scheduleAll(List.of(
                    NewJob.of(TYPE).tenant(Tenant.of(5)),
                    NewJob.of(TYPE).tenant(Tenant.of(5)),
                    NewJob.of(TYPE).tenant(Tenant.of(5)),
                    NewJob.of(TYPE).tenant(Tenant.of(6))));
            JobFilter filter = JobFilter.all().tenant(Tenant.of(5)).type(TYPE).state(JobState.SCHEDULED);

            JobPage first = jobs.search(filter, JobPageRequest.first(2));
            JobPage second = jobs.search(filter, first.next());

            assertThat(first.jobs()).extracting(JobDetails::id).containsExactly(ids.get(2), ids.get(1));
            assertThat(second.jobs()).extracting(JobDetails::id).containsExactly(ids.get(0));
            assertThat(second.next()).isNull();
            assertThat(jobs.count(filter, 2)).isEqualTo(new JobCount(2, true));
        });
    }

    @Test
    void withoutJpaThereIsNoJobsBeanButAScheduler() {
        JdbcContexts.on(schema)
                .withPropertyValues(
                        "jobqueue.table=" + TABLE.base(),
                        "jobqueue.schema.initialize=false",
                        "jobqueue.partitions.enabled=false",
                        "jobqueue.worker.enabled=false")
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .hasSingleBean(JobScheduler.class)
                        .doesNotHaveBean(Jobs.class));
    }

    private void run(ContextTest test) {
        contextRunner.run(context -> {
            assertThat(context).hasNotFailed();
            test.run(context.getBean(JobScheduler.class), context.getBean(Jobs.class), context);
        });
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatExceptionOfType(InvalidJobInputException.class)
                .isThrownBy(call)
                .withMessage(message)
                .satisfies(e -> assertThat(e.field()).isEqualTo("subState"));
    }

    @FunctionalInterface
    private interface ContextTest {
        void run(JobScheduler scheduler, Jobs jobs, AssertableApplicationContext context) throws Exception;
    }
}
