package dev.jobqueue.lifecycle;

import static dev.jobqueue.lifecycle.Effect.COMPLETE_CORRELATED;
import static dev.jobqueue.lifecycle.Effect.SCHEDULE_NEXT_RUN;
import static dev.jobqueue.lifecycle.Effect.SCHEDULE_RETRY;
import static dev.jobqueue.lifecycle.JobEvent.CLAIM;
import static dev.jobqueue.lifecycle.JobEvent.COMPLETE;
import static dev.jobqueue.lifecycle.JobEvent.COMPLETE_BY_CORRELATION;
import static dev.jobqueue.lifecycle.JobEvent.DECLINE_RETRY;
import static dev.jobqueue.lifecycle.JobEvent.FAIL_NOT_RETRYABLE;
import static dev.jobqueue.lifecycle.JobEvent.FAIL_RETRY;
import static dev.jobqueue.lifecycle.JobEvent.LOSE_LEASE;
import static dev.jobqueue.lifecycle.JobEvent.RELEASE;
import static dev.jobqueue.lifecycle.JobEvent.RESCHEDULE;

/** The built-in sub-states and transitions: the seed's codes plus 32 rescheduled, and RELEASE back to 10. */
final class StandardLifecycle {

    private StandardLifecycle() {
    }

    /** A definition holding the built-in declarations, ready for an application's. */
    static LifecycleDefinition definition() {
        LifecycleDefinition definition = new LifecycleDefinition();
        declareSubStates(definition);
        for (int scheduled : new int[] {10, 11}) {
            definition.transitionIfExecutionsLeft(scheduled, CLAIM, 20)
                    .transitionIfNoExecutionsLeft(scheduled, CLAIM, 43)
                    .transition(scheduled, COMPLETE_BY_CORRELATION, 31);
        }
        definition.transition(20, COMPLETE, 30, COMPLETE_CORRELATED)
                .transitionIfExecutionsLeft(20, FAIL_RETRY, 44, SCHEDULE_RETRY)
                .transitionIfNoExecutionsLeft(20, FAIL_RETRY, 43)
                .transition(20, FAIL_NOT_RETRYABLE, 42)
                .transition(20, DECLINE_RETRY, 45)
                .transitionIfExecutionsLeft(20, LOSE_LEASE, 41, SCHEDULE_RETRY)
                .transitionIfNoExecutionsLeft(20, LOSE_LEASE, 43)
                .transition(20, RESCHEDULE, 32, SCHEDULE_NEXT_RUN)
                .transition(20, RELEASE, 10);
        definition.startCustomizing();
        return definition;
    }

    private static void declareSubStates(LifecycleDefinition definition) {
        definition.subState(10, "scheduled")
                .subState(11, "scheduled-default")
                .subState(20, "processing")
                .subState(30, "done")
                .subState(31, "done-by-correlation")
                .subState(32, "rescheduled")
                .subState(41, "internal-error")
                .subState(42, "application-error")
                .subState(43, "no-retry-left")
                .subState(44, "retry-scheduled")
                .subState(45, "retry-declined");
    }
}
