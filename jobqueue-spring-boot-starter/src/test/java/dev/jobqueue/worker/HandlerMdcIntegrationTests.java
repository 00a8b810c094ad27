package dev.jobqueue.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.domain.UserFields;
import dev.jobqueue.handler.JobContext;
import dev.jobqueue.handler.JobHandler;
import dev.jobqueue.handler.JobMdcKeys;
import dev.jobqueue.persistence.internal.ClaimedJob;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;

/** The job's id, type, tenant, attempt and correlation id are in the MDC while its handler runs, and only then (issue #17). */
@ExtendWith(TestDatabaseExtension.class)
class HandlerMdcIntegrationTests {

    static final JobType MDC_TYPE = JobType.of(30);

    /** What the MDC held in each run, and on which thread. */
    static final class MdcHandlers {

        final List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @JobHandler(id = 30, name = "mdc")
        void logs(JobContext context) {
            Map<String, String> copy = MDC.getCopyOfContextMap();
            seen.add(copy == null ? Map.of() : Map.copyOf(copy));
            threads.add(Thread.currentThread().getName());
        }
    }

    @Test
    void aHandlersMdcNamesItsJobAndTheNextRunOnTheThreadSeesNothingOfIt(TestSchema schema) {
        WorkerFixture.runner(schema, "mdc")
                .withBean(MdcHandlers.class)
                .withPropertyValues("jobqueue.types.mdc.concurrency=1", "jobqueue.tenants=0,4")
                .run(context -> {
                    MdcHandlers handlers = context.getBean(MdcHandlers.class);
                    JobScheduler scheduler = context.getBean(JobScheduler.class);

                    JobId first = scheduler
                            .job(MDC_TYPE, null)
                            .tenant(4)
                            .correlationId("order-17")
                            .schedule();
                    await().atMost(Duration.ofSeconds(30)).until(() -> handlers.seen.size() == 1);
                    JobId second = scheduler.job(MDC_TYPE, null).schedule();
                    await().atMost(Duration.ofSeconds(30)).until(() -> handlers.seen.size() == 2);

                    assertThat(handlers.seen.get(0))
                            .containsExactlyInAnyOrderEntriesOf(Map.of(
                                    JobMdcKeys.JOB_ID,
                                    first.value(),
                                    JobMdcKeys.JOB_TYPE,
                                    "mdc",
                                    JobMdcKeys.TENANT,
                                    "4",
                                    JobMdcKeys.ATTEMPT,
                                    "1",
                                    JobMdcKeys.CORRELATION_ID,
                                    "order-17"));
                    assertThat(handlers.seen.get(1))
                            .as("the next run on the same thread, without a correlation id")
                            .containsExactlyInAnyOrderEntriesOf(Map.of(
                                    JobMdcKeys.JOB_ID,
                                    second.value(),
                                    JobMdcKeys.JOB_TYPE,
                                    "mdc",
                                    JobMdcKeys.TENANT,
                                    "0",
                                    JobMdcKeys.ATTEMPT,
                                    "1"));
                    assertThat(handlers.threads.get(1)).isEqualTo(handlers.threads.get(0));
                });
    }

    @Test
    void theMdcIsGivenBackAsItWasWhenTheRunEnds() {
        MDC.put(JobMdcKeys.TENANT, "outer");
        try {
            ClaimedJob job = new ClaimedJob(
                    JobId.forRunAt(Instant.now()),
                    Tenant.of(9),
                    MDC_TYPE,
                    "",
                    SubState.PROCESSING,
                    2,
                    2,
                    Instant.now(),
                    Instant.now(),
                    "group",
                    2,
                    null,
                    UserFields.NONE);
            try (HandlerMdc mdc = HandlerMdc.open(job, "mdc")) {
                assertThat(MDC.get(JobMdcKeys.TENANT)).isEqualTo("9");
                assertThat(MDC.get(JobMdcKeys.ATTEMPT)).isEqualTo("2");
                assertThat(MDC.get(JobMdcKeys.CORRELATION_ID))
                        .as("a blank id is no correlation")
                        .isNull();
            }
            assertThat(MDC.get(JobMdcKeys.TENANT)).isEqualTo("outer");
            assertThat(MDC.get(JobMdcKeys.JOB_ID)).isNull();
            assertThat(MDC.get(JobMdcKeys.ATTEMPT)).isNull();
        } finally {
            MDC.clear();
        }
    }
}
