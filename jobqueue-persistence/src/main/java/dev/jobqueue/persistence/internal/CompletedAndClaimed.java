package dev.jobqueue.persistence.internal;

import java.util.List;

/**
 * What {@link JobQueue#completeAndClaim} did in its one transaction.
 *
 * @param refused finished jobs that were no longer held: nothing changed for them
 * @param claimed the jobs claimed after the completions
 */
public record CompletedAndClaimed(List<ClaimedJob> refused, ClaimBatch claimed) {

    public CompletedAndClaimed {
        refused = List.copyOf(refused);
    }
}
