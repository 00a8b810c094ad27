package dev.jobqueue.domain;

/**
 * How many jobs match a filter, counted up to a cap: a count that stops at the cap costs at
 * most that many index entries however many jobs the tables keep.
 *
 * @param count the jobs counted, at most the cap
 * @param capped whether counting stopped at the cap: more jobs may match
 * @since 0.2.0
 */
public record JobCount(long count, boolean capped) {

    /** Most jobs one count goes through. */
    public static final int MAX_CAP = 100_000;

    /** The count of {@code matched} jobs, of which at most {@code cap} were counted. */
    public static JobCount of(long matched, int cap) {
        return matched > cap ? new JobCount(cap, true) : new JobCount(matched, false);
    }
}
