package dev.jobqueue.persistence.internal;

/**
 * Which scheduled jobs a successful job completes (sub-state 31) because they share its
 * correlation id. Correlation completion finishes jobs that never ran, so it is off unless a
 * job type asks for it. A blank correlation id ({@code NULL}, {@code ''} or only whitespace,
 * which the Go library writes for every job without one) never correlates anything.
 */
public enum CorrelationScope {

    /** No sibling is completed: the correlation id is only a tag for tracing and searches. */
    NONE,

    /** Scheduled jobs of the same tenant and the same job type with the same correlation id. */
    TYPE,

    /** Scheduled jobs of the same tenant, of any job type, with the same correlation id. */
    TENANT
}
