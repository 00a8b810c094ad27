package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.scheduling.Jobs;
import dev.jobqueue.worker.JobHandlerRegistry;
import dev.jobqueue.worker.JobWorkers;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code jobqueue} health indicator (with spring-boot-health) and the {@code jobqueue}
 * actuator endpoint (with spring-boot-actuator).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = JobQueueAutoConfiguration.class)
@ConditionalOnClass(JobQueue.class)
@ConditionalOnBean(JobQueue.class)
@EnableConfigurationProperties(JobQueueProperties.class)
public final class JobQueueActuatorAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class HealthConfiguration {

        /**
         * Named so that the contributor is {@code jobqueue}, like its enabling property. The
         * enabling condition sits on the method: on the class it would be loaded, and fail,
         * before {@code @ConditionalOnClass} had found spring-boot-health missing.
         */
        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnEnabledHealthIndicator("jobqueue")
        JobQueueHealthIndicator jobqueueHealthIndicator(
                DataSource dataSource,
                JobQueue jobQueue,
                ObjectProvider<JobWorkers> workers,
                JobQueueProperties properties,
                ObjectProvider<UnservedQueuesWatch> unserved) {
            JobQueueHealthIndicator indicator = new JobQueueHealthIndicator(
                    dataSource,
                    workers.getIfAvailable(),
                    properties.getWorker().getMaxPollInterval(),
                    jobQueue.settings().table(),
                    properties.getHealth().getTimeout());
            unserved.ifAvailable(indicator::withUnserved);
            return indicator;
        }

        @Bean
        @ConditionalOnMissingBean(PartitionsHealthIndicator.class)
        @ConditionalOnBean(ScheduledPartitionMaintenance.class)
        @ConditionalOnEnabledHealthIndicator("jobqueue")
        HealthIndicator jobqueuePartitionsHealthIndicator(ScheduledPartitionMaintenance maintenance) {
            return new PartitionsHealthIndicator(maintenance);
        }

        /** Contributor {@code jobqueuePauses}: the paused job types (issue #14). */
        @Bean
        @ConditionalOnMissingBean(JobQueuePausesHealthIndicator.class)
        @ConditionalOnEnabledHealthIndicator("jobqueue")
        HealthIndicator jobqueuePausesHealthIndicator(JobQueue jobQueue, ObjectProvider<JobWorkers> workers) {
            JobWorkers local = workers.getIfAvailable();
            return new JobQueuePausesHealthIndicator(local == null ? jobQueue::paused : local::pausedQueues);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Endpoint.class)
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        JobQueueEndpoint jobQueueEndpoint(
                JobQueue jobQueue, ObjectProvider<JobHandlerRegistry> handlers, JobQueueProperties properties) {
            return new JobQueueEndpoint(
                    jobQueue, handlers.getIfAvailable(JobHandlerRegistry::new), ServedQueues.tenants(properties));
        }

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBean(Jobs.class)
        JobQueueOperationsEndpoint jobQueueOperationsEndpoint(Jobs jobs) {
            return new JobQueueOperationsEndpoint(jobs);
        }
    }
}
