package dev.jobqueue.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.handler.JobContext;
import dev.jobqueue.handler.JobHandler;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code jobqueue.types.<name>.complete-correlated} decides which scheduled jobs a success
 * completes without running them; by default none (issue #12).
 */
@ExtendWith(TestDatabaseExtension.class)
class CorrelationWorkerIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final JobType ORDERS = JobType.of(1);
    private static final JobType INVOICES = JobType.of(2);

    static class CorrelatedHandlers {

        final Queue<String> correlationIds = new ConcurrentLinkedQueue<>();

        @JobHandler(id = 1, name = "orders")
        void orders(JobContext context) {
            correlationIds.add(String.valueOf(context.correlationId()));
        }

        @JobHandler(id = 2, name = "invoices")
        void invoices(JobContext context) {
            correlationIds.add(String.valueOf(context.correlationId()));
        }
    }

    @Test
    void byDefaultASuccessLeavesTheOtherJobsWithItsCorrelationIdScheduled(TestSchema schema) {
        runner(schema, "uncorrelated").run(context -> {
            Siblings siblings = scheduleSiblings(context.getBean(JobScheduler.class), context.getBean(JobQueue.class));

            assertThat(siblings.state(siblings.sameType)).containsExactly(JobState.SCHEDULED, 10);
            assertThat(siblings.state(siblings.otherType)).containsExactly(JobState.SCHEDULED, 10);
        });
    }

    @Test
    void theTypeScopeCompletesTheScheduledJobsOfTheSameType(TestSchema schema) {
        runner(schema, "by_type")
                .withPropertyValues("jobqueue.types.orders.complete-correlated=type")
                .run(context -> {
                    Siblings siblings =
                            scheduleSiblings(context.getBean(JobScheduler.class), context.getBean(JobQueue.class));

                    assertThat(siblings.state(siblings.sameType)).containsExactly(JobState.DONE, 31);
                    assertThat(siblings.state(siblings.otherType)).containsExactly(JobState.SCHEDULED, 10);
                });
    }

    @Test
    void theTenantScopeCompletesTheScheduledJobsOfAnyType(TestSchema schema) {
        runner(schema, "by_tenant")
                .withPropertyValues("jobqueue.types.orders.complete-correlated=TENANT")
                .run(context -> {
                    Siblings siblings =
                            scheduleSiblings(context.getBean(JobScheduler.class), context.getBean(JobQueue.class));

                    assertThat(siblings.state(siblings.sameType)).containsExactly(JobState.DONE, 31);
                    assertThat(siblings.state(siblings.otherType)).containsExactly(JobState.DONE, 31);
                });
    }

    @Test
    void aHandlerSeesNoCorrelationIdForABlankOne(TestSchema schema) {
        runner(schema, "blank")
                .withPropertyValues("jobqueue.types.orders.complete-correlated=tenant")
                .run(context -> {
                    JobScheduler scheduler = context.getBean(JobScheduler.class);
                    JobQueue queue = context.getBean(JobQueue.class);
                    JobId later = scheduler
                            .job(INVOICES, null)
                            .at(Instant.now().plusSeconds(3600))
                            .correlationId(" ")
                            .schedule();
                    JobId blank = scheduler.job(ORDERS, null).correlationId("").schedule();
                    JobId spaces =
                            scheduler.job(ORDERS, null).correlationId("  ").schedule();

                    await().atMost(WAIT)
                            .until(() -> queue.details(blank).orElseThrow().state() == JobState.DONE
                                    && queue.details(spaces).orElseThrow().state() == JobState.DONE);

                    assertThat(context.getBean(CorrelatedHandlers.class).correlationIds)
                            .containsExactly("null", "null");
                    assertThat(queue.details(later).orElseThrow().state()).isEqualTo(JobState.SCHEDULED);
                });
    }

    private record Siblings(JobQueue queue, JobId sameType, JobId otherType) {

        Object[] state(JobId id) {
            JobDetails job = queue.details(id).orElseThrow();
            return new Object[] {job.state(), job.subState()};
        }
    }

    private static Siblings scheduleSiblings(JobScheduler scheduler, JobQueue queue) {
        Instant later = Instant.now().plusSeconds(3600);
        JobId sameType =
                scheduler.job(ORDERS, null).at(later).correlationId("order-7").schedule();
        JobId otherType =
                scheduler.job(INVOICES, null).at(later).correlationId("order-7").schedule();
        JobId first = scheduler.job(ORDERS, null).correlationId("order-7").schedule();
        await().atMost(WAIT).until(() -> queue.details(first).orElseThrow().state() == JobState.DONE);
        return new Siblings(queue, sameType, otherType);
    }

    private static ApplicationContextRunner runner(TestSchema schema, String table) {
        return WorkerFixture.runner(schema, table).withBean(CorrelatedHandlers.class);
    }
}
