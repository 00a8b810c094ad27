package dev.jobqueue.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.persistence.partition.PartitionMaintainer;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

@ExtendWith(TestDatabaseExtension.class)
class JobQueuePartitionsConfigurationTests {

    private static ApplicationContextRunner runner(TestSchema schema, String table) {
        return new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(DataSourceAutoConfiguration.class, JobQueueAutoConfiguration.class))
                .withPropertyValues(
                        "spring.datasource.url=" + schema.jdbcUrl(),
                        "spring.datasource.username=" + schema.user(),
                        "spring.datasource.password=" + schema.password(),
                        "jobqueue.table=" + table,
                        "jobqueue.worker.enabled=false");
    }

    @Test
    void weeklyPartitionsAreCreatedAtStartup(TestSchema schema) {
        runner(schema, "weekly")
                .withPropertyValues("jobqueue.partitions.horizon=21d")
                .run(context -> {
                    ScheduledPartitionMaintenance maintenance = context.getBean(ScheduledPartitionMaintenance.class);
                    assertThat(maintenance.lastReport()).isNotNull();
                    assertThat(maintenance.failedRounds()).isZero();
                    assertThat(new JdbcTemplate(schema.dataSource()).queryForList("""
                    SELECT partition_name FROM information_schema.partitions
                    WHERE table_schema = DATABASE() AND table_name = 'weekly_data'
                    ORDER BY partition_ordinal_position
                    """, String.class))
                            .hasSizeBetween(4, 5)
                            .allMatch(name -> name.matches("p\\d{4}w\\d{2}|pmax"))
                            .endsWith("pmax");
                });
    }

    @Test
    void partitionMaintenanceShowsInMetricsAndHealth(TestSchema schema) {
        ObservabilityFixture.runner(schema, "observed")
                .withBean(SimpleMeterRegistry.class)
                .withPropertyValues("jobqueue.worker.enabled=false")
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    context.getBeansOfType(MeterBinder.class).values().forEach(binder -> binder.bindTo(registry));
                    assertThat(registry.get("jobqueue.partitions.expired.kept")
                                    .gauge()
                                    .value())
                            .isZero();
                    assertThat(registry.get("jobqueue.partitions.failed.rounds")
                                    .gauge()
                                    .value())
                            .isZero();
                    Health health = context.getBean("jobqueuePartitionsHealthIndicator", HealthIndicator.class)
                            .health(true);
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails())
                            .containsEntry("expiredPartitionsKeptLive", 0)
                            .containsEntry("failedRounds", 0)
                            .containsKey("lastRound");
                });
    }

    @Test
    void partitionMaintenanceCanBeSwitchedOff(TestSchema schema) {
        runner(schema, "unmaintained")
                .withPropertyValues("jobqueue.partitions.enabled=false")
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(PartitionMaintainer.class)
                        .doesNotHaveBean(ScheduledPartitionMaintenance.class));
    }

    @Test
    void aRetentionOutOfRangeStopsStartup(TestSchema schema) {
        runner(schema, "badretention")
                .withPropertyValues("jobqueue.partitions.retention=-1d")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .hasStackTraceContaining("jobqueue.partitions")
                        .hasStackTraceContaining("retention"));
    }
}
