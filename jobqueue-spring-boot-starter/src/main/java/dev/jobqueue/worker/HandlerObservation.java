package dev.jobqueue.worker;

import dev.jobqueue.internal.TraceHeaders;
import dev.jobqueue.observation.DefaultJobRunObservationConvention;
import dev.jobqueue.observation.JobRunContext;
import dev.jobqueue.observation.JobRunObservationConvention;
import dev.jobqueue.persistence.internal.ClaimedJob;
import dev.jobqueue.persistence.internal.JobQueue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observes each handler run as one {@code jobqueue.run} observation (issue #17). A tracer that
 * asks the run's carrier for headers gets those stored when the job was scheduled, read from the
 * database at that moment, so the run's span continues the scheduling trace; without a tracer
 * nothing is read. The stored contexts of jobs that ended for good are deleted in batches.
 */
final class HandlerObservation {

    /** A run of the handler, which may throw anything. */
    @FunctionalInterface
    interface Handler {
        void run() throws Throwable;
    }

    static final HandlerObservation NONE = new HandlerObservation(ObservationRegistry.NOOP, null, null);

    private static final Logger LOGGER = LoggerFactory.getLogger(HandlerObservation.class);
    private static final JobRunObservationConvention DEFAULT = new DefaultJobRunObservationConvention();

    private final ObservationRegistry registry;
    private final @Nullable JobRunObservationConvention convention;
    private final @Nullable JobQueue queue;
    private final Queue<String> ended = new ConcurrentLinkedQueue<>();

    HandlerObservation(
            ObservationRegistry registry, @Nullable JobRunObservationConvention convention, @Nullable JobQueue queue) {
        this.registry = registry;
        this.convention = convention;
        this.queue = queue;
    }

    /**
     * Deletes the stored contexts of the jobs that ended for good since the last call, with one
     * statement per 500; run by the maintenance thread, and once more when the workers stop.
     */
    void deleteEnded() {
        if (queue == null || ended.isEmpty()) {
            return;
        }
        List<String> groups = new ArrayList<>();
        for (String group = ended.poll(); group != null; group = ended.poll()) {
            groups.add(group);
        }
        try {
            queue.deleteTraceContexts(groups);
        } catch (RuntimeException e) {
            LOGGER.debug("Could not delete {} trace contexts; they stay until deleted by age", groups.size(), e);
        }
    }

    /** Runs {@code handler} for {@code run} inside its observation; what the handler throws is rethrown. */
    void observe(JobRun run, String typeName, Handler handler) throws Throwable {
        if (registry.isNoop()) {
            handler.run();
            return;
        }
        ClaimedJob job = run.job();
        StoredContext stored = new StoredContext(job.retryGroup());
        JobRunContext context = new JobRunContext(job.id(), job.jobType(), typeName, job.tenant(), job.attempt());
        context.setCarrier(stored::header);
        Observation observation = Observation.createNotStarted(convention, DEFAULT, () -> context, registry)
                .start();
        Throwable failure = null;
        try (Observation.Scope scope = observation.openScope()) {
            handler.run();
        } catch (Throwable t) {
            failure = t;
            observation.error(t);
        } finally {
            context.setOutcome(outcome(run, failure));
            observation.stop();
        }
        if (stored.found() && endsForGood(run, failure)) {
            stored.delete();
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static String outcome(JobRun run, @Nullable Throwable failure) {
        return run.outcome(failure, false).name().toLowerCase(Locale.ROOT);
    }

    private static boolean endsForGood(JobRun run, @Nullable Throwable failure) {
        return switch (run.outcome(failure, false)) {
            case COMPLETE, FAIL_NOT_RETRYABLE, DECLINE_RETRY, CANCELLED -> true;
            case FAIL_RETRY, TIMED_OUT -> run.executionsLeft() <= 0;
            case RESCHEDULE, ABANDONED -> false;
        };
    }

    /** The headers stored for a retry group, read once when a tracer first asks. */
    private final class StoredContext {

        private final String retryGroup;
        private @Nullable Map<String, String> headers;

        StoredContext(String retryGroup) {
            this.retryGroup = retryGroup;
        }

        @Nullable
        String header(String name) {
            if (headers == null) {
                headers = load();
            }
            return headers.get(name);
        }

        boolean found() {
            return headers != null && !headers.isEmpty();
        }

        private Map<String, String> load() {
            if (queue == null) {
                return Map.of();
            }
            try {
                return queue.traceContextOf(retryGroup)
                        .map(TraceHeaders::decode)
                        .orElse(Map.of());
            } catch (RuntimeException e) {
                LOGGER.debug(
                        "Could not read the trace context of retry group {}; the run starts a trace", retryGroup, e);
                return Map.of();
            }
        }

        void delete() {
            ended.add(retryGroup);
        }
    }
}
