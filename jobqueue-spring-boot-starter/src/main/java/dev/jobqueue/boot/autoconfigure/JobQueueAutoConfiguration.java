package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.handler.JobListener;
import dev.jobqueue.lifecycle.JobLifecycle;
import dev.jobqueue.lifecycle.JobLifecycleCustomizer;
import dev.jobqueue.observation.DefaultJobScheduleObservationConvention;
import dev.jobqueue.observation.JobRunObservationConvention;
import dev.jobqueue.observation.JobScheduleObservationConvention;
import dev.jobqueue.persistence.internal.DatabaseClock;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.persistence.internal.JobQueueSettings;
import dev.jobqueue.persistence.internal.JpaJobReader;
import dev.jobqueue.persistence.partition.PartitionDropHook;
import dev.jobqueue.scheduling.FlowControl;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.scheduling.Jobs;
import dev.jobqueue.scheduling.QueueOverview;
import dev.jobqueue.scheduling.internal.ScheduleObservations;
import dev.jobqueue.scheduling.internal.SchedulingBeans;
import dev.jobqueue.worker.FaultSettings;
import dev.jobqueue.worker.HandlerMethod;
import dev.jobqueue.worker.JobHandlerPostProcessor;
import dev.jobqueue.worker.JobHandlerRegistry;
import dev.jobqueue.worker.JobQueueObserver;
import dev.jobqueue.worker.JobWorkers;
import dev.jobqueue.worker.LocalNode;
import dev.jobqueue.worker.LocalWakeups;
import dev.jobqueue.worker.WorkerSettings;
import io.micrometer.observation.ObservationRegistry;
import jakarta.persistence.EntityManagerFactory;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration of jobqueue: the lifecycle (with the application's customizers), the
 * {@link JobQueue}, the {@link JobScheduler}, and on worker nodes the {@link JobWorkers}
 * that run the application's {@code @JobHandler} methods.
 *
 * @since 0.1.0
 */
@AutoConfiguration(
        after = {
            DataSourceAutoConfiguration.class,
            HibernateJpaAutoConfiguration.class,
            TransactionAutoConfiguration.class,
            JacksonAutoConfiguration.class
        },
        afterName = "org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration")
@ConditionalOnClass(JobQueue.class)
@ConditionalOnBean(DataSource.class)
@ConditionalOnBooleanProperty(name = "jobqueue.enabled", matchIfMissing = true)
@EnableConfigurationProperties(JobQueueProperties.class)
@Import({JobQueueSchemaConfiguration.class, JobQueuePartitionsConfiguration.class})
public final class JobQueueAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    JobLifecycle jobLifecycle(ObjectProvider<JobLifecycleCustomizer> customizers) {
        JobLifecycle.Builder builder = JobLifecycle.builder();
        customizers.orderedStream().forEach(builder::customize);
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    JobQueueConnections jobQueueConnections(DataSource dataSource, JobQueueProperties properties) {
        return JobQueueConnections.open(dataSource, properties.getPool());
    }

    @Bean
    @ConditionalOnMissingBean
    @DependsOnDatabaseInitialization
    JobQueue jobQueue(
            DataSource dataSource,
            ObjectProvider<PlatformTransactionManager> transactions,
            JobQueueConnections connections,
            JobQueueProperties properties,
            JobLifecycle lifecycle,
            ObjectProvider<JsonMapper> json,
            JobHandlerRegistry registry) {
        // Due checks and leases follow the database server's clock, so nodes whose clocks differ agree.
        DataSource own = connections.dataSource();
        JobQueueSettings settings = new JobQueueSettings(
                        TableName.of(properties.getTable()),
                        properties.getDefaultExecutions(),
                        properties.getLockRetries(),
                        DatabaseClock.following(own == null ? dataSource : own, Clock.systemUTC()))
                .withCorrelationScopes(new CorrelationScopes(registry, properties));
        return new JobQueue(
                dataSource,
                transactions.getIfAvailable(() -> new JdbcTransactionManager(dataSource)),
                connections.dataSource(),
                settings,
                lifecycle,
                json.getIfAvailable(() -> JsonMapper.builder().build()));
    }

    // Infrastructure: the post-processor below may need the registry while other beans are created.
    @Bean
    @ConditionalOnMissingBean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static JobHandlerRegistry jobHandlerRegistry() {
        return new JobHandlerRegistry();
    }

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static JobHandlerPostProcessor jobHandlerPostProcessor(ObjectProvider<JobHandlerRegistry> jobHandlerRegistry) {
        // Lazy, as Boot's own post-processors: an application's registry bean need not be infrastructure.
        return new JobHandlerPostProcessor(jobHandlerRegistry::getObject);
    }

    @Bean
    @ConditionalOnMissingBean
    LocalWakeups jobQueueLocalWakeups() {
        return new LocalWakeups();
    }

    @Bean
    @ConditionalOnMissingBean
    JobQueueObserver jobQueueObserver() {
        return JobQueueObserver.NONE;
    }

    @Bean
    @ConditionalOnMissingBean
    JobScheduler jobScheduler(
            JobQueue jobQueue,
            LocalWakeups wakeups,
            JobQueueObserver observer,
            JobHandlerRegistry registry,
            JobQueueProperties properties,
            ObjectProvider<JsonMapper> json,
            ObjectProvider<ObservationRegistry> observations,
            ObjectProvider<JobScheduleObservationConvention> convention,
            ObjectProvider<JobQueueShards> shards) {
        ScheduleObservations observed = new ScheduleObservations(
                observations.getIfUnique(() -> ObservationRegistry.NOOP),
                new DefaultJobScheduleObservationConvention((JobType type) ->
                        registry.forType(type).map(HandlerMethod::name).orElse(null)),
                convention.getIfUnique());
        Function<JobType, @Nullable Integer> executions = (JobType type) -> registry.forType(type)
                .map(handler -> properties.type(handler.name()).getExecutions())
                .orElse(null);
        PayloadUniqueKeys uniqueKeys = new PayloadUniqueKeys(
                registry,
                properties,
                json.getIfAvailable(() -> JsonMapper.builder().build()));
        JobQueueShards configured = shards.getIfAvailable();
        if (configured != null && !configured.shards().isEmpty()) {
            return SchedulingBeans.jobScheduler(
                    jobQueue, wakeups, observer, executions, uniqueKeys, observed, configured.routing(jobQueue));
        }
        return SchedulingBeans.jobScheduler(jobQueue, wakeups, observer, executions, uniqueKeys, observed);
    }

    // Reads go through the JPA entities, so the bean needs the application's persistence unit.
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(EntityManagerFactory.class)
    Jobs jobs(
            JobQueue jobQueue,
            EntityManagerFactory entityManagerFactory,
            JobHandlerRegistry registry,
            JobQueueProperties properties,
            ObjectProvider<JobQueueShards> shards) {
        Function<JobType, @Nullable Integer> executions = (JobType type) -> registry.forType(type)
                .map(handler -> properties.type(handler.name()).getExecutions())
                .orElse(null);
        JobQueueShards configured = shards.getIfAvailable();
        if (configured != null && !configured.shards().isEmpty()) {
            return SchedulingBeans.jobs(
                    jobQueue, new JpaJobReader(entityManagerFactory), executions, configured.routing(jobQueue));
        }
        return SchedulingBeans.jobs(jobQueue, new JpaJobReader(entityManagerFactory), executions);
    }

    /** "Scheduled but not served" (issue #14): due jobs that no live node serves, for health, metrics and the log. */
    @Bean
    @ConditionalOnMissingBean
    UnservedQueuesWatch jobQueueUnservedQueuesWatch(JobQueue jobQueue, JobQueueProperties properties) {
        return new UnservedQueuesWatch(
                jobQueue::unserved, properties.getWorker().getNodeTimeout());
    }

    @Bean
    @ConditionalOnMissingBean
    FlowControl flowControl(JobQueue jobQueue) {
        return new FlowControl(jobQueue);
    }

    @Bean
    @ConditionalOnMissingBean
    QueueOverview queueOverview(DataSource dataSource, JobQueue jobQueue) {
        return new QueueOverview(dataSource, jobQueue);
    }

    /** The flow limits of the properties, set once every handler is registered and before workers start. */
    @Bean
    SmartInitializingSingleton jobQueueFlowLimits(
            JobQueue jobQueue,
            JobHandlerRegistry registry,
            JobQueueProperties properties,
            ObjectProvider<JobQueueShards> shards) {
        return () -> {
            ConfiguredFlowLimits.apply(properties, registry, jobQueue.flowLimits());
            shards.ifAvailable(configured -> configured
                    .shards()
                    .forEach(shard -> ConfiguredFlowLimits.apply(
                            properties, registry, shard.queue().flowLimits())));
        };
    }

    /**
     * The databases of {@code jobqueue.shards} (none when it is empty): each one's pool, tables,
     * store and, on a worker node, workers for its tenants, with the application's handlers.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "com.zaxxer.hikari.HikariDataSource")
    static class ShardsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        JobQueueShards jobQueueShards(
                JobQueueProperties properties,
                JobLifecycle lifecycle,
                ObjectProvider<JsonMapper> json,
                JobHandlerRegistry registry,
                JobQueueObserver observer,
                LocalWakeups wakeups,
                ObjectProvider<JobListener> listeners,
                ObjectProvider<ObservationRegistry> observations,
                ObjectProvider<JobRunObservationConvention> convention,
                ObjectProvider<PartitionDropHook> dropHook) {
            JsonMapper mapper = json.getIfAvailable(() -> JsonMapper.builder().build());
            return JobQueueShards.open(
                    properties,
                    (pool, reachable) -> new JobQueue(
                            pool,
                            new JdbcTransactionManager(pool),
                            null,
                            new JobQueueSettings(
                                            TableName.of(properties.getTable()),
                                            properties.getDefaultExecutions(),
                                            properties.getLockRetries(),
                                            reachable
                                                    ? DatabaseClock.following(pool, Clock.systemUTC())
                                                    : Clock.systemUTC())
                                    .withCorrelationScopes(new CorrelationScopes(registry, properties)),
                            lifecycle,
                            mapper),
                    (queue, tenants) -> properties.getWorker().isEnabled()
                            ? WorkerConfiguration.workers(
                                    queue,
                                    tenants,
                                    registry,
                                    properties,
                                    mapper,
                                    observer,
                                    wakeups,
                                    listeners,
                                    observations,
                                    convention)
                            : null,
                    dropHook.getIfAvailable(() -> PartitionDropHook.NONE));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "jobqueue.worker.enabled", matchIfMissing = true)
    static class WorkerConfiguration {

        @Bean
        @ConditionalOnMissingBean
        @DependsOnDatabaseInitialization
        JobWorkers jobWorkers(
                JobQueue jobQueue,
                JobHandlerRegistry registry,
                JobQueueProperties properties,
                ObjectProvider<JsonMapper> json,
                JobQueueObserver observer,
                LocalWakeups wakeups,
                ObjectProvider<JobListener> listeners,
                ObjectProvider<ObservationRegistry> observations,
                ObjectProvider<JobRunObservationConvention> convention,
                ObjectProvider<JobQueueShards> shards) {
            // The tenants a shard names are served by that shard's workers, not here.
            JobQueueShards configured = shards.getIfAvailable();
            Set<Tenant> elsewhere = configured == null ? Set.of() : configured.tenants();
            List<Tenant> tenants = properties.getTenants().stream()
                    .map(Tenant::of)
                    .filter(tenant -> !elsewhere.contains(tenant))
                    .toList();
            return workers(
                    jobQueue,
                    tenants,
                    registry,
                    properties,
                    json.getIfAvailable(() -> JsonMapper.builder().build()),
                    observer,
                    wakeups,
                    listeners,
                    observations,
                    convention);
        }

        static JobWorkers workers(
                JobQueue jobQueue,
                List<Tenant> tenants,
                JobHandlerRegistry registry,
                JobQueueProperties properties,
                JsonMapper json,
                JobQueueObserver observer,
                LocalWakeups wakeups,
                ObjectProvider<JobListener> listeners,
                ObjectProvider<ObservationRegistry> observations,
                ObjectProvider<JobRunObservationConvention> convention) {
            JobQueueProperties.Worker worker = properties.getWorker();
            WorkerSettings settings = new WorkerSettings(
                    worker.getPollInterval(),
                    worker.getMaxPollInterval(),
                    worker.getRecoveryInterval(),
                    worker.getShutdownTimeout(),
                    worker.isVirtualThreads());
            JobWorkers workers = new JobWorkers(
                    jobQueue,
                    registry,
                    new TypeSettingsResolver(properties, JobQueueAutoConfiguration.class.getClassLoader()),
                    tenants,
                    settings,
                    json,
                    observer,
                    wakeups,
                    listeners.orderedStream().toList(),
                    new FaultSettings(LocalNode.current(), worker.getStackTraceLimit(), worker.getNodeTimeout()));
            workers.setAutoStartup(worker.isAutoStartup());
            workers.setObservationRegistry(
                    observations.getIfUnique(() -> ObservationRegistry.NOOP), convention.getIfUnique());
            return workers;
        }

        @Bean
        SmartInitializingSingleton jobHandlerValidator(JobHandlerRegistry registry, JobQueueProperties properties) {
            return () -> JobQueuePropertiesValidator.requireHandlersForConfiguredTypes(properties, registry);
        }
    }
}
