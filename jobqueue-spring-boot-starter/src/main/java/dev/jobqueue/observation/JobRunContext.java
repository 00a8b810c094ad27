package dev.jobqueue.observation;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.Tenant;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The context of one {@code jobqueue.run} observation: one run of a {@code @JobHandler} method.
 * Its carrier gives the headers stored when the job was scheduled (none for a job scheduled
 * without tracing or by the Go library); jobqueue's carrier reads them from the database only when
 * a tracer asks.
 *
 * @since 0.2.0
 */
public final class JobRunContext extends ReceiverContext<Function<String, @Nullable String>> {

    private final JobId jobId;
    private final JobType jobType;
    private final String typeName;
    private final Tenant tenant;
    private final int attempt;
    private @Nullable String outcome;

    /**
     * A run's context without a carrier; {@link #setCarrier(Object)} gives it the function that
     * looks up a stored header by name.
     */
    public JobRunContext(JobId jobId, JobType jobType, String typeName, Tenant tenant, int attempt) {
        super((carrier, key) -> carrier.apply(key), Kind.CONSUMER);
        setCarrier(name -> null);
        this.jobId = jobId;
        this.jobType = jobType;
        this.typeName = typeName;
        this.tenant = tenant;
        this.attempt = attempt;
    }

    public JobId getJobId() {
        return jobId;
    }

    public JobType getJobType() {
        return jobType;
    }

    /** The name of the job's type, as its {@code @JobHandler} declares it. */
    public String getTypeName() {
        return typeName;
    }

    public Tenant getTenant() {
        return tenant;
    }

    /** Which run of its retry group this is, 1 for the first. */
    public int getAttempt() {
        return attempt;
    }

    /**
     * How the run ended, once it did: {@code complete}, {@code reschedule}, {@code fail_retry},
     * {@code fail_not_retryable}, {@code decline_retry}, {@code cancelled} or {@code timed_out};
     * null while the handler runs.
     */
    public @Nullable String getOutcome() {
        return outcome;
    }

    public void setOutcome(String outcome) {
        this.outcome = outcome;
    }
}
