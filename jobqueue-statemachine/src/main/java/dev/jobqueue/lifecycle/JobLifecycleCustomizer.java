package dev.jobqueue.lifecycle;

/**
 * Adds an application's own sub-states and transitions to the standard lifecycle. The starter
 * applies every customizer bean, in order, before the lifecycle is built and validated.
 *
 * <pre>{@code
 * JobLifecycleCustomizer approval = definition -> definition
 *         .subState(12, "awaiting-approval")
 *         .transition(10, JobEvent.of("hold"), 12)
 *         .transition(12, JobEvent.of("approve"), 10);
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface JobLifecycleCustomizer {

    /** Declares sub-states and transitions on the given definition. */
    void customize(LifecycleDefinition definition);
}
