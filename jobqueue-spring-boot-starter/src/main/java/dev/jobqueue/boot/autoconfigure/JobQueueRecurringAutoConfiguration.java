package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.observation.DefaultJobScheduleObservationConvention;
import dev.jobqueue.observation.JobScheduleObservationConvention;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.persistence.internal.RecurringStore;
import dev.jobqueue.recurring.RecurringJobs;
import dev.jobqueue.recurring.internal.DeclaredSchedules;
import dev.jobqueue.recurring.internal.RecurringAnnotations;
import dev.jobqueue.recurring.internal.RecurringPoller;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.scheduling.internal.ScheduleObservations;
import dev.jobqueue.worker.HandlerMethod;
import dev.jobqueue.worker.JobHandlerRegistry;
import dev.jobqueue.worker.LocalWakeups;
import io.micrometer.observation.ObservationRegistry;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import tools.jackson.databind.json.JsonMapper;

/**
 * Recurring jobs (issue #16): the {@link RecurringJobs} bean, the schedules declared with
 * {@code @Recurring} and in {@code jobqueue.recurring.<name>.*}, synced at startup, and the poller
 * that turns due fire times into jobs on every node.
 *
 * @since 0.2.0
 */
@AutoConfiguration(after = JobQueueAutoConfiguration.class)
@ConditionalOnBean(JobQueue.class)
@ConditionalOnBooleanProperty(name = "jobqueue.enabled", matchIfMissing = true)
public final class JobQueueRecurringAutoConfiguration {

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static RecurringAnnotations jobQueueRecurringAnnotations() {
        return new RecurringAnnotations();
    }

    @Bean
    @ConditionalOnMissingBean
    @DependsOnDatabaseInitialization
    RecurringStore jobQueueRecurringStore(
            JobQueue jobQueue,
            DataSource dataSource,
            JobQueueConnections connections,
            ObjectProvider<JsonMapper> json) {
        DataSource own = connections.dataSource();
        return new RecurringStore(
                own == null ? dataSource : own,
                jobQueue.settings(),
                json.getIfAvailable(() -> JsonMapper.builder().build()));
    }

    @Bean
    @ConditionalOnMissingBean
    RecurringJobs recurringJobs(RecurringStore store, JobScheduler scheduler, JobQueue jobQueue) {
        return new RecurringJobs(
                store,
                scheduler,
                jobQueue.settings().clock(),
                jobQueue.settings().table().schedules());
    }

    @Bean
    @ConditionalOnMissingBean
    RecurringPoller jobQueueRecurringPoller(
            RecurringStore store,
            JobQueue jobQueue,
            JobQueueProperties properties,
            JobHandlerRegistry registry,
            LocalWakeups wakeups,
            RecurringAnnotations annotations,
            ObjectProvider<ObservationRegistry> observations,
            ObjectProvider<JobScheduleObservationConvention> convention) {
        ScheduleObservations observed = new ScheduleObservations(
                observations.getIfUnique(() -> ObservationRegistry.NOOP),
                new DefaultJobScheduleObservationConvention((JobType type) ->
                        registry.forType(type).map(HandlerMethod::name).orElse(null)),
                convention.getIfUnique());
        DeclaredSchedules declared =
                new DeclaredSchedules(store, jobQueue.settings().clock());
        return new RecurringPoller(
                store,
                jobQueue.settings().clock(),
                properties.getRecurringPollInterval(),
                (JobType type) -> registry.forType(type)
                        .map(handler -> properties.type(handler.name()).getExecutions())
                        .orElse(null),
                wakeups,
                () -> declared.sync(RecurringDeclarations.of(annotations, properties.getRecurring(), registry)),
                observed);
    }
}
