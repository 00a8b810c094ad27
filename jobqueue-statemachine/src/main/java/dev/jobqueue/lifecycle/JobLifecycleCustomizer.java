package dev.jobqueue.lifecycle;

/**
 * Adds an application's own sub-states and transitions to the standard lifecycle. The starter
 * applies every customizer bean, in order, before the lifecycle is built and validated. A custom
 * sub-state inherits the transitions declared on its state: here 12, a child of
 * {@code SCHEDULED}, is completed by correlation like every scheduled job, and is not claimable.
 *
 * <pre>{@code
 * SubState awaitingApproval = SubState.of(12);
 * JobLifecycleCustomizer approval = definition -> definition
 *         .subState(awaitingApproval, "awaiting-approval")
 *         .transition(SubState.SCHEDULED, JobEvent.of("hold"), awaitingApproval)
 *         .transition(awaitingApproval, JobEvent.of("approve"), SubState.SCHEDULED);
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface JobLifecycleCustomizer {

    /** Declares sub-states and transitions on the given definition. */
    void customize(LifecycleDefinition definition);
}
