package dev.jobqueue.domain;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How far a batch is: how many of its members have finished, and how. A member finishes when
 * its retry group ends: it succeeded, failed for good (no retry left, not retried, retry declined,
 * lost with no execution left) or was cancelled. The counts are updated in the transaction that
 * ends each member, so they are exact whichever nodes run the members.
 *
 * @param id the batch's id
 * @param tenant the tenant of its first member
 * @param total how many members it has
 * @param succeeded members that succeeded
 * @param failed members that failed for good
 * @param cancelled members an operator cancelled
 * @param createdAt when it was scheduled
 * @param finishedAt when its last member finished (its callback was scheduled then); null while running
 * @param callback the callback job's id, or null for a batch without a callback
 * @since 0.2.0
 */
public record BatchProgress(
        String id,
        Tenant tenant,
        int total,
        int succeeded,
        int failed,
        int cancelled,
        Instant createdAt,
        @Nullable Instant finishedAt,
        @Nullable JobId callback) {

    /** Members that have not finished yet. */
    public int remaining() {
        return total - succeeded - failed - cancelled;
    }

    /** Whether every member has finished. */
    public boolean finished() {
        return finishedAt != null;
    }
}
