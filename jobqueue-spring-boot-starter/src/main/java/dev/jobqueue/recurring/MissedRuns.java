package dev.jobqueue.recurring;

import dev.jobqueue.domain.InvalidJobInputException;

/**
 * What a schedule does with fire times that passed while no node ran it (all nodes were down, or
 * the schedule was behind by more than a minute). Fire times within the last minute are never
 * missed: they run.
 *
 * @since 0.2.0
 */
public enum MissedRuns {
    /** Missed fire times do not run; the schedule goes on with the next one. */
    SKIP(1),
    /** Missed fire times run once, as one job for the latest of them. */
    ONCE(2),
    /** Each missed fire time runs, the latest {@code missedLimit} of them. */
    EACH(3);

    private final int code;

    MissedRuns(int code) {
        this.code = code;
    }

    /** The value stored in the {@code missed} column. */
    public int code() {
        return code;
    }

    /** The policy of a stored code. */
    public static MissedRuns fromCode(int code) {
        for (MissedRuns missed : values()) {
            if (missed.code == code) {
                return missed;
            }
        }
        throw new InvalidJobInputException(
                "missed", "missed must be one of 1 (skip), 2 (once), 3 (each) but was " + code);
    }
}
