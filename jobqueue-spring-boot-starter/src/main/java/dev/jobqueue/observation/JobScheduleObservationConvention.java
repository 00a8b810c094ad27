package dev.jobqueue.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names a {@code jobqueue.schedule} observation and gives its key values; declare a bean of this
 * type to replace {@link DefaultJobScheduleObservationConvention}.
 *
 * @since 0.2.0
 */
public interface JobScheduleObservationConvention extends ObservationConvention<JobScheduleContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof JobScheduleContext;
    }
}
