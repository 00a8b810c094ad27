package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.worker.JobQueueObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Counts what the queue does with Micrometer: counters {@code jobqueue.jobs.scheduled},
 * {@code .claimed}, {@code .completed}, {@code .failed} (tag {@code retried}),
 * {@code .rescheduled}, {@code .recovered} and {@code .lost}, and the timer
 * {@code jobqueue.handler.duration} (tag {@code outcome}: success or failure). Every meter
 * is tagged with {@code type} (the handler's name, or the numeric id for a type this node
 * has no handler for) and {@code tenant}.
 *
 * <p>Meters are created once per name, type and tenant and then reused. The {@code type} tag
 * is resolved when a meter is first needed, so a job type is best scheduled after its handler
 * bean has been created.
 *
 * @since 0.1.0
 */
public final class MicrometerJobQueueObserver implements JobQueueObserver {

    private static final String PREFIX = "jobqueue.jobs.";

    private final MeterRegistry registry;
    private final Function<JobType, @Nullable String> typeNames;
    private final Map<MeterKey, Counter> counters = new ConcurrentHashMap<>();
    private final Map<MeterKey, Timer> timers = new ConcurrentHashMap<>();

    /**
     * Creates an observer that registers its meters in {@code registry}.
     *
     * @param registry where the meters go
     * @param typeNames the handler name of a job type, or {@code null} when it has none
     */
    public MicrometerJobQueueObserver(MeterRegistry registry, Function<JobType, @Nullable String> typeNames) {
        this.registry = registry;
        this.typeNames = typeNames;
    }

    @Override
    public void scheduled(JobType type, Tenant tenant, int jobs) {
        counter("scheduled", type, tenant, "").increment(jobs);
    }

    @Override
    public void claimed(JobType type, Tenant tenant, int jobs) {
        counter("claimed", type, tenant, "").increment(jobs);
    }

    @Override
    public void completed(JobType type, Tenant tenant, int jobs) {
        counter("completed", type, tenant, "").increment(jobs);
    }

    @Override
    public void failed(JobType type, Tenant tenant, boolean retried) {
        counter("failed", type, tenant, Boolean.toString(retried)).increment();
    }

    @Override
    public void rescheduled(JobType type, Tenant tenant) {
        counter("rescheduled", type, tenant, "").increment();
    }

    @Override
    public void recovered(JobType type, Tenant tenant, int jobs) {
        counter("recovered", type, tenant, "").increment(jobs);
    }

    @Override
    public void lost(JobType type, Tenant tenant, int jobs) {
        counter("lost", type, tenant, "").increment(jobs);
    }

    @Override
    public void handlerFinished(JobType type, Tenant tenant, Duration duration, boolean success) {
        MeterKey key = new MeterKey("handler", type, tenant, success ? "success" : "failure");
        timers.computeIfAbsent(key, this::newTimer).record(duration);
    }

    private Counter counter(String event, JobType type, Tenant tenant, String retried) {
        return counters.computeIfAbsent(new MeterKey(event, type, tenant, retried), this::newCounter);
    }

    private Counter newCounter(MeterKey key) {
        Counter.Builder builder = Counter.builder(PREFIX + key.event())
                .description("Jobs " + key.event() + ", by type and tenant")
                .tag("type", typeTag(key.type()))
                .tag("tenant", key.tenant().toString());
        if (!key.qualifier().isEmpty()) {
            builder.tag("retried", key.qualifier());
        }
        return builder.register(registry);
    }

    private Timer newTimer(MeterKey key) {
        return Timer.builder("jobqueue.handler.duration")
                .description("Time a @JobHandler method took, by type, tenant and outcome")
                .tag("type", typeTag(key.type()))
                .tag("tenant", key.tenant().toString())
                .tag("outcome", key.qualifier())
                .register(registry);
    }

    private String typeTag(JobType type) {
        String name = typeNames.apply(type);
        return name == null ? type.toString() : name;
    }

    /** One meter: the event, the type and tenant, and the retried or outcome tag ("" when none). */
    private record MeterKey(String event, JobType type, Tenant tenant, String qualifier) {}
}
