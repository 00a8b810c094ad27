package dev.jobqueue.scheduling.internal;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.internal.TraceHeaders;
import dev.jobqueue.observation.DefaultJobScheduleObservationConvention;
import dev.jobqueue.observation.JobScheduleContext;
import dev.jobqueue.observation.JobScheduleObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Observes each call of the scheduler as one {@code jobqueue.schedule} observation and hands the
 * headers a tracer propagated from it to the write, which stores them with the jobs. Without an
 * observation registry, or without a tracer among its handlers, nothing is propagated and nothing
 * is stored. Not API.
 */
public final class ScheduleObservations {

    /** No observation: every write gets no trace context. */
    public static final ScheduleObservations NONE =
            new ScheduleObservations(ObservationRegistry.NOOP, new DefaultJobScheduleObservationConvention(), null);

    private final ObservationRegistry registry;
    private final JobScheduleObservationConvention defaultConvention;
    private final @Nullable JobScheduleObservationConvention customConvention;

    public ScheduleObservations(
            ObservationRegistry registry,
            JobScheduleObservationConvention defaultConvention,
            @Nullable JobScheduleObservationConvention customConvention) {
        this.registry = registry;
        this.defaultConvention = defaultConvention;
        this.customConvention = customConvention;
    }

    /**
     * Runs {@code write} (given the trace context to store, or null) inside the observation of
     * scheduling {@code jobs}; {@code ids} tells which ids it wrote.
     */
    public <T> T observe(List<NewJob> jobs, Function<@Nullable String, T> write, Function<T, List<JobId>> ids) {
        if (registry.isNoop()) {
            return write.apply(null);
        }
        JobScheduleContext context = new JobScheduleContext(jobs);
        Observation observation =
                Observation.createNotStarted(customConvention, defaultConvention, () -> context, registry);
        return observation.observe(() -> {
            Map<String, String> carrier = context.getCarrier();
            T written = write.apply(carrier == null ? null : TraceHeaders.encode(carrier));
            context.setJobIds(ids.apply(written));
            return written;
        });
    }
}
