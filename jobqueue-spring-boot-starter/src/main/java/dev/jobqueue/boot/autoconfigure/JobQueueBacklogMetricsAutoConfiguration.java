package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.worker.JobHandlerRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Queue depth and lag gauges ({@code jobqueue.queue.depth}, {@code jobqueue.queue.lag}) for
 * each (tenant, type) this node serves, sampled from the database every
 * {@code jobqueue.metrics.sample-interval}. Runs after {@link JobQueueAutoConfiguration}
 * because it needs the {@link JobQueue}; the counters come from
 * {@link JobQueueMetricsAutoConfiguration}, which has to run before it.
 *
 * @since 0.1.0
 */
@AutoConfiguration(
        after = JobQueueAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"
        })
@ConditionalOnClass({MeterRegistry.class, JobQueue.class})
@ConditionalOnBean({MeterRegistry.class, JobQueue.class})
@EnableConfigurationProperties({JobQueueProperties.class, JobQueueMetricsProperties.class})
public final class JobQueueBacklogMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    QueueBacklogSampler jobQueueBacklogSampler(
            JobQueue jobQueue,
            DataSource dataSource,
            ObjectProvider<JobHandlerRegistry> handlers,
            JobQueueProperties properties,
            JobQueueMetricsProperties metrics,
            MeterRegistry meterRegistry) {
        OldestScheduledJobQuery oldest = new OldestScheduledJobQuery(
                new JdbcTemplate(dataSource), jobQueue.settings().table());
        ServedQueues served =
                new ServedQueues(handlers.getIfAvailable(JobHandlerRegistry::new), ServedQueues.tenants(properties));
        return new QueueBacklogSampler(jobQueue, oldest, served, meterRegistry, metrics.getSampleInterval());
    }

    /** {@code jobqueue.jobs.unserved}: due jobs that no live node serves (issue #14). */
    @Bean
    @ConditionalOnBean(UnservedQueuesWatch.class)
    UnservedQueuesGauges jobQueueUnservedGauges(UnservedQueuesWatch watch, MeterRegistry meterRegistry) {
        return new UnservedQueuesGauges(watch, meterRegistry);
    }

    /** Partition maintenance, as gauges: what an operator must act on (see docs/operations.md). */
    @Bean
    @ConditionalOnBean(ScheduledPartitionMaintenance.class)
    MeterBinder jobQueuePartitionMetrics(ScheduledPartitionMaintenance maintenance, JobQueueProperties properties) {
        return registry -> {
            Tags table = Tags.of("table", properties.getTable());
            Gauge.builder(
                            "jobqueue.partitions.expired.kept",
                            maintenance,
                            m -> m.lastReport() == null
                                    ? Double.NaN
                                    : m.lastReport().keptLive().size())
                    .description("Expired partitions kept because they still hold scheduled or processing jobs")
                    .tags(table)
                    .register(registry);
            Gauge.builder(
                            "jobqueue.partitions.expired.live.jobs",
                            maintenance,
                            m -> m.lastReport() == null
                                    ? Double.NaN
                                    : m.lastReport().liveJobsInKeptPartitions())
                    .description("Scheduled or processing jobs in expired partitions")
                    .tags(table)
                    .register(registry);
            Gauge.builder(
                            "jobqueue.partitions.catchall.rows",
                            maintenance,
                            m -> m.lastReport() == null
                                    ? Double.NaN
                                    : m.lastReport().catchAllRows())
                    .description("Rows in the catch-all partition beyond the horizon")
                    .tags(table)
                    .register(registry);
            Gauge.builder("jobqueue.partitions.failed.rounds", maintenance, ScheduledPartitionMaintenance::failedRounds)
                    .description("Partition maintenance rounds that failed since startup")
                    .tags(table)
                    .register(registry);
        };
    }
}
