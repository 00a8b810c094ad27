package dev.jobqueue.handler;

/**
 * Told about the outcome of each job this node runs, once that outcome is committed: never for
 * an outcome that rolled back or was refused because the job had been taken away. Every
 * method does nothing by default, so a listener overrides only what it needs.
 *
 * <p>In a Spring Boot application every bean of this type is called, in {@code @Order}. The
 * methods run on jobqueue's own threads (the completion writer, a handler thread, the lease
 * recovery), after the outcome's transaction: they should be quick and must not block. An
 * exception a listener throws is logged and changes nothing, neither for the job nor for the
 * other listeners.
 *
 * <pre>{@code
 * @Component
 * class FailedJobAlerts implements JobListener {
 *
 *     @Override
 *     public void exhausted(JobOutcome outcome) {
 *         System.err.println("Job " + outcome.id() + " failed for good: " + outcome.error());
 *     }
 * }
 * }</pre>
 *
 * @since 0.2.0
 */
public interface JobListener {

    /** The handler returned normally and the job is done. */
    default void succeeded(JobOutcome outcome) {}

    /** The handler failed and the job will run again: its retry is scheduled. */
    default void failed(JobOutcome outcome) {}

    /**
     * The handler failed for good: no execution was left, the failure was not retryable, or the
     * handler declined a retry.
     */
    default void exhausted(JobOutcome outcome) {}

    /**
     * This node recovered the job after its lease expired (its worker died or stopped answering);
     * the lifecycle retried, released or failed it. The error is null.
     */
    default void recovered(JobOutcome outcome) {}
}
