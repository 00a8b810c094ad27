package dev.jobqueue.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A row of {@code jobs}: when a job runs and where it is in its lifecycle.
 *
 * <p>{@code state}, {@code sub_state} and {@code pending_execution} have no setters: every
 * change of them goes through the lifecycle and the queue's guarded updates.
 *
 * @since 0.1.0
 */
@Entity
@Table(name = Job.TABLE)
public class Job {

    /** Logical table name; the queue maps it to its configured base name. */
    public static final String TABLE = "jobs";

    @EmbeddedId
    private JobKey key;

    @Column(name = "tenant", nullable = false, columnDefinition = "tinyint unsigned")
    private int tenant;

    @Column(name = "correlation_id", length = 128)
    private @Nullable String correlationId;

    @Column(name = "job_type", nullable = false, columnDefinition = "tinyint unsigned")
    private int jobType;

    @Convert(converter = JobStateConverter.class)
    @Column(name = "state", nullable = false, columnDefinition = "tinyint unsigned")
    private JobState state;

    @Convert(converter = SubStateConverter.class)
    @Column(name = "sub_state", nullable = false, columnDefinition = "tinyint unsigned")
    private SubState subState;

    @Column(name = "pending_execution", nullable = false, columnDefinition = "tinyint unsigned")
    private int pendingExecution;

    @Version
    @Column(name = "version", nullable = false, columnDefinition = "tinyint unsigned")
    private int version;

    @Convert(converter = UtcInstantConverter.class)
    @Column(name = "process_at", nullable = false)
    private Instant processAt;

    @Convert(converter = UtcInstantConverter.class)
    @Column(name = "lease_expires_at")
    private @Nullable Instant leaseExpiresAt;

    @Convert(converter = UtcInstantConverter.class)
    @Column(name = "created_at", insertable = false, updatable = false)
    private @Nullable Instant createdAt;

    @Convert(converter = UtcInstantConverter.class)
    @Column(name = "updated_at", insertable = false, updatable = false)
    private @Nullable Instant updatedAt;

    protected Job() {
        // for JPA
        this.key = new JobKey();
        this.state = JobState.SCHEDULED;
        this.subState = SubState.SCHEDULED;
        this.processAt = Instant.EPOCH;
    }

    /** A new scheduled job, as the seed writes it: state 1, sub-state 10, version 1. */
    public Job(JobId id, Tenant tenant, JobType jobType, @Nullable String correlationId, int executions) {
        this.key = JobKey.of(id);
        this.tenant = tenant.value();
        this.jobType = jobType.id();
        this.correlationId = correlationId;
        this.state = JobState.SCHEDULED;
        this.subState = SubState.SCHEDULED;
        this.pendingExecution = executions;
        this.version = 1;
        this.processAt = id.part();
    }

    public JobKey getKey() {
        return key;
    }

    public JobId getId() {
        return key.jobId();
    }

    public Tenant getTenant() {
        return Tenant.of(tenant);
    }

    public @Nullable String getCorrelationId() {
        return correlationId;
    }

    public JobType getJobType() {
        return JobType.of(jobType);
    }

    public JobState getState() {
        return state;
    }

    public SubState getSubState() {
        return subState;
    }

    public int getPendingExecution() {
        return pendingExecution;
    }

    public int getVersion() {
        return version;
    }

    public Instant getProcessAt() {
        return processAt;
    }

    public @Nullable Instant getLeaseExpiresAt() {
        return leaseExpiresAt;
    }

    public @Nullable Instant getCreatedAt() {
        return createdAt;
    }

    public @Nullable Instant getUpdatedAt() {
        return updatedAt;
    }

    /** Moves the run time; a test and migration aid, never a lifecycle change. */
    public void setProcessAt(Instant processAt) {
        this.processAt = RunAt.storable("processAt", processAt);
    }

    public void setCorrelationId(@Nullable String correlationId) {
        this.correlationId = correlationId;
    }

    @Override
    public String toString() {
        return "Job[id=" + key.id() + ", part=" + key.part() + ", tenant=" + tenant + ", type=" + jobType
                + ", state=" + state.code() + "/" + subState + ", pending=" + pendingExecution
                + ", version=" + version + "]";
    }
}
