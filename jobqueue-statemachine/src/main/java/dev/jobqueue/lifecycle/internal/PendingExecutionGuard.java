package dev.jobqueue.lifecycle.internal;

import dev.jobqueue.lifecycle.JobEvent;
import org.springframework.statemachine.StateContext;
import org.springframework.statemachine.guard.Guard;

/** Reads the extended-state variable {@value LifecycleModel#PENDING_EXECUTION}. */
final class PendingExecutionGuard implements Guard<Integer, JobEvent> {

    private final ExecutionsCondition condition;

    PendingExecutionGuard(ExecutionsCondition condition) {
        this.condition = condition;
    }

    @Override
    public boolean evaluate(StateContext<Integer, JobEvent> context) {
        Integer pending = context.getExtendedState().get(LifecycleModel.PENDING_EXECUTION, Integer.class);
        if (pending == null) {
            throw new IllegalStateException("the extended-state variable " + LifecycleModel.PENDING_EXECUTION
                    + " must be set before an event is sent");
        }
        return condition.admits(pending > 0);
    }

    @Override
    public String toString() {
        return condition.label();
    }
}
