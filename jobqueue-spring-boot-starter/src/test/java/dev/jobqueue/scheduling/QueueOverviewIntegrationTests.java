package dev.jobqueue.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.jobqueue.boot.autoconfigure.JdbcContexts;
import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

/** The dashboard's overview query on a real database: every queue's counts and lag. */
@ExtendWith(TestDatabaseExtension.class)
class QueueOverviewIntegrationTests {

    private static final JobType MAIL = JobType.of(1);
    private static final JobType REPORT = JobType.of(2);

    @Test
    void countsDueLaterRunningAndFinishedJobsPerTypeAndTenant(TestSchema schema) {
        JdbcContexts.withJpa(schema)
                .withPropertyValues("jobqueue.table=overview", "jobqueue.worker.enabled=false")
                .run(context -> {
                    JobScheduler scheduler = context.getBean(JobScheduler.class);
                    Jobs jobs = context.getBean(Jobs.class);
                    Instant tenMinutesAgo = Instant.now().minus(Duration.ofMinutes(10));
                    scheduler.job(MAIL, Map.of("n", 1)).at(tenMinutesAgo).schedule();
                    scheduler.job(MAIL, Map.of("n", 2)).schedule();
                    scheduler.job(MAIL, Map.of("n", 3)).in(Duration.ofHours(1)).schedule();
                    JobId cancelled =
                            scheduler.job(REPORT, Map.of("n", 4)).tenant(3).schedule();
                    JobId running =
                            scheduler.job(REPORT, Map.of("n", 5)).tenant(3).schedule();
                    jobs.cancel(cancelled);
                    new JdbcTemplate(schema.dataSource())
                            .update("UPDATE overview SET state = 2, sub_state = 20" + " WHERE id = ?", running.value());

                    List<QueueOverview.Queue> queues =
                            context.getBean(QueueOverview.class).queues(Duration.ofHours(1));

                    assertThat(queues).hasSize(2);
                    QueueOverview.Queue mail = queues.get(0);
                    assertThat(mail.type()).isEqualTo(MAIL);
                    assertThat(mail.tenant()).isEqualTo(Tenant.DEFAULT);
                    assertThat(mail.dueNow()).isEqualTo(2);
                    assertThat(mail.dueLater()).isEqualTo(1);
                    assertThat(mail.lag(Instant.now()))
                            .isBetween(Duration.ofMinutes(10).minusSeconds(2), Duration.ofMinutes(11));
                    QueueOverview.Queue report = queues.get(1);
                    assertThat(report.tenant()).isEqualTo(Tenant.of(3));
                    assertThat(report.running()).isEqualTo(1);
                    assertThat(report.failed()).isEqualTo(1);
                    assertThat(report.done()).isZero();
                    assertThat(report.oldestDue()).isNull();
                    assertThat(context.getBean(QueueOverview.class)
                                    .queues(Duration.ofSeconds(1))
                                    .get(1)
                                    .failed())
                            .as("jobs first due before the window are not counted")
                            .isBetween(0L, 1L);
                });
    }

    @Test
    void theUnfinishedCountOfATypeReadsOnlyTheIndex(TestSchema schema) {
        JdbcContexts.withJpa(schema)
                .withPropertyValues("jobqueue.table=overviewplan", "jobqueue.worker.enabled=false")
                .run(context -> {
                    JobScheduler scheduler = context.getBean(JobScheduler.class);
                    for (int n = 0; n < 20; n++) {
                        scheduler
                                .job(MAIL, Map.of("n", n))
                                .in(Duration.ofMinutes(n))
                                .schedule();
                    }
                    Map<String, Object> plan = new JdbcTemplate(schema.dataSource())
                            .queryForList(
                                    "EXPLAIN "
                                            + QueueOverview.UNFINISHED
                                                    .formatted("overviewplan")
                                                    .formatted("?, ?"),
                                    "2030-01-01 00:00:00",
                                    MAIL.id(),
                                    REPORT.id())
                            .get(0);

                    assertThat(String.valueOf(plan.get("key"))).as("%s", plan).isEqualTo("job_type_index");
                    assertThat(String.valueOf(plan.get("type"))).as("%s", plan).isIn("range", "ref");
                    assertThat(String.valueOf(plan.get("Extra")))
                            .as("no row read for process_at, no temporary table: %s", plan)
                            .contains("Using index")
                            .doesNotContain("temporary");
                });
    }

    @Test
    void refusesAWindowOutOfRange(TestSchema schema) {
        JdbcContexts.withJpa(schema)
                .withPropertyValues("jobqueue.table=overviewbad", "jobqueue.worker.enabled=false")
                .run(context -> assertThatExceptionOfType(InvalidJobInputException.class)
                        .isThrownBy(() -> context.getBean(QueueOverview.class).queues(Duration.ofDays(36)))
                        .withMessageContaining("window must be between 1s and"));
    }
}
