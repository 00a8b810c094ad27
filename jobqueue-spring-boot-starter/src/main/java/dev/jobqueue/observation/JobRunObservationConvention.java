package dev.jobqueue.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names a {@code jobqueue.run} observation and gives its key values; declare a bean of this type
 * to replace {@link DefaultJobRunObservationConvention}.
 *
 * @since 0.2.0
 */
public interface JobRunObservationConvention extends ObservationConvention<JobRunContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof JobRunContext;
    }
}
