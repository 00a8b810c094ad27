package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.boot.autoconfigure.ServedQueues.ServedQueue;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.internal.DaemonScheduler;
import dev.jobqueue.internal.Redaction;
import dev.jobqueue.persistence.internal.JobQueue;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Samples the backlog of each served queue on a daemon thread of its own: gauges
 * {@code jobqueue.queue.depth} (scheduled and processing jobs; finished
 * jobs are left to the counters, so a sample costs the same however much history is kept) and {@code jobqueue.queue.lag} (how long the
 * oldest due scheduled job has waited, 0 when none is due). A failed sample sets the queue's
 * gauges to NaN, so a dashboard shows a gap rather than an old value.
 */
final class QueueBacklogSampler implements SmartLifecycle {

    private static final Logger LOGGER = LoggerFactory.getLogger(QueueBacklogSampler.class);

    private final JobQueue queue;
    private final OldestScheduledJobQuery oldest;
    private final ServedQueues servedQueues;
    private final MeterRegistry registry;
    private final Duration interval;
    private final Map<ServedQueue, Backlog> backlogs = new ConcurrentHashMap<>();
    private @Nullable DaemonScheduler scheduler;

    QueueBacklogSampler(
            JobQueue queue,
            OldestScheduledJobQuery oldest,
            ServedQueues served,
            MeterRegistry registry,
            Duration interval) {
        this.queue = queue;
        this.oldest = oldest;
        this.servedQueues = served;
        this.registry = registry;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = DaemonScheduler.named("jobqueue-metrics");
        scheduler.repeat(Duration.ZERO, interval, this::sampleAll);
        LOGGER.debug("Sampling queue depth and lag every {}", interval);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.close();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    /** One round over every served queue; never throws, or the scheduler would stop sampling. */
    void sampleAll() {
        try {
            for (ServedQueue served : servedQueues.all()) {
                sample(served, backlogs.computeIfAbsent(served, this::register));
            }
        } catch (Throwable e) {
            LOGGER.error(
                    "Sampling queue depth and lag failed unexpectedly; trying again in {}: {}",
                    interval,
                    Redaction.describe(e));
        }
    }

    private void sample(ServedQueue served, Backlog backlog) {
        try {
            Map<JobState, Long> counts = queue.countUnfinished(served.tenant(), served.type());
            Optional<JobId> oldestScheduled = oldest.oldestScheduled(served.tenant(), served.type());
            long now = queue.settings().clock().millis();
            long lag = oldestScheduled
                    .map(id -> Math.max(0, now - id.timestampMillis()))
                    .orElse(0L);
            backlog.update(counts, lag);
            if (backlog.failing) {
                backlog.failing = false;
                LOGGER.info(
                        "Sampling queue depth and lag of {} jobs for tenant {} works again",
                        served.name(),
                        served.tenant());
            }
        } catch (RuntimeException e) {
            backlog.unknown();
            if (!backlog.failing) {
                backlog.failing = true;
                LOGGER.warn(
                        "Sampling queue depth and lag of {} jobs for tenant {} failed; the gauges show NaN "
                                + "and sampling goes on every {}: {}",
                        served.name(),
                        served.tenant(),
                        interval,
                        Redaction.describe(e));
            }
        }
    }

    private Backlog register(ServedQueue served) {
        Backlog backlog = new Backlog();
        String tenant = served.tenant().toString();
        for (JobState state : List.of(JobState.SCHEDULED, JobState.PROCESSING)) {
            Gauge.builder("jobqueue.queue.depth", backlog, b -> b.depth(state))
                    .description("Jobs of a type and tenant in a state, sampled")
                    .tags("type", served.name(), "tenant", tenant, "state", tagValue(state))
                    .strongReference(true)
                    .register(registry);
        }
        TimeGauge.builder("jobqueue.queue.lag", backlog, TimeUnit.MILLISECONDS, b -> b.lagMillis)
                .description("How long the oldest due scheduled job of a type and tenant has waited, sampled")
                .tags("type", served.name(), "tenant", tenant)
                .strongReference(true)
                .register(registry);
        return backlog;
    }

    /** The state as a tag value: {@code scheduled}, {@code processing}, {@code done}, {@code failed}. */
    static String tagValue(JobState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    /** The last sample of one queue; NaN before the first and after a failed one. */
    private static final class Backlog {

        private final Map<JobState, Double> depth = new EnumMap<>(JobState.class);
        private volatile double lagMillis = Double.NaN;
        private volatile boolean failing;

        synchronized double depth(JobState state) {
            return depth.getOrDefault(state, Double.NaN);
        }

        synchronized void update(Map<JobState, Long> counts, long lagMillis) {
            for (JobState state : JobState.values()) {
                depth.put(state, counts.getOrDefault(state, 0L).doubleValue());
            }
            this.lagMillis = lagMillis;
        }

        synchronized void unknown() {
            depth.clear();
            lagMillis = Double.NaN;
        }
    }
}
