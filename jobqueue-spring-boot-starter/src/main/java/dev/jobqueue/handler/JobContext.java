package dev.jobqueue.handler;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.domain.UserFields;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a running handler knows about its job, and what it may ask for.
 *
 * @since 0.1.0
 */
public interface JobContext {

    JobId id();

    Tenant tenant();

    JobType jobType();

    /** Which attempt this is, from 1: each retry counts one up; a reschedule keeps the number. */
    int attempt();

    /** Executions left after this run: how many more times a failure is retried. */
    int executionsLeft();

    @Nullable
    String correlationId();

    UserFields userFields();

    /**
     * Extends the lease now. Running handlers are heartbeaten automatically; call this from a
     * long step to be sure.
     *
     * @throws dev.jobqueue.persistence.internal.JobLostException when the job was taken away
     */
    void heartbeat();

    /**
     * Asks to run again at {@code runAt} instead of completing, without counting a failure.
     * Takes effect when the handler returns normally.
     */
    void rescheduleAt(Instant runAt);

    /** As {@link #rescheduleAt(Instant)}, after {@code delay}. */
    void rescheduleIn(Duration delay);

    /**
     * Declines any retry: the job fails with sub-state 45 when the handler returns or throws.
     */
    void declineRetry();

    /**
     * Whether an operator cancelled this job while it ran. The node learns it at its next
     * heartbeat; the job has then ended (sub-state 49) and whatever the handler returns is
     * dropped. A handler should stop soon: after {@code jobqueue.types.<name>.cancel-grace} its
     * thread is interrupted.
     *
     * @since 0.2.0
     */
    default boolean isCancelled() {
        return false;
    }
}
