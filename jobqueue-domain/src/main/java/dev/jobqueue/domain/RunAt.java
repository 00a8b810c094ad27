package dev.jobqueue.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The range of times a MySQL {@code TIMESTAMP} column holds, and the truncation to whole
 * seconds that both the Go library and jobqueue apply to {@code process_at} and
 * {@code part}.
 *
 * @since 0.1.0
 */
public final class RunAt {

    /** Earliest instant a {@code TIMESTAMP} column holds. */
    public static final Instant MIN = Instant.parse("1970-01-01T00:00:01Z");
    /** Latest instant a {@code TIMESTAMP} column holds. */
    public static final Instant MAX = Instant.parse("2038-01-19T03:14:07Z");

    private RunAt() {}

    /**
     * Truncates {@code runAt} to whole seconds and checks it fits a {@code TIMESTAMP}.
     *
     * @param field name of the caller's field, for the error message
     * @throws InvalidJobInputException when the time is outside {@link #MIN}..{@link #MAX}
     */
    public static Instant storable(String field, Instant runAt) {
        Instant seconds = runAt.truncatedTo(ChronoUnit.SECONDS);
        if (seconds.isBefore(MIN) || seconds.isAfter(MAX)) {
            throw new InvalidJobInputException(
                    field,
                    field + " must be between " + MIN + " and " + MAX + " (the range of a MySQL TIMESTAMP) but was "
                            + runAt);
        }
        return seconds;
    }
}
