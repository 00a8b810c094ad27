package dev.jobqueue.worker;

import dev.jobqueue.handler.JobListener;
import dev.jobqueue.handler.JobOutcome;
import dev.jobqueue.internal.Redaction;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's {@link JobListener}s, each called in turn; what one throws is logged at WARN
 * and neither reaches the worker nor keeps the others from being called.
 */
final class JobListeners {

    private static final Logger LOGGER = LoggerFactory.getLogger(JobListeners.class);

    static final JobListeners NONE = new JobListeners(List.of());

    private final List<JobListener> listeners;

    JobListeners(List<JobListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    void succeeded(JobOutcome outcome) {
        tell("succeeded", outcome, JobListener::succeeded);
    }

    void failed(JobOutcome outcome) {
        tell("failed", outcome, JobListener::failed);
    }

    void exhausted(JobOutcome outcome) {
        tell("exhausted", outcome, JobListener::exhausted);
    }

    void recovered(JobOutcome outcome) {
        tell("recovered", outcome, JobListener::recovered);
    }

    boolean isEmpty() {
        return listeners.isEmpty();
    }

    private void tell(String event, JobOutcome outcome, BiConsumer<JobListener, JobOutcome> call) {
        for (JobListener listener : listeners) {
            try {
                call.accept(listener, outcome);
            } catch (RuntimeException e) {
                LOGGER.warn(
                        "Job listener {} failed on job {} (tenant {}, type {}) {}; the job's outcome stands: {}",
                        listener.getClass().getName(),
                        outcome.id(),
                        outcome.tenant(),
                        outcome.type(),
                        event,
                        Redaction.describe(e));
            }
        }
    }
}
