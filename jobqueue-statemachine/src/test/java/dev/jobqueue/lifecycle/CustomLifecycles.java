package dev.jobqueue.lifecycle;

import static dev.jobqueue.lifecycle.Effect.COMPLETE_CORRELATED;
import static dev.jobqueue.lifecycle.Effect.SCHEDULE_RETRY;

/** Customizations shared by the tests: the examples and a custom processing sub-state. */
final class CustomLifecycles {

    static final JobEvent HOLD = JobEvent.of("hold");
    static final JobEvent APPROVE = JobEvent.of("approve");
    static final JobEvent AWAIT_CALLBACK = JobEvent.of("await-callback");
    static final JobEvent POISON = JobEvent.of("poison");
    static final JobEvent REVIVE = JobEvent.of("revive");

    private CustomLifecycles() {
    }

    /** SCHEDULED/12 awaiting-approval, PROCESSING/21 awaiting-callback, FAILED/46 poisoned. */
    static JobLifecycleCustomizer approvalCallbackAndPoison() {
        return definition -> definition
                .subState(12, "awaiting-approval")
                .transition(10, HOLD, 12)
                .transition(12, APPROVE, 10)
                .transition(12, JobEvent.COMPLETE_BY_CORRELATION, 31)
                .subState(21, "awaiting-callback")
                .transition(20, AWAIT_CALLBACK, 21)
                .transition(21, JobEvent.COMPLETE, 30, COMPLETE_CORRELATED)
                .transitionIfExecutionsLeft(21, JobEvent.LOSE_LEASE, 41, SCHEDULE_RETRY)
                .transitionIfNoExecutionsLeft(21, JobEvent.LOSE_LEASE, 43)
                .subState(46, "poisoned")
                .transition(20, POISON, 46)
                .exitFromTerminal(46, REVIVE, 10);
    }

    static JobLifecycle approvalCallbackAndPoisonLifecycle() {
        return JobLifecycle.builder().customize(approvalCallbackAndPoison()).build();
    }
}
