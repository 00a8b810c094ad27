package dev.jobqueue.domain;

/**
 * Input that jobqueue refuses before it writes anything. The message names the field and
 * what it allows.
 *
 * @since 0.1.0
 */
public class InvalidJobInputException extends JobQueueException {

    private final String field;

    public InvalidJobInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** Creates the error for a number outside its range. */
    public static InvalidJobInputException outOfRange(String field, long min, long max, Object actual) {
        return new InvalidJobInputException(
                field, field + " must be between " + min + " and " + max + " but was " + actual);
    }

    /** Name of the field that was refused, as the caller knows it. */
    public String field() {
        return field;
    }
}
