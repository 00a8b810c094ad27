package dev.jobqueue.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.jobqueue.domain.JobDetails;
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
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Completion of correlated jobs (sub-state 31) is opt-in per job type, scoped to the tenant
 * and the type unless the wider tenant scope is asked for, and never happens for a blank
 * correlation id (issue #12). Both the single and the batch completion paths are checked.
 */
@ExtendWith(TestDatabaseExtension.class)
class CorrelatedCompletionIntegrationTests {

    private static final TableName TABLE = TableName.of("correlated");
    private static final JobType TYPE = JobType.of(5);
    private static final JobType OTHER_TYPE = JobType.of(6);
    private static final Tenant TENANT = Tenant.of(3);
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final Instant NOW = Instant.parse("2030-03-04T05:06:07Z");

    private static DataSource dataSource;
    private final MutableClock clock = new MutableClock(NOW);
    private JdbcTemplate jdbc;

    @BeforeAll
    static void createTables(TestSchema schema) {
        dataSource = schema.dataSource();
        JobQueueSchema.migrate(dataSource, TABLE);
    }

    @BeforeEach
    void emptyTables() {
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("TRUNCATE TABLE correlated");
        jdbc.execute("TRUNCATE TABLE correlated_data");
    }

    @Test
    void byDefaultASuccessCompletesNoOtherJobWithItsCorrelationId() {
        JobQueue queue = queue(CorrelationScope.NONE);
        queue.schedule(job(TYPE, "order-1").runAt(NOW));
        JobId sameType = queue.schedule(job(TYPE, "order-1"));
        JobId otherType = queue.schedule(job(OTHER_TYPE, "order-1"));

        completeOne(queue, queue::complete);

        assertScheduled(queue, sameType, otherType);
    }

    @Test
    void theTypeScopeCompletesScheduledJobsOfTheSameTenantAndTypeOnly() {
        JobQueue queue = queue(CorrelationScope.TYPE);
        queue.schedule(job(TYPE, "order-1").runAt(NOW));
        JobId sameType = queue.schedule(job(TYPE, "order-1"));
        JobId otherType = queue.schedule(job(OTHER_TYPE, "order-1"));
        JobId otherTenant = queue.schedule(job(TYPE, "order-1").tenant(Tenant.of(9)));
        JobId otherId = queue.schedule(job(TYPE, "order-2"));

        completeOne(queue, queue::complete);

        assertCorrelated(queue, sameType);
        assertScheduled(queue, otherType, otherTenant, otherId);
    }

    @Test
    void theTenantScopeCompletesScheduledJobsOfTheSameTenantOfAnyType() {
        JobQueue queue = queue(CorrelationScope.TENANT);
        queue.schedule(job(TYPE, "order-1").runAt(NOW));
        JobId sameType = queue.schedule(job(TYPE, "order-1"));
        JobId otherType = queue.schedule(job(OTHER_TYPE, "order-1"));
        JobId otherTenant = queue.schedule(job(TYPE, "order-1").tenant(Tenant.of(9)));

        completeOne(queue, queue::complete);

        assertCorrelated(queue, sameType, otherType);
        assertScheduled(queue, otherTenant);
    }

    @Test
    void theBatchPathAppliesTheScopeOfTheType() {
        JobQueue queue = queue(CorrelationScope.TYPE);
        queue.schedule(job(TYPE, "order-1").runAt(NOW));
        queue.schedule(job(TYPE, "order-2").runAt(NOW));
        JobId sibling1 = queue.schedule(job(TYPE, "order-1"));
        JobId sibling2 = queue.schedule(job(TYPE, "order-2"));
        JobId otherType = queue.schedule(job(OTHER_TYPE, "order-1"));
        List<ClaimedJob> claimed = queue.claim(TENANT, TYPE, 2, LEASE).jobs();

        assertThat(queue.completeAll(claimed)).isEmpty();

        assertCorrelated(queue, sibling1, sibling2);
        assertScheduled(queue, otherType);
    }

    @Test
    void theBatchPathCompletesNothingForATypeThatDidNotOptIn() {
        JobQueue queue = JobQueue.create(
                dataSource,
                JobQueueSettings.defaults()
                        .withTable(TABLE)
                        .withClock(clock)
                        .withCorrelationScope(OTHER_TYPE, CorrelationScope.TENANT));
        queue.schedule(job(TYPE, "order-1").runAt(NOW));
        JobId sibling = queue.schedule(job(TYPE, "order-1"));

        queue.completeAndClaim(queue.claim(TENANT, TYPE, 1, LEASE).jobs(), TENANT, TYPE, 10, LEASE);

        assertScheduled(queue, sibling);
    }

    /**
     * The Go library writes {@code ''} for every job without a correlation id: completing one
     * such job must not complete every other job of the tenant (it did: all became 3/31).
     */
    @Test
    void blankCorrelationIdsCorrelateNothingEvenWhenTheWidestScopeIsAskedFor() {
        JobQueue queue = queue(CorrelationScope.TENANT);
        List<JobId> others = new ArrayList<>();
        for (String blank : new String[] {"", " ", "\t", null}) {
            others.add(queue.schedule(job(TYPE, blank)));
            others.add(queue.schedule(job(OTHER_TYPE, blank)));
        }
        jdbc.update("UPDATE correlated SET correlation_id = '' WHERE correlation_id IS NULL");
        queue.schedule(job(TYPE, "").runAt(NOW));
        queue.schedule(job(TYPE, " ").runAt(NOW));
        queue.schedule(job(TYPE, null).runAt(NOW));

        completeOne(queue, queue::complete);
        assertThat(queue.completeAll(queue.claim(TENANT, TYPE, 2, LEASE).jobs()))
                .isEmpty();

        assertScheduled(queue, others.toArray(JobId[]::new));
    }

    @Test
    void aCompletionOfSiblingsIsLoggedWithHowManyAndWhichJobs() {
        Logger logger = (Logger) LoggerFactory.getLogger(CorrelatedCompletion.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            JobQueue queue = queue(CorrelationScope.TYPE);
            queue.schedule(job(TYPE, "order-1").runAt(NOW));
            List<JobId> siblings = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                siblings.add(queue.schedule(job(TYPE, "order-1").runAt(NOW.plusSeconds(60 + i))));
            }

            completeOne(queue, queue::complete);

            assertThat(appender.list).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.INFO);
                assertThat(event.getFormattedMessage())
                        .startsWith("Completed 25 of 25 scheduled jobs of tenant 3")
                        .contains(
                                "[order-1]",
                                siblings.get(0).value(),
                                siblings.get(19).value(),
                                "and 5 more")
                        .doesNotContain(siblings.get(20).value());
            });
        } finally {
            logger.detachAppender(appender);
        }
    }

    /**
     * A custom child of SCHEDULED inherits the correlated completion of its parent state; one that
     * overrides it lands where it declares, in the same completion.
     */
    @Test
    void aCustomScheduledSubStateIsCompletedByCorrelationAsItsParentOrAsItsOverrideSays() {
        SubState held = SubState.of(12);
        SubState paused = SubState.of(13);
        SubState doneWhilePaused = SubState.of(33);
        JobEvent hold = JobEvent.of("hold");
        JobEvent pause = JobEvent.of("pause");
        JobLifecycle lifecycle = JobLifecycle.builder()
                .customize(definition -> definition
                        .subState(held, "held")
                        .transition(SubState.SCHEDULED, hold, held)
                        .transition(held, JobEvent.of("unhold"), SubState.SCHEDULED)
                        .subState(paused, "paused")
                        .subState(doneWhilePaused, "done-while-paused")
                        .transition(SubState.SCHEDULED, pause, paused)
                        .transition(paused, JobEvent.of("resume"), SubState.SCHEDULED)
                        .transition(paused, JobEvent.COMPLETE_BY_CORRELATION, doneWhilePaused))
                .build();
        JobQueue queue = new JobQueue(
                dataSource,
                new DataSourceTransactionManager(dataSource),
                JobQueueSettings.defaults()
                        .withTable(TABLE)
                        .withClock(clock)
                        .withCorrelationScope(TYPE, CorrelationScope.TYPE),
                lifecycle,
                JsonMapper.builder().build());
        queue.schedule(job(TYPE, "order-1").runAt(NOW));
        JobId scheduled = queue.schedule(job(TYPE, "order-1"));
        JobId heldJob = queue.schedule(job(TYPE, "order-1"));
        JobId pausedJob = queue.schedule(job(TYPE, "order-1"));
        queue.fire(heldJob, hold, null);
        queue.fire(pausedJob, pause, null);

        completeOne(queue, queue::complete);

        assertCorrelated(queue, scheduled, heldJob);
        assertThat(queue.details(pausedJob).orElseThrow())
                .extracting(JobDetails::state, JobDetails::subState)
                .containsExactly(JobState.DONE, 33);
    }

    private JobQueue queue(CorrelationScope scope) {
        return JobQueue.create(
                dataSource,
                JobQueueSettings.defaults().withTable(TABLE).withClock(clock).withCorrelationScope(TYPE, scope));
    }

    private static NewJob job(JobType type, String correlationId) {
        NewJob job = NewJob.of(type).tenant(TENANT).runAt(NOW.plusSeconds(60));
        return correlationId == null ? job : job.correlationId(correlationId);
    }

    private static void completeOne(JobQueue queue, Consumer<ClaimedJob> completion) {
        List<ClaimedJob> claimed = queue.claim(TENANT, TYPE, 1, LEASE).jobs();
        assertThat(claimed).hasSize(1);
        completion.accept(claimed.get(0));
        assertThat(queue.details(claimed.get(0).id()).orElseThrow())
                .extracting(JobDetails::state, JobDetails::subState)
                .containsExactly(JobState.DONE, 30);
    }

    private static void assertCorrelated(JobQueue queue, JobId... ids) {
        for (JobId id : ids) {
            assertThat(queue.details(id).orElseThrow())
                    .as("job %s", id)
                    .extracting(JobDetails::state, JobDetails::subState)
                    .containsExactly(JobState.DONE, 31);
        }
    }

    private static void assertScheduled(JobQueue queue, JobId... ids) {
        for (JobId id : ids) {
            assertThat(queue.details(id).orElseThrow())
                    .as("job %s", id)
                    .extracting(JobDetails::state, JobDetails::subState)
                    .containsExactly(JobState.SCHEDULED, 10);
        }
    }
}
