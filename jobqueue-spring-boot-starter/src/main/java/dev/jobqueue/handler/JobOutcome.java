package dev.jobqueue.handler;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.Tenant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link JobListener} is told about a job whose outcome was committed.
 *
 * @param id the job
 * @param type its type
 * @param tenant its tenant
 * @param attempt which attempt of the job this was, from 1; 0 when the row does not say (a row the
 *     Go library wrote, seen by lease recovery)
 * @param error what the handler threw; null when it succeeded, declined a retry without throwing,
 *     or when the job was recovered
 * @since 0.2.0
 */
public record JobOutcome(
        JobId id,
        JobType type,
        Tenant tenant,
        int attempt,
        @Nullable Throwable error) {

    public JobOutcome {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(tenant, "tenant");
    }
}
