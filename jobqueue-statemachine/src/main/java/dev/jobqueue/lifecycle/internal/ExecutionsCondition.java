package dev.jobqueue.lifecycle.internal;

/**
 * The guard of a declared transition, on {@code pending_execution}.
 *
 * @since 0.1.0
 */
public enum ExecutionsCondition {

    /** No guard: the transition is taken whatever {@code pending_execution} is. */
    ANY(""),
    /** Taken only when {@code pending_execution > 0}. */
    EXECUTIONS_LEFT("executions left"),
    /** Taken only when {@code pending_execution <= 0}. */
    NO_EXECUTIONS_LEFT("no executions left");

    private final String label;

    ExecutionsCondition(String label) {
        this.label = label;
    }

    /** Whether a job with or without executions left passes this guard. */
    public boolean admits(boolean executionsLeft) {
        return this == ANY || (this == EXECUTIONS_LEFT) == executionsLeft;
    }

    /** The guard as the diagram writes it: {@code executions left}, or empty for no guard. */
    public String label() {
        return label;
    }

    /** The guard that admits exactly this input. */
    public static ExecutionsCondition exactly(boolean executionsLeft) {
        return executionsLeft ? EXECUTIONS_LEFT : NO_EXECUTIONS_LEFT;
    }
}
