package dev.jobqueue.reliability;

import java.time.LocalDateTime;
import org.jspecify.annotations.Nullable;

/**
 * One job row as the invariant checker reads it: both tables joined, times as UTC wall-clock
 * values (as jobqueue writes them).
 */
record AuditedRow(
        String id,
        int tenant,
        int jobType,
        @Nullable String correlationId,
        int state,
        int subState,
        int pendingExecution,
        LocalDateTime processAt,
        String retryGroup,
        int attempt,
        @Nullable String properties) {

    /** One handler start recorded in the {@code executions} audit. */
    record Run(String jobId, int attempt, String worker, LocalDateTime startedAt) {}

    @Override
    public String toString() {
        return id + " " + state + "/" + subState + " attempt " + attempt + " due " + processAt;
    }
}
