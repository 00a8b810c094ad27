package dev.jobqueue.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * Makes a new job unique within its tenant: while a job scheduled with the same key is in one of
 * {@link #states()} (by default scheduled or processing), scheduling another returns that job's
 * id instead, or fails with a {@link DuplicateJobException} when {@link #failIfTaken()}.
 *
 * <pre>{@code
 * scheduler.job(INVOICE, invoice).unique("invoice-" + orderId).schedule();
 * scheduler.job(INVOICE, invoice).unique(UniqueKey.of("invoice-" + orderId).failingIfTaken()).schedule();
 * }</pre>
 *
 * @param value at most 191 characters, not blank
 * @param states the states in which a job holds its key; at least one
 * @param failIfTaken whether scheduling fails, rather than returning the holder's id
 * @since 0.2.0
 */
public record UniqueKey(String value, Set<JobState> states, boolean failIfTaken) {

    /** Longest key, in characters: the key column is a {@code VARCHAR(191)} of utf8mb4. */
    public static final int MAX_LENGTH = 191;

    public UniqueKey {
        if (value == null || value.isBlank()) {
            throw new InvalidJobInputException("uniqueKey", "uniqueKey must not be blank but was '" + value + "'");
        }
        int length = value.codePointCount(0, value.length());
        if (length > MAX_LENGTH) {
            throw new InvalidJobInputException(
                    "uniqueKey", "uniqueKey must be at most " + MAX_LENGTH + " characters but was " + length);
        }
        if (states == null || states.isEmpty()) {
            throw new InvalidJobInputException(
                    "uniqueKey.states",
                    "uniqueKey.states must name at least one of " + Set.of(JobState.values()) + " but was " + states);
        }
        states = Set.copyOf(states);
    }

    /** A key held while the job is scheduled or processing; a second job gets the holder's id. */
    public static UniqueKey of(String value) {
        return new UniqueKey(value, EnumSet.of(JobState.SCHEDULED, JobState.PROCESSING), false);
    }

    /** This key, held while the job is in one of {@code states}. */
    public UniqueKey heldWhile(JobState first, JobState... more) {
        return new UniqueKey(value, EnumSet.of(first, more), failIfTaken);
    }

    /** This key, with scheduling failing with {@link DuplicateJobException} while it is held. */
    public UniqueKey failingIfTaken() {
        return new UniqueKey(value, states, true);
    }

    /** Whether a job in {@code state} holds the key. */
    public boolean heldIn(JobState state) {
        return states.contains(state);
    }
}
