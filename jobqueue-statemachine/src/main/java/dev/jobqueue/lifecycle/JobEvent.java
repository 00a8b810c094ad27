package dev.jobqueue.lifecycle;

import dev.jobqueue.domain.InvalidJobInputException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Something that happens to a job and may change its state: a worker claims it, its handler
 * completes or fails, its worker loses the lease. Events are values compared by name; the
 * built-in ones are constants here, applications name their own with {@link #of(String)}.
 *
 * @since 0.1.0
 */
public final class JobEvent implements Comparable<JobEvent> {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** A worker claims a scheduled job: it runs if executions are left, else fails with 43. */
    public static final JobEvent CLAIM = new JobEvent("CLAIM", 0);
    /** The handler succeeded. */
    public static final JobEvent COMPLETE = new JobEvent("COMPLETE", 1);
    /** Another job with the same tenant and correlation id succeeded. */
    public static final JobEvent COMPLETE_BY_CORRELATION = new JobEvent("COMPLETE_BY_CORRELATION", 2);
    /** The handler failed with an application error and wants a retry. */
    public static final JobEvent FAIL_RETRY = new JobEvent("FAIL_RETRY", 3);
    /** The handler failed with an application error that is not retried. */
    public static final JobEvent FAIL_NOT_RETRYABLE = new JobEvent("FAIL_NOT_RETRYABLE", 4);
    /** The handler failed and the caller declined a retry. */
    public static final JobEvent DECLINE_RETRY = new JobEvent("DECLINE_RETRY", 5);
    /** The worker lost its lease (it crashed or hung): an internal error. */
    public static final JobEvent LOSE_LEASE = new JobEvent("LOSE_LEASE", 6);
    /** The handler asks to run again later without counting a failure. */
    public static final JobEvent RESCHEDULE = new JobEvent("RESCHEDULE", 7);
    /**
     * The worker lost its lease before the job's run started (it died with the job waiting in
     * its buffer): the job goes back to scheduled with the execution its claim took.
     */
    public static final JobEvent RELEASE = new JobEvent("RELEASE", 8);
    /**
     * An operator cancels the job: a scheduled one never runs, a running one is stopped; both end
     * in {@code 49 cancelled}. Named so that an application's own {@code cancel} event stays its own.
     *
     * @since 0.2.0
     */
    public static final JobEvent CANCEL_JOB = new JobEvent("CANCEL_JOB", 9);
    /**
     * An operator runs a failed or cancelled job again: a new row of its retry group, due now,
     * with a fresh number of executions; the old row ends in {@code 44 retry-scheduled}.
     *
     * @since 0.2.0
     */
    public static final JobEvent RETRY_NOW = new JobEvent("RETRY_NOW", 10);
    /**
     * An operator runs a scheduled job now instead of later: a new row of its retry group, due now,
     * takes its place; the old row ends in {@code 32 rescheduled}.
     *
     * @since 0.2.0
     */
    public static final JobEvent RUN_NOW = new JobEvent("RUN_NOW", 11);

    private static final List<JobEvent> BUILT_IN = List.of(
            CLAIM,
            COMPLETE,
            COMPLETE_BY_CORRELATION,
            FAIL_RETRY,
            FAIL_NOT_RETRYABLE,
            DECLINE_RETRY,
            LOSE_LEASE,
            RESCHEDULE,
            RELEASE,
            CANCEL_JOB,
            RETRY_NOW,
            RUN_NOW);

    private final String name;
    private final int order;

    private JobEvent(String name, int order) {
        this.name = name;
        this.order = order;
    }

    /**
     * Returns the event with the given name: the built-in constant for a built-in name, else a
     * custom event.
     *
     * @param name 1 to 64 letters, digits, {@code -} or {@code _}
     * @throws InvalidJobInputException for any other name
     */
    public static JobEvent of(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidJobInputException(
                    "event",
                    "event name must be 1 to 64 letters, digits, '-' or '_'"
                            + " (like 'approve' or 'put-on-hold') but was '" + name + "'");
        }
        for (JobEvent builtIn : BUILT_IN) {
            if (builtIn.name.equals(name)) {
                return builtIn;
            }
        }
        return new JobEvent(name, BUILT_IN.size());
    }

    /** The built-in events, in the order of this class. */
    public static List<JobEvent> builtIn() {
        return BUILT_IN;
    }

    /** The event's name. */
    public String name() {
        return name;
    }

    /** The index of a built-in event in {@link #builtIn()}, or {@code builtIn().size()} for a custom one. */
    int order() {
        return order;
    }

    /** Whether this is one of the constants of this class. */
    public boolean isBuiltIn() {
        return order < BUILT_IN.size();
    }

    /** The built-in event whose name this custom name could be mistaken for, if any. */
    @Nullable
    JobEvent clashingBuiltIn() {
        String normalized = name.toUpperCase(Locale.ROOT).replace('-', '_');
        for (JobEvent builtIn : BUILT_IN) {
            if (builtIn != this && builtIn.name.equals(normalized)) {
                return builtIn;
            }
        }
        return null;
    }

    /** Built-in events first, in the order of this class, then custom events by name. */
    @Override
    public int compareTo(JobEvent other) {
        int byOrder = Integer.compare(order, other.order);
        return byOrder != 0 ? byOrder : name.compareTo(other.name);
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other == this || (other instanceof JobEvent event && event.name.equals(name));
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
