package dev.jobqueue.observation;

import io.micrometer.common.KeyValues;

/**
 * The default {@code jobqueue.run} convention. Low-cardinality key values: {@code jobqueue.type}
 * (the handler's name), {@code jobqueue.tenant}, {@code jobqueue.attempt} and
 * {@code jobqueue.outcome} ({@code none} while the handler runs); high-cardinality:
 * {@code jobqueue.job.id}.
 *
 * @since 0.2.0
 */
public class DefaultJobRunObservationConvention implements JobRunObservationConvention {

    /** The name of the observation, and of its timer. */
    public static final String NAME = "jobqueue.run";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(JobRunContext context) {
        return "run " + context.getTypeName();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(JobRunContext context) {
        String outcome = context.getOutcome();
        return KeyValues.of(
                "jobqueue.type",
                context.getTypeName(),
                "jobqueue.tenant",
                Integer.toString(context.getTenant().value()),
                "jobqueue.attempt",
                Integer.toString(context.getAttempt()),
                "jobqueue.outcome",
                outcome == null ? "none" : outcome);
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(JobRunContext context) {
        return KeyValues.of("jobqueue.job.id", context.getJobId().value());
    }
}
