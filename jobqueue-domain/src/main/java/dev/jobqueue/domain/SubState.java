package dev.jobqueue.domain;

/**
 * The {@code sub_state} column: a refinement of the {@link JobState}, coded
 * {@code state * 10 + k} with k in 0..9. The seed's codes are constants here; applications
 * add their own through the lifecycle, which also gives every code its name.
 *
 * @param code 10..49
 * @since 0.1.0
 */
public record SubState(int code) {

    /** Scheduled, ready to run when due. */
    public static final SubState SCHEDULED = new SubState(10);
    /** The DDL default, which no code writes; read as {@link #SCHEDULED}. */
    public static final SubState SCHEDULED_DEFAULT = new SubState(11);
    /** Claimed by a jobqueue worker. The Go library leaves 10 on a claimed row instead. */
    public static final SubState PROCESSING = new SubState(20);
    /** Done: its handler succeeded. */
    public static final SubState DONE = new SubState(30);
    /** Done because another job with the same tenant and correlation id succeeded. */
    public static final SubState DONE_BY_CORRELATION = new SubState(31);
    /** Done with this run; the handler asked to run again later, in a new row of the retry group. */
    public static final SubState RESCHEDULED = new SubState(32);
    /** Failed: its worker lost the lease (crashed or hung); retried when executions remain. */
    public static final SubState FAILED_INTERNAL = new SubState(41);
    /** Failed: the handler threw an exception that is not retried. */
    public static final SubState FAILED_APPLICATION = new SubState(42);
    /** Failed: no execution left. */
    public static final SubState FAILED_NO_RETRY_LEFT = new SubState(43);
    /** Failed, and a retry row was scheduled in the same retry group. */
    public static final SubState FAILED_RETRY_SCHEDULED = new SubState(44);
    /** Failed, and the handler declined a retry. */
    public static final SubState FAILED_RETRY_DECLINED = new SubState(45);
    /**
     * Cancelled by an operator: it never ran, or its run was stopped. A FAILED code, so the Go
     * library reads it as finished and never claims it.
     *
     * @since 0.2.0
     */
    public static final SubState CANCELLED = new SubState(49);

    public SubState {
        if (code < 10 || code > 49) {
            throw new InvalidJobInputException(
                    "subState",
                    "subState must follow state * 10 + k with state 1..4 and k 0..9 (10..49) but was " + code);
        }
    }

    public static SubState of(int code) {
        return new SubState(code);
    }

    /** The state this sub-state refines: {@code code / 10}. */
    public JobState state() {
        return JobState.fromCode(code / 10);
    }

    @Override
    public String toString() {
        return Integer.toString(code);
    }
}
