package dev.jobqueue.domain;

/**
 * A job type: the {@code job_type} column, a TINYINT UNSIGNED. The Go library uses type 0
 * too, so every value of the column is a valid type.
 *
 * @param id 0..255
 * @since 0.1.0
 */
public record JobType(int id) {

    public JobType {
        if (id < 0 || id > 255) {
            throw InvalidJobInputException.outOfRange("jobType", 0, 255, id);
        }
    }

    public static JobType of(int id) {
        return new JobType(id);
    }

    @Override
    public String toString() {
        return Integer.toString(id);
    }
}
