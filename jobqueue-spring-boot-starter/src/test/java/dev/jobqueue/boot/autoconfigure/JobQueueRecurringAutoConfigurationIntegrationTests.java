package dev.jobqueue.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.handler.JobHandler;
import dev.jobqueue.recurring.MissedRuns;
import dev.jobqueue.recurring.Recurring;
import dev.jobqueue.recurring.RecurringJob;
import dev.jobqueue.recurring.RecurringJobs;
import dev.jobqueue.recurring.RecurringSchedule;
import dev.jobqueue.recurring.internal.RecurringPoller;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.time.ZoneId;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

/** Recurring jobs declared with {@code @Recurring} and in YAML, synced at every start (issue #16). */
@ExtendWith(TestDatabaseExtension.class)
class JobQueueRecurringAutoConfigurationIntegrationTests {

    private final ApplicationContextRunner contextRunner;

    JobQueueRecurringAutoConfigurationIntegrationTests(TestSchema schema) {
        this.contextRunner = JdbcContexts.on(schema)
                .withConfiguration(AutoConfigurations.of(JobQueueRecurringAutoConfiguration.class))
                .withBean(Reports.class)
                .withPropertyValues("jobqueue.worker.enabled=false");
    }

    static class Reports {
        @JobHandler(id = 21, name = "report")
        @Recurring(cron = "0 0 6 * * MON-FRI", zone = "Europe/Berlin", payload = "{\"format\":\"pdf\"}")
        void send() {}
    }

    @Test
    void annotatedAndYamlSchedulesAreStoredAtStartup() {
        contextRunner
                .withPropertyValues(
                        "jobqueue.table=rc_start",
                        "jobqueue.recurring.nightly.cron=0 30 1 * * *",
                        "jobqueue.recurring.nightly.type=report",
                        "jobqueue.recurring.nightly.missed=each",
                        "jobqueue.recurring.nightly.missed-limit=5",
                        "jobqueue.recurring.nightly.payload.full=true")
                .run(context -> {
                    assertThat(context)
                            .hasNotFailed()
                            .hasSingleBean(RecurringJobs.class)
                            .hasSingleBean(RecurringPoller.class);
                    RecurringJobs jobs = context.getBean(RecurringJobs.class);
                    assertThat(jobs.all())
                            .extracting(schedule -> schedule.job().name())
                            .containsExactly("nightly", "report");
                    RecurringSchedule report = jobs.find("report").orElseThrow();
                    assertThat(report.declared()).isTrue();
                    assertThat(report.job().cron()).isEqualTo("0 0 6 * * MON-FRI");
                    assertThat(report.job().zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
                    assertThat(report.job().payload()).isEqualTo("{\"format\":\"pdf\"}");
                    RecurringSchedule nightly = jobs.find("nightly").orElseThrow();
                    assertThat(nightly.job().type().id()).isEqualTo(21);
                    assertThat(nightly.job().missed()).isEqualTo(MissedRuns.EACH);
                    assertThat(nightly.job().missedLimit()).isEqualTo(5);
                    // Properties are text (a YAML file keeps its booleans and numbers).
                    assertThat(nightly.job().payload()).isEqualTo("{\"full\":\"true\"}");
                });
    }

    @Test
    void aRestartAppliesChangedYamlAndDeletesSchedulesNoLongerDeclared() {
        String table = "jobqueue.table=rc_restart";
        contextRunner
                .withPropertyValues(
                        table,
                        "jobqueue.recurring.nightly.cron=0 30 1 * * *",
                        "jobqueue.recurring.nightly.type=21",
                        "jobqueue.recurring.report.zone=UTC")
                .run(context -> {
                    RecurringJobs jobs = context.getBean(RecurringJobs.class);
                    assertThat(jobs.find("report").orElseThrow().job().zone()).isEqualTo(ZoneId.of("UTC"));
                    assertThat(jobs.find("report").orElseThrow().job().cron()).isEqualTo("0 0 6 * * MON-FRI");
                    jobs.create(RecurringJob.every("from-api", JobType.of(21), Duration.ofHours(1)));
                });
        contextRunner
                .withPropertyValues(
                        table,
                        "jobqueue.recurring.nightly.cron=0 45 2 * * *",
                        "jobqueue.recurring.nightly.type=report",
                        "jobqueue.recurring.report.enabled=false")
                .run(context -> {
                    RecurringJobs jobs = context.getBean(RecurringJobs.class);
                    assertThat(jobs.find("nightly").orElseThrow().job().cron()).isEqualTo("0 45 2 * * *");
                    assertThat(jobs.find("report").orElseThrow().paused()).isTrue();
                    assertThat(jobs.find("report").orElseThrow().job().zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
                });
        contextRunner.withPropertyValues(table).run(context -> {
            RecurringJobs jobs = context.getBean(RecurringJobs.class);
            assertThat(jobs.all()).extracting(schedule -> schedule.job().name()).containsExactly("from-api", "report");
            assertThat(jobs.find("report").orElseThrow().paused()).isFalse();
        });
    }

    @Test
    void aYamlScheduleOfAnUnknownTypeStopsStartupNamingTheProperty() {
        contextRunner
                .withPropertyValues(
                        "jobqueue.table=rc_bad", "jobqueue.recurring.x.interval=1m", "jobqueue.recurring.x.type=nobody")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("jobqueue.recurring.x.type must name a @JobHandler")
                        .hasMessageContaining("'nobody'"));
        contextRunner
                .withPropertyValues("jobqueue.table=rc_bad", "jobqueue.recurring.x.type=report")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("jobqueue.recurring.x.cron")
                        .hasMessageContaining("exactly one of cron and interval"));
    }

    @Test
    void anIntervalScheduleWritesJobsWhileTheApplicationRuns() {
        contextRunner
                .withPropertyValues(
                        "jobqueue.table=rc_run",
                        "jobqueue.recurring-poll-interval=100ms",
                        "jobqueue.recurring.tick.interval=1s",
                        "jobqueue.recurring.tick.type=report")
                .run(context -> {
                    JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
                    await().atMost(Duration.ofSeconds(10))
                            .untilAsserted(() -> assertThat(jdbc.queryForObject(
                                            "SELECT COUNT(*) FROM rc_run WHERE job_type = 21", Integer.class))
                                    .isGreaterThanOrEqualTo(2));
                    assertThat(jdbc.queryForList(
                                    "SELECT process_at FROM rc_run GROUP BY process_at" + " HAVING COUNT(*) > 1"))
                            .isEmpty();
                    assertThat(jdbc.queryForObject(
                                    "SELECT COUNT(*) FROM rc_run_data WHERE properties = ?",
                                    Integer.class,
                                    "{\"format\":\"pdf\"}"))
                            .isZero();
                });
    }
}
