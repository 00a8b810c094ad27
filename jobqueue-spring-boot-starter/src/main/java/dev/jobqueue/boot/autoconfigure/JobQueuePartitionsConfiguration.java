package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.domain.TableName;
import dev.jobqueue.persistence.partition.PartitionDropHook;
import dev.jobqueue.persistence.partition.PartitionMaintainer;
import dev.jobqueue.persistence.partition.PartitionSettings;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Partition maintenance, unless {@code jobqueue.partitions.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "jobqueue.partitions.enabled", matchIfMissing = true)
class JobQueuePartitionsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @DependsOnDatabaseInitialization
    PartitionMaintainer jobQueuePartitionMaintainer(
            DataSource dataSource, JobQueueProperties properties, ObjectProvider<PartitionDropHook> hook) {
        JobQueueProperties.Partitions partitions = properties.getPartitions();
        // JobQueueProperties refused out-of-range values with their property paths when bound.
        PartitionSettings settings = new PartitionSettings(
                partitions.getHorizon(),
                partitions.getRetention(),
                partitions.getDdlLockWaitTimeout(),
                partitions.isDropAdopted());
        return new PartitionMaintainer(
                dataSource,
                TableName.of(properties.getTable()),
                Clock.systemUTC(),
                settings,
                hook.getIfAvailable(() -> PartitionDropHook.NONE));
    }

    @Bean
    @ConditionalOnMissingBean
    ScheduledPartitionMaintenance jobQueuePartitionMaintenance(
            PartitionMaintainer maintainer, JobQueueProperties properties) {
        return new ScheduledPartitionMaintenance(
                maintainer, properties.getPartitions().getInterval());
    }
}
