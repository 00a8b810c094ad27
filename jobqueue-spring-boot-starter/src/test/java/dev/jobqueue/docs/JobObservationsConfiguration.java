package dev.jobqueue.docs;

import dev.jobqueue.observation.DefaultJobRunObservationConvention;
import dev.jobqueue.observation.JobRunContext;
import dev.jobqueue.observation.JobRunObservationConvention;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.ObservationPredicate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The sample of docs/observability.md, "Changing the observations", compiled as shown. */
@Configuration(proxyBeanMethods = false)
class JobObservationsConfiguration {

    /** Run timers tagged with the attempt as first or retry: two series instead of one per attempt number. */
    @Bean
    JobRunObservationConvention jobRunObservationConvention() {
        return new DefaultJobRunObservationConvention() {
            @Override
            public KeyValues getLowCardinalityKeyValues(JobRunContext context) {
                return super.getLowCardinalityKeyValues(context)
                        .and("jobqueue.attempt", context.getAttempt() == 1 ? "first" : "retry");
            }
        };
    }

    /** No observation of scheduling, for an application that schedules millions of jobs an hour. */
    @Bean
    ObservationPredicate noJobScheduleObservations() {
        return (name, context) -> !name.equals("jobqueue.schedule");
    }
}
